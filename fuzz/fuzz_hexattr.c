/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_hexattr.c - the sysfs hex attribute parser (vg_parse_hex_attr), the
 * one every vendor/device/class read goes through. Differential: the input is
 * accepted exactly when it is "0x" or "0X", 1+ hex digits and at most one
 * trailing newline, with a value that fits 32 bits; the value is then the
 * digits' value. */
#include <string.h>

#include "fuzz.h"
#include "sysfs.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The reference: what the kernel's "%#x\n" / "0x%04x\n" can print. */
static int reference(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	size_t i = 2;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X') || hexval(s[2]) < 0)
		return -1;
	for (; hexval(s[i]) >= 0; i++) {
		v = v * 16 + (uint64_t)hexval(s[i]);
		if (v > 0xffffffffu)
			return -1;
	}
	if (s[i] == '\n')
		i++;
	if (s[i] != '\0')
		return -1;
	*out = (uint32_t)v;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t got = 0, want = 0;
	char *s;
	int r, ref;

	if (size > 64)
		return 0;
	s = fuzz_dup(data, size, 1);
	r = vg_parse_hex_attr(s, &got);
	ref = reference(s, &want);
	CHECK((r == 0) == (ref == 0));
	if (r == 0)
		CHECK(got == want);
	free(s);
	return 0;
}
