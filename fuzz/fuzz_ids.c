/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_ids.c - the id, address and group parsers (ids.h). Invariant: what
 * parses, re-formatted, parses to the same value, and every value is in its
 * field's range. Input: the first byte picks the parser, the rest is the
 * string (up to 64 bytes, as a command-line list item is at most 40). */
#include <string.h>

#include "fuzz.h"
#include "ids.h"

static void fmt_field(char *out, size_t len, uint32_t v)
{
	if (v == VG_ANY)
		snprintf(out, len, "*");
	else
		snprintf(out, len, "%x", (unsigned)v);
}

static void check_id(const char *s)
{
	struct vg_id id, again;
	char f[4][12], buf[64];

	if (vg_parse_id(s, &id) < 0)
		return;
	CHECK(id.vendor == VG_ANY || id.vendor <= 0xffff);
	CHECK(id.device == VG_ANY || id.device <= 0xffff);
	CHECK(id.subvendor == VG_ANY || id.subvendor <= 0xffff);
	CHECK(id.subdevice == VG_ANY || id.subdevice <= 0xffff);
	fmt_field(f[0], sizeof(f[0]), id.vendor);
	fmt_field(f[1], sizeof(f[1]), id.device);
	fmt_field(f[2], sizeof(f[2]), id.subvendor);
	fmt_field(f[3], sizeof(f[3]), id.subdevice);
	snprintf(buf, sizeof(buf), "%s:%s:%s:%s", f[0], f[1], f[2], f[3]);
	CHECK(vg_parse_id(buf, &again) == 0);
	CHECK(memcmp(&id, &again, sizeof(id)) == 0);
	/* An id matches the function it names exactly. */
	CHECK(vg_id_matches(&id, id.vendor, id.device, id.subvendor, id.subdevice));
}

static void check_addr(const char *s)
{
	struct vg_addr a, again;
	char buf[VG_ADDR_STR];

	memset(&a, 0, sizeof(a));
	memset(&again, 0, sizeof(again));
	if (vg_parse_addr(s, &a) < 0)
		return;
	CHECK(a.slot < 32 && a.func < 8);
	vg_addr_format(&a, buf, sizeof(buf));
	CHECK(vg_parse_addr(buf, &again) == 0);
	CHECK(vg_addr_cmp(&a, &again) == 0);
}

static void check_group(const char *s)
{
	uint32_t g, again;
	char buf[16];

	if (vg_parse_group(s, &g) < 0)
		return;
	CHECK(g <= 0x7fffffffu);
	snprintf(buf, sizeof(buf), "%u", (unsigned)g);
	CHECK(vg_parse_group(buf, &again) == 0 && again == g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size < 1 || size > 65)
		return 0;
	s = fuzz_dup(data + 1, size - 1, 1);
	switch (data[0] % 4) {
	case 0:
		check_id(s);
		break;
	case 1:
		check_addr(s);
		break;
	case 2:
		check_group(s);
		break;
	default:
		check_id(s);
		check_addr(s);
		check_group(s);
		break;
	}
	free(s);
	return 0;
}
