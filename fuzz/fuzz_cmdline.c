/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_cmdline.c - the kernel command line as the binder reads it: the
 * tokeniser and interpreter (vg_config_parse), the module options taken from
 * it (vg_config_module_args) and the plan line of every malformed token
 * (vg_format_bad). Invariants: nothing is selected that the input does not
 * name, a plan line is one line of printable text, module options never
 * overrun their buffer and are left unchanged when they do not fit. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "params.h"
#include "report.h"

static struct vg_config cfg; /* ~40 KiB: not on the stack */

/* Case-insensitive substring: ids are hex and may be written in capitals. */
static int contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle), i, j;

	for (i = 0; i + n <= len; i++) {
		for (j = 0; j < n; j++)
			if (tolower((unsigned char)hay[i + j]) != needle[j])
				break;
		if (j == n)
			return 1;
	}
	return 0;
}

static void check_printable_line(const char *s)
{
	for (; *s; s++)
		CHECK(*s >= 0x20 && *s < 0x7f);
}

static void check_module_args(const char *mod)
{
	char small[24], big[600], before[24];
	int r;

	strcpy(small, "x=1");
	strcpy(before, small);
	r = vg_config_module_args(&cfg, mod, small, sizeof(small));
	CHECK(r == 0 || r == -E2BIG);
	CHECK(memchr(small, '\0', sizeof(small)) != NULL);
	if (r == -E2BIG)
		CHECK(strcmp(small, before) == 0);
	else
		CHECK(strncmp(small, "x=1", 3) == 0);
	big[0] = '\0';
	r = vg_config_module_args(&cfg, mod, big, sizeof(big));
	CHECK(r == 0 || r == -E2BIG);
	CHECK(memchr(big, '\0', sizeof(big)) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_dup(data, size, 0);
	/* The kernel keeps COMMAND_LINE_SIZE - 1 bytes; a line that long may be
	 * cut (a newline at the end is /proc/cmdline's, not the line's). */
	size_t keep = vg_cmdline_size_native() - 1;
	size_t line_len = size && data[size - 1] == '\n' ? size - 1 : size;
	size_t len = line_len >= keep ? keep : size;
	char line[VG_LINE_MAX], want[32];
	unsigned i;

	vg_config_parse(&cfg, in, size);
	CHECK(cfg.n_ids <= VG_MAX_ITEMS && cfg.n_addrs <= VG_MAX_ITEMS &&
	      cfg.n_groups <= VG_MAX_ITEMS && cfg.n_bad <= VG_MAX_BAD);
	CHECK(cfg.n_args <= VG_MAX_ARGS);
	CHECK(cfg.cmdline_truncated == (line_len >= keep));
	for (i = 0; i < cfg.n_args; i++) {
		CHECK(cfg.args[i].key >= cfg.buf && cfg.args[i].key <= cfg.buf + len);
		CHECK(!cfg.args[i].val ||
		      (cfg.args[i].val >= cfg.buf && cfg.args[i].val <= cfg.buf + len));
	}

	/* Selected only when the input names it, value by value. */
	if (cfg.n_ids)
		CHECK(contains(in, len, "vfio-gpu.ids"));
	if (cfg.n_addrs)
		CHECK(contains(in, len, "vfio-gpu.addrs"));
	if (cfg.n_groups)
		CHECK(contains(in, len, "vfio-gpu.groups"));
	for (i = 0; i < cfg.n_ids; i++) {
		const struct vg_id *id = &cfg.ids[i];

		CHECK(id->vendor == VG_ANY || id->vendor <= 0xffff);
		CHECK(id->device == VG_ANY || id->device <= 0xffff);
		if (id->vendor != VG_ANY) {
			snprintf(want, sizeof(want), "%x", (unsigned)id->vendor);
			CHECK(contains(in, len, want));
		}
		if (id->device != VG_ANY) {
			snprintf(want, sizeof(want), "%x", (unsigned)id->device);
			CHECK(contains(in, len, want));
		}
	}
	for (i = 0; i < cfg.n_addrs; i++) {
		const struct vg_addr *a = &cfg.addrs[i];

		CHECK(a->slot < 32 && a->func < 8);
		snprintf(want, sizeof(want), "%x", a->bus);
		CHECK(contains(in, len, want));
		snprintf(want, sizeof(want), "%x.%u", a->slot, (unsigned)a->func);
		CHECK(contains(in, len, want));
	}
	for (i = 0; i < cfg.n_groups; i++) {
		CHECK(cfg.groups[i] <= 0x7fffffffu);
		snprintf(want, sizeof(want), "%u", (unsigned)cfg.groups[i]);
		CHECK(contains(in, len, want));
	}

	/* A malformed token becomes one plan line: printable, never two lines. */
	for (i = 0; i < cfg.n_bad; i++) {
		vg_format_bad(&cfg.bad[i], line, sizeof(line));
		CHECK(strncmp(line, "bad ", 4) == 0);
		check_printable_line(line);
	}

	check_module_args("vfio");
	check_module_args("vfio_pci");
	check_module_args("vfio-pci-core");
	check_module_args("vfio_iommu_type1");
	(void)vg_config_value(&cfg, "intel_iommu");
	free(in);
	return 0;
}
