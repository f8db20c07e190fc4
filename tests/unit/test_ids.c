/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_ids.c - id, address and group parsers: what SPEC accepts, and every
 * near miss that must be refused rather than guessed. */
#include "../../lib/hex.h"
#include "../../lib/ids.h"
#include "../../lib/params.h"
#include "../../lib/report.h"
#include "../../lib/sysfs.h"
#include "tap.h"

struct id_case {
	const char *in;
	int ok;
	uint32_t v, d, sv, sd;
};

#define A VG_ANY
static const struct id_case id_cases[] = {
    {"10de:13d7", 1, 0x10de, 0x13d7, A, A},
    {"10DE:13D7", 1, 0x10de, 0x13d7, A, A},
    {"1:2", 1, 1, 2, A, A},
    {"10de:*", 1, 0x10de, A, A, A},
    {"*:*", 1, A, A, A, A},
    {"10de:1b81:1458:3702", 1, 0x10de, 0x1b81, 0x1458, 0x3702},
    {"10de:1b81:*:3702", 1, 0x10de, 0x1b81, A, 0x3702},
    {"1234:zzzz", 0, 0, 0, 0, 0},
    {"10de", 0, 0, 0, 0, 0},
    {"10de:", 0, 0, 0, 0, 0},
    {":13d7", 0, 0, 0, 0, 0},
    {"10de:13d7:1458", 0, 0, 0, 0, 0},
    {"10de:13d7:1458:3702:1", 0, 0, 0, 0, 0},
    {"010de:13d7", 0, 0, 0, 0, 0},
    {"10de:13d7 ", 0, 0, 0, 0, 0},
    {"10de::13d7", 0, 0, 0, 0, 0},
    {"10de:**", 0, 0, 0, 0, 0},
    {"0x10:13d7", 0, 0, 0, 0, 0},
    {"", 0, 0, 0, 0, 0},
};

struct addr_case {
	const char *in;
	int ok;
	uint32_t dom;
	unsigned bus, slot, func;
};

static const struct addr_case addr_cases[] = {
    {"01:00.0", 1, 0, 1, 0, 0},
    {"0000:01:00.0", 1, 0, 1, 0, 0},
    {"0000:0a:1f.7", 1, 0, 0xa, 0x1f, 7},
    {"1:0.1", 1, 0, 1, 0, 1},
    {"10000:00:02.0", 1, 0x10000, 0, 2, 0},
    {"ffff:ff:1f.7", 1, 0xffff, 0xff, 0x1f, 7},
    {"01:00", 0, 0, 0, 0, 0},
    {"01:00.8", 0, 0, 0, 0, 0},
    {"01:20.0", 0, 0, 0, 0, 0},
    {"001:00.0", 0, 0, 0, 0, 0},
    {"0000:100:00.0", 0, 0, 0, 0, 0},
    {"01:00.0x", 0, 0, 0, 0, 0},
    {"01:00.00", 0, 0, 0, 0, 0},
    {"x9", 0, 0, 0, 0, 0},
    {"0:0:0:00.0", 0, 0, 0, 0, 0},
    {".0", 0, 0, 0, 0, 0},
    {":01:00.0", 0, 0, 0, 0, 0},
    {"", 0, 0, 0, 0, 0},
};

struct group_case {
	const char *in;
	int ok;
	uint32_t g;
};

static const struct group_case group_cases[] = {
    {"0", 1, 0},	  {"12", 1, 12},	 {"2147483647", 1, 0x7fffffff},
    {"2147483648", 0, 0}, {"99999999999", 0, 0}, {"-1", 0, 0},
    {"+1", 0, 0},	  {"1a", 0, 0},		 {"", 0, 0},
    {" 1", 0, 0},	  {"0x10", 0, 0},
};

struct hex_case {
	const char *in;
	size_t max;
	int want; /* digits read, or -EINVAL */
	uint32_t value;
};

static const struct hex_case hex_cases[] = {
    {"1f", 4, 2, 0x1f},
    {"10de:", 4, 4, 0x10de},
    {"12345", 4, 4, 0x1234}, /* a fixed-width field stops, the caller decides */
    {"AbC", 8, 3, 0xabc},
    {"", 8, -EINVAL, 0},
    {"g1", 8, -EINVAL, 0},
    {"-1", 8, -EINVAL, 0},
    {" 1", 8, -EINVAL, 0},
    {"ffffffff", SIZE_MAX, 8, 0xffffffffu},
    {"100000000", SIZE_MAX, -EINVAL, 0},
    {"000000001", SIZE_MAX, 9, 1},
};

struct attr_case {
	const char *in;
	int ok;
	uint32_t value;
};

static const struct attr_case attr_cases[] = {
    {"0x10de\n", 1, 0x10de},
    {"0X030000", 1, 0x030000},
    {"0xffffffff\n", 1, 0xffffffffu},
    {"0x", 0, 0},
    {"0x-1", 0, 0},
    {"0x 1", 0, 0},
    {"0x0x1", 0, 0},
    {"10de", 0, 0},
    {"0x10de\n\n", 0, 0},
    {"0x100000000", 0, 0},
    {"0x1g", 0, 0},
};

static void test_hex(void)
{
	size_t i;

	for (i = 0; i < sizeof(hex_cases) / sizeof(hex_cases[0]); i++) {
		const struct hex_case *c = &hex_cases[i];
		const char *s = c->in;
		uint32_t v = 0;
		int r = vg_hex_digits(&s, c->max, &v);

		tap_ok(r == c->want && (r < 0 ? s == c->in : v == c->value && s == c->in + r),
		       "hex digits '%s' (max %zu)", c->in, c->max);
	}
	for (i = 0; i < sizeof(attr_cases) / sizeof(attr_cases[0]); i++) {
		uint32_t v = 0;
		int r = vg_parse_hex_attr(attr_cases[i].in, &v);
		char q[64];

		vg_escape(attr_cases[i].in, q, sizeof(q), false); /* newlines off the TAP line */
		tap_ok(attr_cases[i].ok ? r == 0 && v == attr_cases[i].value : r == -EINVAL,
		       "hex attribute '%s'", q);
	}
}

void test_ids(void)
{
	test_hex();
	size_t i;

	for (i = 0; i < sizeof(id_cases) / sizeof(id_cases[0]); i++) {
		const struct id_case *c = &id_cases[i];
		struct vg_id id = {0, 0, 0, 0};
		int r = vg_parse_id(c->in, &id);

		tap_ok(c->ok ? (r == 0 && id.vendor == c->v && id.device == c->d &&
				id.subvendor == c->sv && id.subdevice == c->sd)
			     : r < 0,
		       "parse_id '%s' %s", c->in, c->ok ? "accepted" : "refused");
	}
	for (i = 0; i < sizeof(addr_cases) / sizeof(addr_cases[0]); i++) {
		const struct addr_case *c = &addr_cases[i];
		struct vg_addr a = {0, 0, 0, 0};
		int r = vg_parse_addr(c->in, &a);

		tap_ok(c->ok ? (r == 0 && a.domain == c->dom && a.bus == c->bus &&
				a.slot == c->slot && a.func == c->func)
			     : r < 0,
		       "parse_addr '%s' %s", c->in, c->ok ? "accepted" : "refused");
	}
	for (i = 0; i < sizeof(group_cases) / sizeof(group_cases[0]); i++) {
		const struct group_case *c = &group_cases[i];
		uint32_t g = 0;
		int r = vg_parse_group(c->in, &g);

		tap_ok(c->ok ? (r == 0 && g == c->g) : r < 0, "parse_group '%s' %s", c->in,
		       c->ok ? "accepted" : "refused");
	}

	{
		struct vg_id id;
		struct vg_addr a, b;
		char s[VG_ADDR_STR];

		vg_parse_id("10de:*:1458:*", &id);
		tap_ok(vg_id_matches(&id, 0x10de, 0x1b81, 0x1458, 0x3702) &&
			   !vg_id_matches(&id, 0x10de, 0x1b81, 0x1043, 0x3702) &&
			   !vg_id_matches(&id, 0x1002, 0x1b81, 0x1458, 0x3702),
		       "id wildcards match any value, fixed fields must be equal");
		vg_parse_addr("0000:0a:1f.7", &a);
		vg_addr_format(&a, s, sizeof(s));
		tap_streq(s, "0000:0a:1f.7", "address formats as sysfs names it");
		vg_parse_addr("0a:1f.7", &b);
		tap_ok(vg_addr_cmp(&a, &b) == 0, "domain defaults to 0000");
		vg_parse_addr("0000:0a:1f.6", &b);
		tap_ok(vg_addr_cmp(&b, &a) < 0 && vg_addr_cmp(&a, &b) > 0,
		       "addresses order by function last");
	}
	{
		/* An ids entry inside a wider one (issue 17 "Bad input"). */
		static const char *const in[] = {"10de:1e87", "10de:*",	   "10de:1e87:1458:*",
						 "1002:*",    "10de:1e87", "1002:67df:*:3702",
						 "*:*:1458:*"};
		struct vg_id ids[7];

		for (i = 0; i < 7; i++)
			vg_parse_id(in[i], &ids[i]);
		tap_ok(vg_id_covered_by(ids, 7, 0) == 1, "10de:1e87 is inside 10de:*");
		tap_ok(vg_id_covered_by(ids, 7, 1) == -1, "10de:* is inside nothing");
		tap_ok(vg_id_covered_by(ids, 7, 2) == 0,
		       "a subsystem-narrowed entry is inside the plain one before it");
		tap_ok(vg_id_covered_by(ids, 7, 4) == 0 && vg_id_covered_by(ids, 5, 0) == 1,
		       "of two equal entries the later is inside the earlier, not both ways");
		tap_ok(vg_id_covered_by(ids, 2, 0) == 1 && vg_id_covered_by(ids, 1, 0) == -1,
		       "only the first n entries count");
		tap_ok(vg_id_covered_by(ids, 7, 5) == 3, "1002:67df:*:3702 is inside 1002:*");
		tap_ok(vg_id_covered_by(ids, 7, 6) == -1,
		       "*:*:1458:* is wider than every vendor entry, inside none");
	}
}
