/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_sriov.c - vfio-gpu.vfs and vfio-gpu.reset through the one parser, and
 * the VF addresses the kernel computes from offset and stride. */
#include <stdlib.h>

#include "../../lib/params.h"
#include "../../lib/report.h"
#include "tap.h"

static struct vg_config cfg;

static void parse(const char *s)
{
	vg_config_parse(&cfg, s, strlen(s));
}

static const char *addr(const struct vg_addr *a)
{
	static char buf[VG_ADDR_STR];

	vg_addr_format(a, buf, sizeof(buf));
	return buf;
}

static void test_vfs_parse(void)
{
	parse("vfio-gpu.vfs=0000:03:00.0:4,04:00.1:65535 vfio-gpu.vfs=0001:05:00.0:1");
	tap_ok(cfg.n_vfs == 3 && cfg.n_bad == 0, "vfs: three entries accumulate, none bad");
	tap_streq(addr(&cfg.vfs[0].pf), "0000:03:00.0", "vfs: the PF's address");
	tap_ok(cfg.vfs[0].count == 4, "vfs: the count");
	tap_streq(addr(&cfg.vfs[1].pf), "0000:04:00.1", "vfs: the domain defaults to 0000");
	tap_ok(cfg.vfs[1].count == 65535, "vfs: 65535 (the 16-bit TotalVFs field) is accepted");
	tap_streq(addr(&cfg.vfs[2].pf), "0001:05:00.0", "vfs: a later key adds to the list");
	tap_ok(vg_config_selects(&cfg), "vfs: a vfs entry selects (it names the VFs it creates)");

	parse("vfio-gpu.vfs=03:00.0:0,03:00.0:65536,03:00.0,03:00.0:x,03:00.0:-1,"
	      "03:00.0@8086:10c9:2,zz:00.0:2,03:00.0:");
	tap_ok(cfg.n_vfs == 0, "vfs: no bad form is kept");
	tap_streq(
	    test_bad_lines(&cfg),
	    "bad vfio-gpu.vfs token='03:00.0:0'|bad vfio-gpu.vfs token='03:00.0:65536'|"
	    "bad vfio-gpu.vfs token='03:00.0'|bad vfio-gpu.vfs token='03:00.0:x'|"
	    "bad vfio-gpu.vfs token='03:00.0:-1'|bad vfio-gpu.vfs token='03:00.0@8086:10c9:2'|"
	    "bad vfio-gpu.vfs token='zz:00.0:2'|bad vfio-gpu.vfs token='03:00.0:'",
	    "vfs: every bad form is quoted and skipped");
	parse("vfio-gpu.vfs=03:00.0:2,bad,04:00.0:1");
	tap_ok(cfg.n_vfs == 2 && cfg.n_bad == 1, "vfs: the valid tokens of a list still apply");
	parse("vfio-gpu.vfs");
	tap_streq(test_bad_lines(&cfg), "bad vfio-gpu.vfs token=''",
		  "vfs: no value is a bad token");
}

static void test_reset_parse(void)
{
	parse("vfio-gpu.reset=0000:03:00.0:device_specific,04:00.0:flr");
	tap_ok(cfg.n_resets == 2 && cfg.n_bad == 0, "reset: two entries");
	tap_streq(addr(&cfg.resets[0].addr), "0000:03:00.0", "reset: the address");
	tap_streq(cfg.resets[0].method, "device_specific", "reset: the method");
	tap_streq(cfg.resets[1].method, "flr", "reset: a second method");
	tap_ok(!vg_config_selects(&cfg), "reset: a reset entry selects nothing by itself");

	parse("vfio-gpu.reset=03:00.0:FLR,03:00.0:,03:00.0,03:00.0:flr-pm,"
	      "03:00.0:a_method_name_far_too_long,03:00.0:fl2");
	tap_ok(cfg.n_resets == 0, "reset: no bad form is kept");
	tap_streq(test_bad_lines(&cfg),
		  "bad vfio-gpu.reset token='03:00.0:FLR'|bad vfio-gpu.reset token='03:00.0:'|"
		  "bad vfio-gpu.reset token='03:00.0'|bad vfio-gpu.reset token='03:00.0:flr-pm'|"
		  "bad vfio-gpu.reset token='03:00.0:a_method_name_far_too_long'|"
		  "bad vfio-gpu.reset token='03:00.0:fl2'",
		  "reset: every bad form is quoted and skipped");
}

struct vf_case {
	const char *pf;
	unsigned offset, stride, n;
	const char *want; /* NULL: out of range */
};

/* igb (82576) PF 01:00.0: offset 128 stride 2 -> 01:10.0, 01:10.2, ...;
 * an ARI device with offset 1 stride 1 keeps its VFs on bus 3 as
 * functions 1.. of devfn; ids past bus 255 do not exist. */
static const struct vf_case vf_cases[] = {
    {"0000:01:00.0", 128, 2, 0, "0000:01:10.0"}, {"0000:01:00.0", 128, 2, 1, "0000:01:10.2"},
    {"0000:01:00.0", 128, 2, 7, "0000:01:11.6"}, {"0000:01:00.1", 128, 2, 0, "0000:01:10.1"},
    {"0000:03:00.0", 1, 1, 0, "0000:03:00.1"},	 {"0000:03:00.0", 1, 1, 7, "0000:03:01.0"},
    {"0000:03:00.0", 1, 1, 255, "0000:04:00.0"}, {"0001:fe:00.0", 256, 1, 0, "0001:ff:00.0"},
    {"0000:ff:00.0", 256, 1, 0, NULL},		 {"0000:ff:1f.7", 1, 1, 0, NULL},
};

static void test_vf_addr(void)
{
	size_t i;

	for (i = 0; i < sizeof(vf_cases) / sizeof(vf_cases[0]); i++) {
		const struct vf_case *c = &vf_cases[i];
		struct vg_addr pf, vf;
		int r;

		vg_parse_addr(c->pf, &pf);
		r = vg_vf_addr(&pf, c->offset, c->stride, c->n, &vf);
		if (c->want)
			tap_streq(r == 0 ? addr(&vf) : "(error)", c->want,
				  "vf addr: %s offset %u stride %u VF %u", c->pf, c->offset,
				  c->stride, c->n);
		else
			tap_ok(r == -ERANGE, "vf addr: %s offset %u stride %u VF %u passes bus 255",
			       c->pf, c->offset, c->stride, c->n);
	}
}

void test_sriov(void)
{
	test_vfs_parse();
	test_reset_parse();
	test_vf_addr();
}
