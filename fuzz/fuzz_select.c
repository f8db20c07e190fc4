/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_select.c - a command line against a fixed machine, through the parser,
 * the selector and vg_select, and the same bytes as one --validate argument.
 * The oracle re-derives SPEC rules 1-3 from the parsed lists without the
 * selector: nothing the command line says may claim a bridge, a function of
 * a group nobody selected, or a disk/NIC/boot VGA without its consent; and
 * --validate prints exactly one well-formed line whatever the argument. */
#include <string.h>

#include "fuzz.h"
#include "log.h"
#include "params.h"
#include "report.h"
#include "select.h"
#include "validate.h"

/* addr, vendor, device, class, header, group, boot_vga, bad */
static const struct fdev {
	const char *addr;
	uint32_t vendor, device, class;
	int header, group, boot_vga;
	unsigned bad;
} machine[] = {
    {"0000:00:00.0", 0x8086, 0x3e30, 0x060000, 0, 0, 0, 0},
    {"0000:00:01.0", 0x8086, 0x1901, 0x060400, 1, 1, 0, 0},
    {"0000:00:02.0", 0x1234, 0x1111, 0x030000, 0, 2, 1, 0},
    {"0000:00:17.0", 0x8086, 0xa352, 0x010601, 0, 3, 0, 0},
    {"0000:00:1f.0", 0x8086, 0xa305, 0x060100, 0, 4, 0, 0},
    {"0000:00:1f.3", 0x8086, 0xa348, 0x040300, 0, 4, 0, 0},
    {"0000:00:1f.6", 0x8086, 0x15bc, 0x020000, 0, 4, 0, 0},
    {"0000:01:00.0", 0x10de, 0x1e87, 0x030000, 0, 1, 0, 0},
    {"0000:01:00.1", 0x10de, 0x10f8, 0x040300, 0, 1, 0, 0},
    {"0000:02:00.0", 0x1b36, 0x000d, 0x000000, 0, 5, 0, VG_BAD_IDS | VG_BAD_CLASS},
    {"0000:02:00.1", 0x1b36, 0x0001, 0x030000, 0, 5, 0, 0},
    {"0001:03:00.0", 0x1af4, 0x1050, 0x030000, 0, VG_NO_GROUP, 0, 0},
};
#define N_DEVS (sizeof(machine) / sizeof(machine[0]))

static struct vg_dev devs[N_DEVS];
static struct vg_config cfg;

static bool bridge(const struct vg_dev *d)
{
	return d->header_type != 0 || (d->class >> 16) == 0x06;
}

static bool holds_function(const struct vg_addr *a)
{
	size_t i;

	for (i = 0; i < N_DEVS; i++)
		if (vg_addr_cmp(&devs[i].addr, a) == 0)
			return true;
	return false;
}

static bool by_ids(const struct vg_dev *d, bool exact_only)
{
	unsigned i;

	for (i = 0; i < cfg.n_ids && !(d->bad & VG_BAD_IDS); i++)
		if (vg_id_matches(&cfg.ids[i], d->vendor, d->device, d->subvendor, d->subdevice) &&
		    (!exact_only || (cfg.ids[i].vendor != VG_ANY && cfg.ids[i].device != VG_ANY)))
			return true;
	return false;
}

static bool by_addrs(const struct vg_dev *d)
{
	unsigned i;

	for (i = 0; i < cfg.n_addrs; i++)
		if (vg_addr_cmp(&cfg.addrs[i], &d->addr) == 0)
			return true;
	return false;
}

static bool group_named(int g)
{
	unsigned i;

	for (i = 0; i < cfg.n_groups && g != VG_NO_GROUP; i++)
		if (cfg.groups[i] == (uint32_t)g)
			return true;
	return false;
}

/* The claim of function c is allowed by SPEC rules 1-3. */
static bool claim_allowed(size_t c)
{
	int g = devs[c].group;
	bool selected = group_named(g);
	size_t i;

	if (bridge(&devs[c]) || g == VG_NO_GROUP)
		return false;
	for (i = 0; i < N_DEVS; i++) {
		const struct vg_dev *d = &devs[i];
		uint32_t base = d->class >> 16;

		if (d->group != g)
			continue;
		if (d->bad)
			return false;
		if ((base == 0x01 || base == 0x02) && !by_addrs(d) && !by_ids(d, true))
			return false;
		if (d->boot_vga && !by_addrs(d) && !group_named(g) && !cfg.boot_vga)
			return false;
		selected = selected || (!bridge(d) && (by_ids(d, false) || by_addrs(d)));
	}
	return selected;
}

static void check_validate(const uint8_t *data, size_t size)
{
	char out[64 * 1024], *arg = fuzz_dup(data, size, 1), *nl;
	FILE *f = fmemopen(out, sizeof(out), "w");
	int r;

	CHECK(f != NULL);
	r = vg_validate(&arg, 1, f);
	CHECK(fclose(f) == 0);
	nl = strchr(out, '\n');
	/* One line, whatever the argument holds. */
	CHECK(nl != NULL && nl[1] == '\0');
	CHECK((r == 0 && strncmp(out, "ok ", 3) == 0) ||
	      (r == 1 && strncmp(out, "bad ", 4) == 0 && strstr(out, " reason=") != NULL));
	free(arg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_pci pci = {devs, N_DEVS, true};
	struct vg_plan plan;
	unsigned claims = 0, refused = 0;
	size_t i;

	if (size > 2 * VG_CMDLINE_MAX)
		return 0;
	vg_log_open(NULL, false);
	for (i = 0; i < N_DEVS; i++) {
		const struct fdev *m = &machine[i];

		memset(&devs[i], 0, sizeof(devs[i]));
		CHECK(vg_parse_addr(m->addr, &devs[i].addr) == 0);
		snprintf(devs[i].name, sizeof(devs[i].name), "%s", m->addr);
		devs[i].vendor = m->vendor;
		devs[i].device = m->device;
		devs[i].subvendor = devs[i].subdevice = 0x1462;
		devs[i].class = m->class;
		devs[i].header_type = m->header;
		devs[i].group = m->group;
		devs[i].boot_vga = m->boot_vga;
		devs[i].bad = m->bad;
	}
	vg_config_parse(&cfg, (const char *)data, size);
	CHECK(vg_select(&cfg, &pci, &plan) == 0);
	for (i = 0; i < plan.n; i++) {
		const struct vg_line *l = &plan.lines[i];

		/* address order; a pin whose address holds nothing is the one
		 * line without a function (rule 6: refused as changed, found=none) */
		CHECK(i == 0 || vg_addr_cmp(&plan.lines[i - 1].addr, &l->addr) <= 0);
		if (l->dev == VG_NO_DEV) {
			CHECK(l->kind == VG_LINE_REFUSE && l->reason == VG_REASON_CHANGED);
			CHECK(!holds_function(&l->addr));
			refused++;
			continue;
		}
		CHECK(l->dev < N_DEVS);
		if (l->kind == VG_LINE_CLAIM) {
			CHECK(claim_allowed(l->dev));
			claims++;
		} else if (l->kind == VG_LINE_SKIP) {
			CHECK(bridge(&devs[l->dev]));
		} else {
			refused++;
		}
	}
	CHECK(claims == plan.n_claims && refused == plan.n_refused);
	vg_plan_free(&plan);
	check_validate(data, size);
	return 0;
}
