/* SPDX-License-Identifier: GPL-2.0-or-later */
/* select.c - SPEC "What gets claimed" (v3) over the IOMMU groups. A group is
 * the unit: it is claimed whole (bridges aside) or refused whole, and a card
 * (the siblings on one slot) stands or falls with all its groups. In order:
 * how the command line names each function (the compiled selector, once);
 * the cover (named, in a groups= group, or a sibling of a covered function);
 * the selected groups, closed over cards; each selected group's refusal, the
 * first that applies of changed, unreadable, protected, boot-vga, bystander;
 * refusals spread over cards (card); then the lines. Nothing is written
 * here: every decision is made before anything is claimed. */
#include "select.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pciclass.h"
#include "selector.h"

const char *vg_by_name(enum vg_by by)
{
	static const char *const names[] = {"ids", "addrs", "groups", "group", "vfs"};

	return names[by];
}

const char *vg_line_target(const struct vg_line *l)
{
	return l->target[0] ? l->target : "vfio_pci";
}

const char *vg_reason_name(enum vg_reason reason)
{
	static const char *const names[] = {"-",	"bridge",     "protected",
					    "boot-vga", "unreadable", "no-iommu-group",
					    "changed",	"bystander",  "card"};

	return names[reason];
}

/* One IOMMU group of the pass: its members are order[first..first+n). */
struct grp {
	int g;
	size_t first, n;
	bool selected;
	bool direct;	    /* selected by what it holds, not only as part of a card */
	enum vg_reason why; /* VG_REASON_NONE: claimed */
	size_t offender;
	int card_group;	   /* card: the refused group it falls with */
	unsigned char src; /* VG_SRC_* of what selected it, directly or as a card */
};

/* Per function, beside the selector's VG_NAMED_* mask. */
enum { FL_COVERED = 1u << 0 };

/* The bits of a list of n entries. */
static uint64_t vg_mask(unsigned n)
{
	return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

struct pass {
	const struct vg_pci *pci;
	const struct vg_config *cfg;
	const unsigned short *named; /* VG_NAMED_* of each function */
	const struct vg_selector *sel;
	struct vg_plan *plan;
	size_t cap;
	unsigned char *fl; /* FL_* of each function */
	size_t *slot;	   /* index of the first function on each function's slot */
	size_t *gi;	   /* index into grps of each function's group */
	size_t *order;	   /* functions by group, then address */
	struct grp *grps;
	size_t ngrps;
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
	l->card_group = VG_NO_GROUP;
	if (dev == VG_NO_DEV)
		return 0;
	l->source = (unsigned char)VG_NAMED_SRC(ps->named[dev]);
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

/* A VF is nobody's sibling, not its PF's nor another VF's: VFs are
 * separate functions the PF spawned (each its own requester id, usually
 * its own IOMMU group), placed at routing ids that may share a slot number
 * with the PF or with each other by arithmetic only (with ARI, offset 1
 * stride 1 puts eight VFs on "slot" 0 beside the PF). Treating them as one
 * card would drag every VF in when one is named, and the PF with them, and
 * refuse the lot when the PF (a NIC) is host-critical. So the card rules
 * (siblings, rule 5) leave them out; each VF stands in its own group. */
bool vg_same_slot(const struct vg_dev *a, const struct vg_dev *b)
{
	return vg_addr_same_slot(&a->addr, &b->addr) && !vg_dev_is_bridge(a) &&
	       !vg_dev_is_bridge(b) && !a->vf && !b->vf;
}

/* pci->devs is in address order, so a slot's functions are neighbours. */
static bool slot_has_display(const struct vg_pci *pci, size_t i)
{
	size_t j = i;

	while (j > 0 && vg_same_slot(&pci->devs[j - 1], &pci->devs[i]))
		j--;
	for (; j < pci->n && (j == i || vg_same_slot(&pci->devs[j], &pci->devs[i])); j++)
		if (!vg_dev_is_bridge(&pci->devs[j]) &&
		    vg_class_base(pci->devs[j].class) == VG_CLASS_DISPLAY)
			return true;
	return false;
}

bool vg_host_critical(const struct vg_pci *pci, size_t i)
{
	const struct vg_dev *d = &pci->devs[i];
	uint32_t base = vg_class_base(d->class);

	if (vg_dev_is_bridge(d))
		return false;
	if (base == VG_CLASS_STORAGE || base == VG_CLASS_NETWORK || d->boot_vga)
		return true;
	return vg_class_sub(d->class) == VG_CLASS_USB && !slot_has_display(pci, i);
}

/* Named (rule "named"): an ids or a holding addrs entry; bridges never are. */
static bool named(const struct pass *ps, size_t i)
{
	return (ps->named[i] & (VG_NAMED_IDS | VG_NAMED_ADDRS | VG_NAMED_VFS)) && !is_bridge(ps, i);
}

/* An exact name: an addrs entry, or an ids entry without '*' (rule 4). */
static bool exactly_named(const struct pass *ps, size_t i)
{
	return (ps->named[i] & (VG_NAMED_ADDRS | VG_NAMED_EXACT)) != 0;
}

/* The siblings of i: first and one past the last function of its slot. */
static size_t slot_end(const struct pass *ps, size_t i)
{
	size_t j = ps->slot[i];

	while (j < ps->pci->n && ps->slot[j] == ps->slot[i])
		j++;
	return j;
}

/* slot[], then the cover: named, in a groups= group, or a sibling of one. */
static void compute_cover(struct pass *ps)
{
	const struct vg_pci *pci = ps->pci;
	size_t i, j, e;

	for (i = 0; i < pci->n; i++)
		ps->slot[i] =
		    i > 0 && vg_same_slot(&pci->devs[i - 1], &pci->devs[i]) ? ps->slot[i - 1] : i;
	for (i = 0; i < pci->n; i = e) {
		bool covered = false;

		e = slot_end(ps, i);
		for (j = i; j < e; j++)
			covered = covered || named(ps, j) || (ps->named[j] & VG_NAMED_GROUPS);
		for (j = i; j < e; j++)
			ps->fl[j] = covered && !is_bridge(ps, j) ? FL_COVERED : 0;
	}
}

/* Rule 1 and 5: a group is selected by what it holds (a named function, a
 * groups= entry, a pinned address that does not hold), then every group of a
 * selected group's cards, until nothing changes. */
static void select_groups(struct pass *ps)
{
	const unsigned what = VG_NAMED_GROUPS | VG_NAMED_CHANGED;
	bool more = true;
	size_t i, j;

	for (i = 0; i < ps->pci->n; i++)
		if (named(ps, i) || (ps->named[i] & what)) {
			ps->grps[ps->gi[i]].selected = ps->grps[ps->gi[i]].direct = true;
			ps->grps[ps->gi[i]].src |= (unsigned char)VG_NAMED_SRC(ps->named[i]);
		}
	while (more) {
		more = false;
		for (i = 0; i < ps->pci->n; i++) {
			const struct grp *from = &ps->grps[ps->gi[i]];

			if (!from->selected || is_bridge(ps, i))
				continue;
			for (j = ps->slot[i]; j < slot_end(ps, i); j++) {
				struct grp *to = &ps->grps[ps->gi[j]];

				if (!to->selected || (to->src | from->src) != to->src) {
					to->selected = true;
					to->src |= from->src; /* the card's source comes along */
					more = true;
				}
			}
		}
	}
}

/* Why member i makes its group unsafe, for one rule of the order. */
static bool offends(const struct pass *ps, size_t i, enum vg_reason rule)
{
	const struct vg_dev *d = &ps->pci->devs[i];

	switch (rule) {
	case VG_REASON_CHANGED:
		return (ps->named[i] & VG_NAMED_CHANGED) != 0;
	case VG_REASON_UNREADABLE:
		return d->bad != 0;
	case VG_REASON_PROTECTED:
		return !d->boot_vga && vg_host_critical(ps->pci, i) && !exactly_named(ps, i);
	case VG_REASON_BOOT_VGA:
		return d->boot_vga && !is_bridge(ps, i) && !(ps->named[i] & VG_NAMED_ADDRS) &&
		       !((ps->named[i] & VG_NAMED_EXACT) && ps->cfg->boot_vga);
	case VG_REASON_BYSTANDER:
		return !is_bridge(ps, i) && !(ps->fl[i] & FL_COVERED);
	default:
		return false;
	}
}

/* Rules 3, 4 and 6 for one selected group, in the SPEC's order. */
static void judge_group(struct pass *ps, struct grp *gr)
{
	static const enum vg_reason order[] = {VG_REASON_CHANGED, VG_REASON_UNREADABLE,
					       VG_REASON_PROTECTED, VG_REASON_BOOT_VGA,
					       VG_REASON_BYSTANDER};
	size_t r, k;

	for (r = 0; r < sizeof(order) / sizeof(order[0]); r++)
		for (k = 0; k < gr->n; k++)
			if (offends(ps, ps->order[gr->first + k], order[r])) {
				gr->why = order[r];
				gr->offender = ps->order[gr->first + k];
				return;
			}
}

/* Rule 5: a refused group takes down every other group of its cards. */
static void spread_card_refusals(struct pass *ps)
{
	bool more = true;
	size_t i, j;

	while (more) {
		more = false;
		for (i = 0; i < ps->pci->n; i++) {
			const struct grp *gr = &ps->grps[ps->gi[i]];

			if (!gr->selected || gr->why == VG_REASON_NONE || is_bridge(ps, i))
				continue;
			for (j = ps->slot[i]; j < slot_end(ps, i); j++) {
				struct grp *h = &ps->grps[ps->gi[j]];

				if (h->why != VG_REASON_NONE || h->g == VG_NO_GROUP)
					continue;
				h->why = VG_REASON_CARD;
				h->offender = i;
				h->card_group = gr->g;
				more = true;
			}
		}
	}
}

static enum vg_by claimed_by(unsigned named)
{
	if (named & VG_NAMED_ADDRS)
		return VG_BY_ADDRS;
	if (named & VG_NAMED_IDS)
		return VG_BY_IDS;
	if (named & VG_NAMED_VFS)
		return VG_BY_VFS;
	if (named & VG_NAMED_GROUPS)
		return VG_BY_GROUPS;
	return VG_BY_GROUP;
}

/* A bridge that ids or addrs named is reported and left alone (in a refused
 * group the refusal speaks for all its members). */
static int skip_named_bridges(struct pass *ps, const struct grp *gr)
{
	size_t k;

	for (k = 0; k < gr->n; k++) {
		size_t i = ps->order[gr->first + k];

		if ((ps->named[i] & (VG_NAMED_IDS | VG_NAMED_ADDRS)) && is_bridge(ps, i) &&
		    add_line(ps, VG_LINE_SKIP, i, gr->g, VG_BY_GROUP, VG_REASON_BRIDGE) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The refuse line of a group, with the other members that offend alike. */
static int refuse(struct pass *ps, const struct grp *gr)
{
	struct vg_line *l;
	size_t k;

	ps->plan->n_refused++;
	if (add_line(ps, VG_LINE_REFUSE, gr->offender, gr->g, VG_BY_GROUP, gr->why) < 0)
		return -ENOMEM;
	l = &ps->plan->lines[ps->plan->n - 1];
	l->card_group = gr->card_group;
	l->source = gr->src;
	for (k = 0; k < gr->n && gr->why != VG_REASON_CARD; k++) {
		size_t i = ps->order[gr->first + k];

		if (i == gr->offender || !offends(ps, i, gr->why))
			continue;
		if (l->n_others < sizeof(l->others) / sizeof(l->others[0]))
			l->others[l->n_others++] = i;
		else
			l->more_others++;
	}
	return skip_named_bridges(ps, gr);
}

/* The lines of one group. */
static int plan_group(struct pass *ps, const struct grp *gr)
{
	unsigned claims = 0;
	size_t k;

	if (gr->g == VG_NO_GROUP) {
		/* Each selected function without a group is its own refusal. */
		for (k = 0; k < gr->n; k++) {
			size_t i = ps->order[gr->first + k];
			bool changed = ps->named[i] & VG_NAMED_CHANGED;

			if ((named(ps, i) || changed) &&
			    (ps->plan->n_refused++,
			     add_line(ps, VG_LINE_REFUSE, i, gr->g, VG_BY_GROUP,
				      changed ? VG_REASON_CHANGED : VG_REASON_NO_GROUP) < 0))
				return -ENOMEM;
		}
		return skip_named_bridges(ps, gr);
	}
	if (!gr->selected)
		return skip_named_bridges(ps, gr);
	if (gr->why != VG_REASON_NONE)
		return refuse(ps, gr);
	/* Rule 2: every function with a normal header is claimed. */
	for (k = 0; k < gr->n; k++) {
		size_t i = ps->order[gr->first + k];
		bool bridge = is_bridge(ps, i);

		if (add_line(ps, bridge ? VG_LINE_SKIP : VG_LINE_CLAIM, i, gr->g,
			     claimed_by(ps->named[i]),
			     bridge ? VG_REASON_BRIDGE : VG_REASON_NONE) < 0)
			return -ENOMEM;
		/* Not named itself: it came with its group or its card. */
		if (!(ps->named[i] & (VG_NAMED_IDS | VG_NAMED_ADDRS | VG_NAMED_GROUPS)))
			ps->plan->lines[ps->plan->n - 1].source = gr->src;
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
		ps->plan->n_refused++;
		if (add_line(ps, VG_LINE_REFUSE, VG_NO_DEV, VG_NO_GROUP, VG_BY_GROUP,
			     VG_REASON_CHANGED) < 0)
			return -ENOMEM;
		l = &ps->plan->lines[ps->plan->n - 1];
		l->addr = cfg->addrs[i];
		l->want = cfg->pins[i];
		l->source = cfg->file_addrs & (UINT64_C(1) << i) ? VG_SRC_FILE : VG_SRC_CMDLINE;
	}
	return 0;
}

/* SPEC "Honest plans": the entries that name nothing on this machine. */
static void record_unmatched(const struct vg_selector *sel, const struct vg_pci *pci,
			     struct vg_plan *plan)
{
	const struct vg_config *cfg = sel->cfg;
	uint64_t pinned = 0;
	unsigned i;

	for (i = 0; i < cfg->n_addrs; i++)
		if (vg_pin_set(&cfg->pins[i]))
			pinned |= UINT64_C(1) << i;
	plan->unmatched_ids = ~sel->ids_hit & vg_mask(cfg->n_ids);
	plan->unmatched_addrs = ~(sel->addrs_hit | pinned) & vg_mask(cfg->n_addrs);
	plan->unmatched_groups = pci->have_groups ? ~sel->groups_hit & vg_mask(cfg->n_groups) : 0;
}

/* The wider entry decides what is selected; the narrow one still counts as
 * an exact name (rule 4), which is why it is a warning and not dropped. */
bool vg_format_covered(const struct vg_config *cfg, unsigned i, char *buf, size_t len)
{
	char narrow[VG_ITEM_MAX + 32], wide[VG_ITEM_MAX + 32];
	int j = vg_id_covered_by(cfg->ids, cfg->n_ids, i);

	if (j < 0)
		return false;
	vg_format_entry(cfg, VG_LIST_IDS, i, narrow, sizeof(narrow));
	vg_format_entry(cfg, VG_LIST_IDS, (unsigned)j, wide, sizeof(wide));
	snprintf(buf, len,
		 "'%s' is inside '%s': it selects nothing more (it still counts as an exact name)",
		 narrow, wide);
	return true;
}

void vg_format_entry(const struct vg_config *cfg, int list, unsigned i, char *buf, size_t len)
{
	char a[VG_ADDR_STR], f[4][12];
	const struct vg_id *id;
	uint32_t v[4];
	unsigned k;

	if (list == VG_LIST_ADDRS) {
		vg_addr_format(&cfg->addrs[i], a, sizeof(a));
		snprintf(buf, len, "vfio-gpu.addrs=%s", a);
		return;
	}
	if (list == VG_LIST_GROUPS) {
		snprintf(buf, len, "vfio-gpu.groups=%u", (unsigned)cfg->groups[i]);
		return;
	}
	id = &cfg->ids[i];
	v[0] = id->vendor;
	v[1] = id->device;
	v[2] = id->subvendor;
	v[3] = id->subdevice;
	for (k = 0; k < 4; k++) {
		if (v[k] == VG_ANY)
			snprintf(f[k], sizeof(f[k]), "*");
		else
			snprintf(f[k], sizeof(f[k]), "%04x", (unsigned)v[k]);
	}
	if (id->subvendor == VG_ANY && id->subdevice == VG_ANY)
		snprintf(buf, len, "vfio-gpu.ids=%s:%s", f[0], f[1]);
	else
		snprintf(buf, len, "vfio-gpu.ids=%s:%s:%s:%s", f[0], f[1], f[2], f[3]);
}

/* order[] by group, grps[] one per group, gi[] each function's. */
static void group_functions(struct pass *ps)
{
	size_t i, j, n = ps->pci->n;

	for (i = 0; i < n; i++)
		ps->order[i] = i;
	sort_devs = ps->pci->devs;
	qsort(ps->order, n, sizeof(*ps->order), by_group_then_addr);
	for (i = 0; i < n; i = j) {
		struct grp *gr = &ps->grps[ps->ngrps++];

		gr->g = ps->pci->devs[ps->order[i]].group;
		gr->first = i;
		gr->card_group = VG_NO_GROUP;
		for (j = i; j < n && ps->pci->devs[ps->order[j]].group == gr->g; j++)
			ps->gi[ps->order[j]] = (size_t)(gr - ps->grps);
		gr->n = j - i;
	}
}

static int alloc_pass(struct pass *ps, size_t n)
{
	size_t m = n ? n : 1;

	ps->fl = calloc(m, 1);
	ps->slot = malloc(m * sizeof(*ps->slot));
	ps->gi = malloc(m * sizeof(*ps->gi));
	ps->order = malloc(m * sizeof(*ps->order));
	ps->grps = calloc(m, sizeof(*ps->grps));
	return ps->fl && ps->slot && ps->gi && ps->order && ps->grps ? 0 : -ENOMEM;
}

static void free_pass(struct pass *ps)
{
	free(ps->fl);
	free(ps->slot);
	free(ps->gi);
	free(ps->order);
	free(ps->grps);
}

static int plan_groups(struct pass *ps)
{
	size_t k;
	int r = 0;

	group_functions(ps);
	compute_cover(ps);
	select_groups(ps);
	/* The groups selected by what they hold first: a group that came in
	 * only with a card falls as card when the card is refused there (a
	 * wrong pin, a bystander card), rather than for its own uncovered
	 * functions; then the rest, and the card rule once more. */
	for (k = 0; k < ps->ngrps; k++)
		if (ps->grps[k].direct && ps->grps[k].g != VG_NO_GROUP)
			judge_group(ps, &ps->grps[k]);
	spread_card_refusals(ps);
	for (k = 0; k < ps->ngrps; k++)
		if (ps->grps[k].selected && !ps->grps[k].direct &&
		    ps->grps[k].why == VG_REASON_NONE && ps->grps[k].g != VG_NO_GROUP)
			judge_group(ps, &ps->grps[k]);
	spread_card_refusals(ps);
	for (k = 0; k < ps->ngrps && r == 0; k++)
		r = plan_group(ps, &ps->grps[k]);
	return r ? r : refuse_empty_pins(ps);
}

int vg_select(const struct vg_config *cfg, const struct vg_pci *pci, struct vg_plan *plan)
{
	struct pass ps;
	struct vg_selector sel;
	unsigned short *names = NULL;
	size_t i, n = pci->n;
	bool any = false;
	int r = -ENOMEM;

	memset(plan, 0, sizeof(*plan));
	memset(&ps, 0, sizeof(ps));
	if (!vg_config_selects(cfg))
		return 0;
	names = malloc((n ? n : 1) * sizeof(*names));
	if (!names || alloc_pass(&ps, n) < 0)
		goto out;
	vg_selector_compile(&sel, cfg);
	for (i = 0; i < n; i++) {
		names[i] = (unsigned short)vg_selector_match(&sel, &pci->devs[i]);
		any = any || (names[i] & (VG_NAMED_IDS | VG_NAMED_ADDRS | VG_NAMED_CHANGED));
	}
	ps = (struct pass){pci,	  cfg,	   names, &sel,	    plan,    0,
			   ps.fl, ps.slot, ps.gi, ps.order, ps.grps, 0};
	record_unmatched(&sel, pci, plan);
	r = 0;
	if (!pci->have_groups)
		plan->no_iommu = any || cfg->n_groups;
	else
		r = plan_groups(&ps);
	if (r == 0 && plan->n > 1)
		qsort(plan->lines, plan->n, sizeof(*plan->lines), by_addr);
	/* Without a selection file every line is the command line's: the
	 * lines stay as they were before there was a file. */
	for (i = 0; r == 0 && !cfg->from_file && i < plan->n; i++)
		plan->lines[i].source = 0;
out:
	if (r < 0)
		vg_plan_free(plan);
	free(names);
	free_pass(&ps);
	return r;
}

void vg_plan_free(struct vg_plan *plan)
{
	free(plan->lines);
	memset(plan, 0, sizeof(*plan));
}
