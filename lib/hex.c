/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hex.c - hex digits to a value, bounded in digits and in value: no sign,
 * blank or "0x" accepted, unlike strtoul's. */
#include "hex.h"

#include <errno.h>

int vg_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int vg_hex_digits(const char **sp, size_t max, uint32_t *out)
{
	const char *s = *sp;
	uint64_t v = 0;
	size_t n;
	int d;

	for (n = 0; n < max && (d = vg_hexval((unsigned char)s[n])) >= 0; n++) {
		v = v << 4 | (uint64_t)d;
		if (v > 0xffffffffu)
			return -EINVAL;
	}
	if (n == 0)
		return -EINVAL;
	*sp = s + n;
	*out = (uint32_t)v;
	return (int)n;
}
