/* SPDX-License-Identifier: GPL-2.0-or-later */
/* select.c - SPEC "What gets claimed", rules 1-3, as one pass over the IOMMU
 * groups. A group is the unit: it is claimed whole (bridges aside) or refused
 * whole, and the first offending function, in address order, is the one the
 * refusal names. How the command line names each function is asked once, of
 * the compiled selector. */
#include "select.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pciclass.h"
#include "selector.h"

const char *vg_by_name(enum vg_by by)
{
	static const char *const names[] = {"ids", "addrs", "groups", "group"};

	return names[by];
}

const char *vg_line_target(const struct vg_line *l)
{
	return l->target[0] ? l->target : "vfio_pci";
}

const char *vg_reason_name(enum vg_reason reason)
{
	static const char *const names[] = {"-",	  "bridge",	    "protected", "boot-vga",
					    "unreadable", "no-iommu-group", "changed"};

	return names[reason];
}

struct pass {
	const struct vg_pci *pci;
	const struct vg_config *cfg;
	const unsigned char *named; /* VG_NAMED_* of each function */
	const struct vg_selector *sel;
	struct vg_plan *plan;
	size_t cap;
};

static int add_line(struct pass *ps, enum vg_line_kind kind, size_t dev, int group, enum vg_by by,
		    enum vg_reason reason)
{
	struct vg_plan *plan = ps->plan;
	struct vg_line *l;

	if (plan->n == ps->cap) {
		size_t ncap = ps->cap ? ps->cap * 2 : 16;
		struct vg_line *nl = realloc(plan->lines, ncap * sizeof(*nl));

		if (!nl)
			return -ENOMEM;
		plan->lines = nl;
		ps->cap = ncap;
	}
	l = &plan->lines[plan->n++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->dev = dev;
	l->group = group;
	l->by = by;
	l->reason = reason;
	if (dev == VG_NO_DEV)
		return 0;
	l->addr = ps->pci->devs[dev].addr;
	l->pinned = kind == VG_LINE_CLAIM && (ps->named[dev] & VG_NAMED_PINNED);
	if (reason == VG_REASON_CHANGED)
		l->want = *vg_selector_changed(ps->sel, &ps->pci->devs[dev]);
	return 0;
}

static bool is_bridge(const struct pass *ps, size_t i)
{
	return vg_dev_is_bridge(&ps->pci->devs[i]);
}

/* Rule 1: ids and addrs select the group of what they name; groups select it
 * directly. Rule 3: a bridge never selects, whatever names it. */
static bool selects(const struct pass *ps, size_t i)
{
	unsigned named = ps->named[i];

	if (named & (VG_NAMED_GROUPS | VG_NAMED_CHANGED))
		return true;
	return (named & (VG_NAMED_IDS | VG_NAMED_ADDRS)) && !is_bridge(ps, i);
}

/* Rule 3: why this member makes its group unsafe to take, or VG_REASON_NONE. */
static enum vg_reason offence(const struct pass *ps, size_t i)
{
	const struct vg_dev *d = &ps->pci->devs[i];
	unsigned named = ps->named[i];
	uint32_t base = vg_class_base(d->class);

	if (d->bad)
		return VG_REASON_UNREADABLE;
	/* Only an address or an exact id names a disk or a NIC: wildcards and
	 * group expansion never drag one in. */
	if ((base == VG_CLASS_STORAGE || base == VG_CLASS_NETWORK) &&
	    !(named & (VG_NAMED_ADDRS | VG_NAMED_EXACT)))
		return VG_REASON_PROTECTED;
	/* Naming the boot VGA by address or its group is consent; ids are not. */
	if (d->boot_vga && !(named & (VG_NAMED_ADDRS | VG_NAMED_GROUPS)) && !ps->cfg->boot_vga)
		return VG_REASON_BOOT_VGA;
	return VG_REASON_NONE;
}

static enum vg_by claimed_by(unsigned named)
{
	if (named & VG_NAMED_ADDRS)
		return VG_BY_ADDRS;
	if (named & VG_NAMED_IDS)
		return VG_BY_IDS;
	if (named & VG_NAMED_GROUPS)
		return VG_BY_GROUPS;
	return VG_BY_GROUP;
}

/* A bridge that ids or addrs named is reported and left alone (in a refused
 * group named by number, the refusal speaks for all its members). */
static int skip_named_bridges(struct pass *ps, const size_t *m, size_t n, int g)
{
	size_t k;

	for (k = 0; k < n; k++)
		if ((ps->named[m[k]] & (VG_NAMED_IDS | VG_NAMED_ADDRS)) && is_bridge(ps, m[k]) &&
		    add_line(ps, VG_LINE_SKIP, m[k], g, VG_BY_GROUP, VG_REASON_BRIDGE) < 0)
			return -ENOMEM;
	return 0;
}

static int refuse(struct pass *ps, size_t dev, int g, enum vg_reason why)
{
	ps->plan->n_refused++;
	return add_line(ps, VG_LINE_REFUSE, dev, g, VG_BY_GROUP, why);
}

/* One IOMMU group, its members m in address order. */
static int plan_group(struct pass *ps, const size_t *m, size_t n, int g)
{
	enum vg_reason why = VG_REASON_NONE;
	bool selected = false;
	size_t k, offender = 0;
	unsigned claims = 0;

	if (g == VG_NO_GROUP) {
		/* Each selected function without a group is its own refusal. */
		for (k = 0; k < n; k++)
			if (selects(ps, m[k]) &&
			    refuse(ps, m[k], g,
				   ps->named[m[k]] & VG_NAMED_CHANGED ? VG_REASON_CHANGED
								      : VG_REASON_NO_GROUP) < 0)
				return -ENOMEM;
		return skip_named_bridges(ps, m, n, g);
	}
	for (k = 0; k < n && !selected; k++)
		selected = selects(ps, m[k]);
	if (!selected)
		return skip_named_bridges(ps, m, n, g);
	/* Rule 6 before anything else: a pin that does not hold. */
	for (k = 0; k < n && why == VG_REASON_NONE; k++)
		if (ps->named[offender = m[k]] & VG_NAMED_CHANGED)
			why = VG_REASON_CHANGED;
	for (k = 0; k < n && why == VG_REASON_NONE; k++)
		why = offence(ps, offender = m[k]);
	if (why != VG_REASON_NONE)
		return refuse(ps, offender, g, why) < 0 ? -ENOMEM : skip_named_bridges(ps, m, n, g);
	/* Rule 2: every function with a normal header is claimed. */
	for (k = 0; k < n; k++) {
		bool bridge = is_bridge(ps, m[k]);

		if (add_line(ps, bridge ? VG_LINE_SKIP : VG_LINE_CLAIM, m[k], g,
			     claimed_by(ps->named[m[k]]),
			     bridge ? VG_REASON_BRIDGE : VG_REASON_NONE) < 0)
			return -ENOMEM;
		claims += !bridge;
	}
	ps->plan->n_claims += claims;
	ps->plan->n_groups += claims > 0;
	return 0;
}

static const struct vg_dev *sort_devs;

static int by_group_then_addr(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int gx = sort_devs[x].group, gy = sort_devs[y].group;

	if (gx != gy)
		return gx < gy ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int by_addr(const void *a, const void *b)
{
	const struct vg_line *x = a, *y = b;
	int c = vg_addr_cmp(&x->addr, &y->addr);

	return c ? c : (int)x->kind - (int)y->kind;
}

/* Rule 6: a pinned address that holds no function is refused as changed
 * (found=none), never reported as matching nothing. */
static int refuse_empty_pins(struct pass *ps)
{
	const struct vg_config *cfg = ps->cfg;
	unsigned i;

	for (i = 0; i < cfg->n_addrs; i++) {
		struct vg_line *l;

		if ((ps->sel->addrs_hit & (UINT64_C(1) << i)) || !vg_pin_set(&cfg->pins[i]))
			continue;
		if (refuse(ps, VG_NO_DEV, VG_NO_GROUP, VG_REASON_CHANGED) < 0)
			return -ENOMEM;
		l = &ps->plan->lines[ps->plan->n - 1];
		l->addr = cfg->addrs[i];
		l->want = cfg->pins[i];
	}
	return 0;
}

/* Warn about selections that name nothing on this machine: a typo in an
 * address must not look the same as a successful boot. */
static void warn_unmatched(const struct vg_selector *sel, const struct vg_pci *pci)
{
	const struct vg_config *cfg = sel->cfg;
	char s[VG_ADDR_STR];
	unsigned i;

	for (i = 0; i < cfg->n_ids; i++)
		if (!(sel->ids_hit & (UINT64_C(1) << i)))
			vg_log(VG_WARNING, "vfio-gpu.ids entry %u matches no PCI function", i + 1);
	for (i = 0; i < cfg->n_addrs; i++) {
		if ((sel->addrs_hit & (UINT64_C(1) << i)) || vg_pin_set(&cfg->pins[i]))
			continue;
		vg_addr_format(&cfg->addrs[i], s, sizeof(s));
		vg_log(VG_WARNING, "vfio-gpu.addrs: no PCI function %s", s);
	}
	for (i = 0; i < cfg->n_groups && pci->have_groups; i++)
		if (!(sel->groups_hit & (UINT64_C(1) << i)))
			vg_log(VG_WARNING, "vfio-gpu.groups: no IOMMU group %u",
			       (unsigned)cfg->groups[i]);
}

int vg_select(const struct vg_config *cfg, const struct vg_pci *pci, struct vg_plan *plan)
{
	struct pass ps = {pci, cfg, NULL, NULL, plan, 0};
	struct vg_selector sel;
	unsigned char *named = NULL;
	size_t *order = NULL, i, j, n = pci->n;
	bool any = false;
	int r = -ENOMEM;

	memset(plan, 0, sizeof(*plan));
	if (!vg_config_selects(cfg))
		return 0;
	named = malloc(n ? n : 1);
	order = malloc((n ? n : 1) * sizeof(*order));
	if (!named || !order)
		goto out;

	vg_selector_compile(&sel, cfg);
	for (i = 0; i < n; i++) {
		named[i] = (unsigned char)vg_selector_match(&sel, &pci->devs[i]);
		any = any || (named[i] & (VG_NAMED_IDS | VG_NAMED_ADDRS));
		order[i] = i;
	}
	ps.named = named;
	ps.sel = &sel;
	warn_unmatched(&sel, pci);
	r = 0;
	if (!pci->have_groups) {
		plan->no_iommu = any || cfg->n_groups;
		goto out;
	}

	sort_devs = pci->devs;
	qsort(order, n, sizeof(*order), by_group_then_addr);
	for (i = 0; i < n && r == 0; i = j) {
		int g = pci->devs[order[i]].group;

		for (j = i + 1; j < n && pci->devs[order[j]].group == g; j++)
			;
		r = plan_group(&ps, order + i, j - i, g);
	}
	if (r == 0)
		r = refuse_empty_pins(&ps);
	if (r == 0 && plan->n > 1)
		qsort(plan->lines, plan->n, sizeof(*plan->lines), by_addr);
out:
	if (r < 0)
		vg_plan_free(plan);
	free(named);
	free(order);
	return r;
}

void vg_plan_free(struct vg_plan *plan)
{
	free(plan->lines);
	memset(plan, 0, sizeof(*plan));
}
