/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_conffile.c - the selection file as the binder reads it (comments
 * stripped, the command line's tokeniser across lines, only our keys and the
 * vfio modules' options kept), followed by a fixed command line.
 * Invariants: the line's entry always comes after the file's and is never
 * marked as the file's, no file bit is set beyond its list, every kept token
 * is ours or a vfio module option, a bad token of the file names a line that
 * exists, and its plan line is one printable line. */
#include <string.h>

#include "conffile.h"
#include "fuzz.h"
#include "params.h"
#include "report.h"

static struct vg_config cfg; /* ~45 KiB: not on the stack */

static const char line_text[] = "vfio-gpu.ids=abcd:1234 vfio-gpu.off=0";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = fuzz_dup(data, size, 0);
	size_t len = size > VG_CONF_MAX ? VG_CONF_MAX : size, i;
	unsigned lines = 1, k;
	char out[VG_LINE_MAX];

	for (i = 0; i < len; i++)
		lines += in[i] == '\n';
	vg_config_begin(&cfg, 2048);
	vg_config_add_file(&cfg, VG_CONF_PATH, in, size);
	vg_config_add_cmdline(&cfg, line_text, strlen(line_text));

	CHECK(cfg.n_ids >= 1 || cfg.n_bad + cfg.n_bad_lost > 0 || cfg.args_lost > 0);
	if (cfg.n_ids && !cfg.args_lost) {
		const struct vg_id *last = &cfg.ids[cfg.n_ids - 1];

		CHECK(cfg.n_ids == VG_MAX_ITEMS ||
		      (last->vendor == 0xabcd && last->device == 0x1234 &&
		       !(cfg.file_ids & (UINT64_C(1) << (cfg.n_ids - 1)))));
	}
	CHECK(!cfg.off || cfg.n_ids == VG_MAX_ITEMS || cfg.args_lost);
	CHECK(cfg.n_ids >= 64 || !(cfg.file_ids >> cfg.n_ids));
	CHECK(cfg.n_addrs >= 64 || !(cfg.file_addrs >> cfg.n_addrs));
	CHECK(cfg.n_groups >= 64 || !(cfg.file_groups >> cfg.n_groups));
	CHECK(cfg.from_file || (!cfg.file_ids && !cfg.file_addrs && !cfg.file_groups));
	for (i = 0; i < cfg.n_args; i++) {
		const char *key = cfg.args[i].key;
		bool in_file = key >= cfg.fbuf && key <= cfg.fbuf + len;

		CHECK(in_file || (key >= cfg.buf && key < cfg.buf + sizeof(cfg.buf)));
		if (in_file)
			CHECK(strncmp(key, "vfio", 4) == 0);
	}
	for (k = 0; k < cfg.n_bad; k++) {
		CHECK(cfg.bad[k].line <= lines);
		CHECK(!cfg.bad[k].line || cfg.bad[k].file == cfg.conf_name);
		vg_format_bad(&cfg.bad[k], out, sizeof(out));
		CHECK(strncmp(out, "bad ", 4) == 0);
		for (i = 0; out[i]; i++)
			CHECK(out[i] >= 0x20 && out[i] < 0x7f);
	}
	free(in);
	return 0;
}
