/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_pin.c - the addrs entry grammar with its pin (vg_parse_addr_pin,
 * SPEC rule 6): [DDDD:]BB:SS.F[@VVVV:DDDD[:SSSS:ssss]]. The oracle is a
 * second, independent reading of the grammar (counted hex runs, no shared
 * code): the parser accepts exactly what it accepts, tells a bad address
 * from a bad pin as it does, and what parses, formatted again as
 * ADDR@PIN, parses to the same entry. */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "hex.h"
#include "ids.h"

/* A run of 1..max hex digits followed by a byte of seps, or by the NUL
 * when nul_ok; its value in *v. Returns the digits read, or 0. */
static size_t run(const char *s, size_t max, const char *seps, int nul_ok, unsigned long *v)
{
	size_t n = 0;

	*v = 0;
	while (vg_hexval((unsigned char)s[n]) >= 0) {
		*v = *v * 16 + (unsigned long)vg_hexval((unsigned char)s[n]);
		if (++n > max)
			return 0;
	}
	if (n == 0 || (s[n] == '\0' ? !nul_ok : strchr(seps, s[n]) == NULL))
		return 0;
	return n;
}

/* The address alone (the bytes before the '@' or the NUL): two or three
 * ':'-separated hex parts of 1..8 digits, the last one ending in ".F". */
static int oracle_addr(const char *s, size_t len)
{
	char a[64];
	unsigned long v[3];
	size_t dig[3], k = 0, parts = 0;

	if (len >= sizeof(a))
		return 0;
	memcpy(a, s, len);
	a[len] = '\0';
	for (;;) {
		size_t n;

		if (parts == 3 || (n = run(a + k, 8, ":.", 0, &v[parts])) == 0)
			return 0;
		dig[parts++] = n;
		k += n + 1;
		if (a[k - 1] == '.')
			break;
	}
	if (parts < 2 || a[k] < '0' || a[k] > '7' || a[k + 1] != '\0')
		return 0;
	/* Bus and slot are the last two parts: two digits at most, slot < 32. */
	return dig[parts - 2] <= 2 && dig[parts - 1] <= 2 && v[parts - 1] <= 0x1f;
}

/* VVVV:DDDD or VVVV:DDDD:SSSS:ssss, 1..4 hex digits each, nothing else. */
static int oracle_pin(const char *s)
{
	unsigned long v;
	size_t fields = 0, n;

	for (;;) {
		n = run(s, 4, ":", 1, &v);
		if (n == 0)
			return 0;
		fields++;
		if (s[n] == '\0')
			break;
		s += n + 1;
	}
	return fields == 2 || fields == 4;
}

static void check(const char *s)
{
	const char *at = strchr(s, '@');
	size_t alen = at ? (size_t)(at - s) : strlen(s);
	int want = !oracle_addr(s, alen) ? -EINVAL : at && !oracle_pin(at + 1) ? -EBADMSG : 0;
	struct vg_addr a, a2;
	struct vg_id p, p2;
	char buf[64], as[VG_ADDR_STR], ps[VG_PIN_STR];
	int r = vg_parse_addr_pin(s, &a, &p);

	CHECK(r == want);
	if (r != 0) {
		CHECK(!vg_pin_set(&p));
		return;
	}
	CHECK(vg_pin_set(&p) == (at != NULL));
	CHECK(a.slot < 32 && a.func < 8);
	CHECK(!vg_pin_set(&p) || (p.vendor <= 0xffff && p.device <= 0xffff));
	CHECK((p.subvendor == VG_ANY) == (p.subdevice == VG_ANY));
	vg_addr_format(&a, as, sizeof(as));
	vg_pin_format(&p, ps, sizeof(ps));
	snprintf(buf, sizeof(buf), "%s%s%s", as, at ? "@" : "", at ? ps : "");
	CHECK(vg_parse_addr_pin(buf, &a2, &p2) == 0);
	CHECK(vg_addr_cmp(&a, &a2) == 0 && memcmp(&p, &p2, sizeof(p)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 64)
		return 0;
	s = fuzz_dup(data, size, 1);
	if (strlen(s) == size)
		check(s);
	free(s);
	return 0;
}
