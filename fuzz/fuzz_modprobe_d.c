/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_modprobe_d.c - "options" lines of a modprobe.d file
 * (vg_modprobe_options). Invariants: the result is 0 or -E2BIG, the output
 * stays inside its buffer and NUL-terminated, what was there before is kept
 * as its prefix, and the words are joined by single spaces (no newline can
 * reach the module's argument string). The spacing checks apply to text:
 * a NUL inside a file (never in a real one) ends the C string early. */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "modprobe_d.h"

static const char *const names[] = {"vfio_pci", "vfio-pci", "vfio", "vfio_iommu_type1"};

static void check_out(const char *out, size_t outlen, const char *prefix, int text)
{
	size_t len;

	CHECK(memchr(out, '\0', outlen) != NULL);
	len = strlen(out);
	CHECK(strncmp(out, prefix, strlen(prefix)) == 0);
	CHECK(memchr(out, '\n', len) == NULL);
	if (!text)
		return;
	CHECK(len == 0 || (out[0] != ' ' && out[len - 1] != ' '));
	CHECK(strstr(out, "  ") == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size, 0);
	int text = memchr(buf, '\0', size) == NULL;
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char small[16] = "a=1", big[512] = "";
		int r;

		r = vg_modprobe_options(buf, size, names[i], small, sizeof(small));
		CHECK(r == 0 || r == -E2BIG);
		check_out(small, sizeof(small), "a=1", text);
		r = vg_modprobe_options(buf, size, names[i], big, sizeof(big));
		CHECK(r == 0 || r == -E2BIG);
		check_out(big, sizeof(big), "", text);
	}
	free(buf);
	return 0;
}
