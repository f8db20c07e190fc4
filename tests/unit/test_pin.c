/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_pin.c - the addrs entry grammar with its identity pin (SPEC "Kernel
 * command line", rule 6): [DDDD:]BB:SS.F[@VVVV:DDDD[:SSSS:ssss]]. A malformed
 * address and a malformed pin are told apart, because the user fixes them
 * differently; a pin is one identity, so '*' has no place in it. */
#include "../../lib/ids.h"
#include "../../lib/params.h"
#include "../../lib/validate.h"
#include "tap.h"

#define A      VG_ANY
#define E_ADDR (-EINVAL)
#define E_PIN  (-EBADMSG)

struct pin_case {
	const char *in;
	int r;
	const char *addr; /* vg_addr_format of the address */
	uint32_t v, d, sv, sd;
};

static const struct pin_case pin_cases[] = {
    {"01:00.0", 0, "0000:01:00.0", A, A, A, A},
    {"01:00.0@10de:1b81", 0, "0000:01:00.0", 0x10de, 0x1b81, A, A},
    {"0000:0a:00.1@10DE:10F0", 0, "0000:0a:00.1", 0x10de, 0x10f0, A, A},
    {"10000:01:00.0@8086:a0", 0, "10000:01:00.0", 0x8086, 0xa0, A, A},
    {"02:00.0@10de:1b81:1458:3702", 0, "0000:02:00.0", 0x10de, 0x1b81, 0x1458, 0x3702},
    {"1:0.0@1:2", 0, "0000:01:00.0", 1, 2, A, A},
    /* The address decides first: a bad address with any pin is malformed. */
    {"01:00@10de:1b81", E_ADDR, NULL, 0, 0, 0, 0},
    {"@10de:1b81", E_ADDR, NULL, 0, 0, 0, 0},
    {"x9@10de:1b81", E_ADDR, NULL, 0, 0, 0, 0},
    {"0000:0000:01:00.0@10de:1b81", E_ADDR, NULL, 0, 0, 0, 0},
    {"0123456789abcdef0123:01:00.0@1:2", E_ADDR, NULL, 0, 0, 0, 0},
    /* A pin of the wrong form. */
    {"01:00.0@", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:*", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@*:*", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:1b81:*:*", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:1b81:1458", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:1b81:1458:3702:1", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:1b81@10de:1b81", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@010de:1b81", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@zz:1b81", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@10de:1b81 ", E_PIN, NULL, 0, 0, 0, 0},
    {"01:00.0@ 10de:1b81", E_PIN, NULL, 0, 0, 0, 0},
};

static void test_grammar(void)
{
	size_t i;

	for (i = 0; i < sizeof(pin_cases) / sizeof(pin_cases[0]); i++) {
		const struct pin_case *c = &pin_cases[i];
		struct vg_addr a;
		struct vg_id p;
		char s[VG_ADDR_STR];
		int r = vg_parse_addr_pin(c->in, &a, &p);

		if (c->r != 0) {
			tap_ok(r == c->r && !vg_pin_set(&p), "pin: '%s' refused as %s", c->in,
			       c->r == E_PIN ? "a bad pin" : "a bad address");
			continue;
		}
		vg_addr_format(&a, s, sizeof(s));
		tap_ok(r == 0 && strcmp(s, c->addr) == 0 && p.vendor == c->v && p.device == c->d &&
			   p.subvendor == c->sv && p.subdevice == c->sd &&
			   vg_pin_set(&p) == (c->v != A),
		       "pin: '%s' is %s with pin %x:%x", c->in, c->addr, (unsigned)c->v,
		       (unsigned)c->d);
	}
}

static void test_format(void)
{
	struct vg_id p = {0x10de, 0x1b81, A, A}, q = {0x10de, 0x1b81, 0x1458, 0x3702}, f;
	char s[VG_PIN_STR];

	vg_pin_format(&p, s, sizeof(s));
	tap_streq(s, "10de:1b81", "pin format: vendor:device");
	vg_pin_format(&q, s, sizeof(s));
	tap_streq(s, "10de:1b81:1458:3702", "pin format: with subsystem");
	f = vg_pin_found(&p, 0x1002, 0x67df, 0x1da2, 0xe353);
	vg_pin_format(&f, s, sizeof(s));
	tap_streq(s, "1002:67df", "found: what a vendor:device pin shows of a function");
	f = vg_pin_found(&q, 0x10de, 0x1b81, 0x1043, 0x85a4);
	vg_pin_format(&f, s, sizeof(s));
	tap_streq(s, "10de:1b81:1043:85a4", "found: a subsystem pin shows the subsystem too");
}

/* The parameters keep the pin beside its address; a bad one is a bad token
 * with its own word, and the valid items of the list still apply. */
static void test_params_pins(void)
{
	static struct vg_config cfg;
	static const char line[] = "vfio-gpu.addrs=01:00.0@10de:1b81,02:00.0,03:00.0@10de "
				   "vfio-gpu.addrs=04:00.0@1002:67df:1da2:e353";

	vg_config_parse(&cfg, line, strlen(line));
	tap_ok(cfg.n_addrs == 3 && cfg.pins[0].vendor == 0x10de && cfg.pins[0].device == 0x1b81 &&
		   !vg_pin_set(&cfg.pins[1]) && cfg.pins[2].subdevice == 0xe353 &&
		   cfg.addrs[2].bus == 4,
	       "params: pins stored with their addresses, across repeated keys");
	tap_ok(cfg.n_bad == 1 && strcmp(cfg.bad[0].token, "03:00.0@10de") == 0 &&
		   strcmp(cfg.bad[0].why, "bad pin") == 0,
	       "params: a malformed pin is a bad token 'bad pin', quoted whole");
}

static const struct {
	const char *arg, *why;
} validate_pins[] = {
    {"vfio-gpu.addrs=01:00.0@10de:1b81", NULL},
    {"vfio-gpu.addrs=01:00.0@10de:1b81:1458:3702,02:00.0", NULL},
    {"vfio-gpu.addrs=01:00.0@10de", "bad-pin"},
    {"vfio-gpu.addrs=01:00.0@10de:*", "bad-pin"},
    {"vfio-gpu.addrs=01:00.0@", "bad-pin"},
    {"vfio-gpu.addrs=01:00@10de:1b81", "malformed"},
};

static void test_validate_pins(void)
{
	size_t i;

	for (i = 0; i < sizeof(validate_pins) / sizeof(validate_pins[0]); i++) {
		const char *why = vg_validate_arg(validate_pins[i].arg);

		tap_streq(why ? why : "ok", validate_pins[i].why ? validate_pins[i].why : "ok",
			  "validate: %s", validate_pins[i].arg);
	}
}

void test_pin(void)
{
	test_grammar();
	test_format();
	test_params_pins();
	test_validate_pins();
}
