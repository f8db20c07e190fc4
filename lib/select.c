/* select.c - selection and safety. A group is the unit: it is claimed whole
 * (bridges aside) or refused whole, and the first offending function, in
 * address order, is the one the refusal names. */
#include "select.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pciclass.h"

/* BY_EXACT: an ids entry with vendor and device both given (SPEC rule 3:
 * the only ids match that names a disk or a NIC). */
enum { BY_IDS = 1, BY_ADDRS = 2, BY_EXACT = 4 };

const char *vg_by_name(enum vg_by by)
{
	static const char *const names[] = {"ids", "addrs", "groups", "group"};

	return names[by];
}

const char *vg_reason_name(enum vg_reason reason)
{
	static const char *const names[] = {"-",	  "bridge",	"protected",
					    "boot-vga", "unreadable", "no-iommu-group"};

	return names[reason];
}

static int add_line(struct vg_plan *plan, size_t *cap, enum vg_line_kind kind, size_t dev,
		    int group, enum vg_by by, enum vg_reason reason)
{
	if (plan->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct vg_line *nl = realloc(plan->lines, ncap * sizeof(*nl));

		if (!nl)
			return -ENOMEM;
		plan->lines = nl;
		*cap = ncap;
	}
	plan->lines[plan->n++] = (struct vg_line){kind, dev, group, by, reason};
	return 0;
}

static bool is_protected_class(uint32_t class)
{
	uint32_t base = vg_class_base(class);

	return base == VG_CLASS_STORAGE || base == VG_CLASS_NETWORK;
}

/* Why this member makes its group unsafe to take, or VG_REASON_NONE. */
static enum vg_reason offence(const struct vg_config *cfg, const struct vg_dev *d,
			      unsigned matched, int group)
{
	if (d->bad)
		return VG_REASON_UNREADABLE;
	if (is_protected_class(d->class) && !(matched & (BY_ADDRS | BY_EXACT)))
		return VG_REASON_PROTECTED;
	/* Naming the boot VGA by address or its group is consent; ids are not. */
	if (d->boot_vga && !(matched & BY_ADDRS) && !vg_config_has_group(cfg, (uint32_t)group) &&
	    !cfg->boot_vga)
		return VG_REASON_BOOT_VGA;
	return VG_REASON_NONE;
}

static enum vg_by claimed_by(const struct vg_config *cfg, unsigned matched, int group)
{
	if (matched & BY_ADDRS)
		return VG_BY_ADDRS;
	if (matched & BY_IDS)
		return VG_BY_IDS;
	if (vg_config_has_group(cfg, (uint32_t)group))
		return VG_BY_GROUPS;
	return VG_BY_GROUP;
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

static int by_dev(const void *a, const void *b)
{
	const struct vg_line *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (int)x->kind - (int)y->kind;
}

/* Warn about selections that name nothing on this machine: a typo in an
 * address must not look the same as a successful boot. */
static void warn_unmatched(const struct vg_config *cfg, const struct vg_pci *pci,
			   const unsigned char *matched)
{
	char s[VG_ADDR_STR];
	unsigned i;
	size_t j;

	for (i = 0; i < cfg->n_ids; i++) {
		const struct vg_id *id = &cfg->ids[i];

		for (j = 0; j < pci->n; j++)
			if (!pci->devs[j].bad &&
			    vg_id_matches(id, pci->devs[j].vendor, pci->devs[j].device,
					  pci->devs[j].subvendor, pci->devs[j].subdevice))
				break;
		if (j == pci->n)
			vg_log(VG_WARNING, "vfio-gpu.ids entry %u matches no PCI function", i + 1);
	}
	for (i = 0; i < cfg->n_addrs; i++) {
		for (j = 0; j < pci->n; j++)
			if ((matched[j] & BY_ADDRS) &&
			    vg_addr_cmp(&cfg->addrs[i], &pci->devs[j].addr) == 0)
				break;
		if (j == pci->n) {
			vg_addr_format(&cfg->addrs[i], s, sizeof(s));
			vg_log(VG_WARNING, "vfio-gpu.addrs: no PCI function %s", s);
		}
	}
	for (i = 0; i < cfg->n_groups; i++) {
		for (j = 0; j < pci->n; j++)
			if (pci->devs[j].group == (int)cfg->groups[i])
				break;
		if (j == pci->n && pci->have_groups)
			vg_log(VG_WARNING, "vfio-gpu.groups: no IOMMU group %u",
			       (unsigned)cfg->groups[i]);
	}
}

int vg_select(const struct vg_config *cfg, const struct vg_pci *pci, struct vg_plan *plan)
{
	unsigned char *matched = NULL;
	size_t *order = NULL, cap = 0, i, j, n = pci->n;
	bool any = false;
	int r = -ENOMEM;

	memset(plan, 0, sizeof(*plan));
	if (!vg_config_selects(cfg))
		return 0;
	matched = calloc(n ? n : 1, 1);
	order = malloc((n ? n : 1) * sizeof(*order));
	if (!matched || !order)
		goto out;

	for (i = 0; i < n; i++) {
		const struct vg_dev *d = &pci->devs[i];

		if (!(d->bad & VG_BAD_IDS)) {
			unsigned k;

			for (k = 0; k < cfg->n_ids; k++) {
				const struct vg_id *id = &cfg->ids[k];

				if (!vg_id_matches(id, d->vendor, d->device, d->subvendor,
						   d->subdevice))
					continue;
				matched[i] |= BY_IDS;
				if (id->vendor != VG_ANY && id->device != VG_ANY)
					matched[i] |= BY_EXACT;
			}
		}
		if (vg_config_has_addr(cfg, &d->addr))
			matched[i] |= BY_ADDRS;
		any = any || matched[i];
		order[i] = i;
	}
	warn_unmatched(cfg, pci, matched);
	if (!pci->have_groups) {
		plan->no_iommu = any || cfg->n_groups;
		r = 0;
		goto out;
	}

	sort_devs = pci->devs;
	qsort(order, n, sizeof(*order), by_group_then_addr);
	for (i = 0; i < n; i = j) {
		int g = pci->devs[order[i]].group;
		bool selected = g != VG_NO_GROUP && vg_config_has_group(cfg, (uint32_t)g);
		enum vg_reason why = VG_REASON_NONE;
		size_t k, offender = 0;
		unsigned claims = 0;

		for (j = i; j < n && pci->devs[order[j]].group == g; j++)
			selected = selected || (matched[order[j]] &&
						!vg_dev_is_bridge(&pci->devs[order[j]]));
		if (!selected || g == VG_NO_GROUP) {
			/* A named bridge is reported and left alone. */
			for (k = i; k < j; k++)
				if (matched[order[k]] && vg_dev_is_bridge(&pci->devs[order[k]]) &&
				    add_line(plan, &cap, VG_LINE_SKIP, order[k], g, VG_BY_GROUP,
					     VG_REASON_BRIDGE) < 0)
					goto out;
		}
		if (!selected)
			continue;
		if (g == VG_NO_GROUP) {
			/* Each selected function without a group is its own refusal. */
			for (k = i; k < j; k++) {
				if (!matched[order[k]] || vg_dev_is_bridge(&pci->devs[order[k]]))
					continue;
				if (add_line(plan, &cap, VG_LINE_REFUSE, order[k], g, VG_BY_GROUP,
					     VG_REASON_NO_GROUP) < 0)
					goto out;
				plan->n_refused++;
			}
			continue;
		}
		for (k = i; k < j && why == VG_REASON_NONE; k++) {
			offender = order[k];
			why = offence(cfg, &pci->devs[offender], matched[offender], g);
		}
		if (why != VG_REASON_NONE) {
			for (k = i; k < j; k++)
				if (matched[order[k]] && vg_dev_is_bridge(&pci->devs[order[k]]) &&
				    add_line(plan, &cap, VG_LINE_SKIP, order[k], g, VG_BY_GROUP,
					     VG_REASON_BRIDGE) < 0)
					goto out;
			if (add_line(plan, &cap, VG_LINE_REFUSE, offender, g, VG_BY_GROUP, why) < 0)
				goto out;
			plan->n_refused++;
			continue;
		}
		for (k = i; k < j; k++) {
			size_t d = order[k];
			bool bridge = vg_dev_is_bridge(&pci->devs[d]);

			if (add_line(plan, &cap, bridge ? VG_LINE_SKIP : VG_LINE_CLAIM, d, g,
				     claimed_by(cfg, matched[d], g),
				     bridge ? VG_REASON_BRIDGE : VG_REASON_NONE) < 0)
				goto out;
			claims += !bridge;
		}
		plan->n_claims += claims;
		plan->n_groups += claims > 0;
	}
	if (plan->n > 1)
		qsort(plan->lines, plan->n, sizeof(*plan->lines), by_dev);
	r = 0;
out:
	if (r < 0)
		vg_plan_free(plan);
	free(matched);
	free(order);
	return r;
}

void vg_plan_free(struct vg_plan *plan)
{
	free(plan->lines);
	memset(plan, 0, sizeof(*plan));
}
