/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_modalias.c - modules.alias as the variant rules read it
 * (vg_alias_best, vg_alias_vfio_lines) over a buffer that is not
 * NUL-terminated, for the modaliases of a few functions. Invariants: a
 * module chosen is a non-empty word of the buffer without blanks or line
 * ends and fits its buffer; the count of wildcards is that of a line; a tie
 * names another module; compaction keeps only "alias vfio_pci:" lines and
 * gives the same answer. */
#include <string.h>

#include "fuzz.h"
#include "modalias.h"

static const struct vg_dev devs[] = {
    {.vendor = 0x10de,
     .device = 0x2342,
     .subvendor = 0x10de,
     .subdevice = 0x16eb,
     .class = 0x030200},
    {.vendor = 0x15b3, .device = 0x1021, .class = 0x020000},
    {.vendor = 0x1b36, .device = 0x0005, .subvendor = 0x1af4, .subdevice = 0x1100},
};

static void check_word(const char *w)
{
	CHECK(w[0] != '\0');
	CHECK(strpbrk(w, " \t\n") == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size, 0), *copy = fuzz_dup(data, size, 0);
	char ma[VG_MODALIAS_MAX], mod[16], tie[16], mod2[16], tie2[16];
	size_t i, n;

	n = vg_alias_vfio_lines(copy, size);
	CHECK(n <= size);
	for (i = 0; i < n; i = (size_t)((char *)memchr(copy + i, '\n', n - i) - copy) + 1) {
		CHECK(n - i >= 15 && memcmp(copy + i, "alias vfio_pci:", 15) == 0);
		if (!memchr(copy + i, '\n', n - i))
			break;
	}
	for (i = 0; i < sizeof(devs) / sizeof(devs[0]); i++) {
		int r, r2;

		vg_modalias(&devs[i], ma, sizeof(ma));
		CHECK(strlen(ma) == 53);
		r = vg_alias_best(buf, size, ma, mod, sizeof(mod), tie, sizeof(tie));
		r2 = vg_alias_best(copy, n, ma, mod2, sizeof(mod2), tie2, sizeof(tie2));
		CHECK(r == r2 && strcmp(mod, mod2) == 0 && strcmp(tie, tie2) == 0);
		if (r < 0) {
			CHECK(mod[0] == '\0' && tie[0] == '\0');
			continue;
		}
		CHECK((size_t)r <= size);
		check_word(mod);
		CHECK(memmem(buf, size, mod, strlen(mod)) != NULL);
		if (tie[0]) {
			check_word(tie);
			CHECK(strcmp(tie, mod) != 0);
		}
	}
	free(buf);
	free(copy);
	return 0;
}
