/* SPDX-License-Identifier: GPL-2.0-or-later */
/* selector.c - one pass over the parameters per function. Which entries
 * matched is kept, so that a selection naming nothing on this machine can be
 * told apart from a successful boot without a second pass. */
#include "selector.h"

#include <string.h>

#if VG_MAX_ITEMS > 64
#error "the hit masks hold 64 entries per list"
#endif

void vg_selector_compile(struct vg_selector *sel, const struct vg_config *cfg)
{
	unsigned i;

	memset(sel, 0, sizeof(*sel));
	sel->cfg = cfg;
	for (i = 0; i < cfg->n_ids; i++)
		if (cfg->ids[i].vendor != VG_ANY && cfg->ids[i].device != VG_ANY)
			sel->exact |= UINT64_C(1) << i;
}

/* Ids that could not be read hold no pin: the function cannot be told. */
static bool pin_holds(const struct vg_id *pin, const struct vg_dev *dev)
{
	return !vg_pin_set(pin) ||
	       (!(dev->bad & VG_BAD_IDS) &&
		vg_id_matches(pin, dev->vendor, dev->device, dev->subvendor, dev->subdevice));
}

/* The source bit of entry i of a list whose file entries are mask. */
static unsigned from(uint64_t mask, unsigned i)
{
	return mask & (UINT64_C(1) << i) ? VG_NAMED_FROM_FILE : VG_NAMED_FROM_CMDLINE;
}

unsigned vg_selector_match(struct vg_selector *sel, const struct vg_dev *dev)
{
	const struct vg_config *cfg = sel->cfg;
	unsigned named = 0, i;

	for (i = 0; i < cfg->n_ids && !(dev->bad & VG_BAD_IDS); i++) {
		uint64_t bit = UINT64_C(1) << i;

		if (!vg_id_matches(&cfg->ids[i], dev->vendor, dev->device, dev->subvendor,
				   dev->subdevice))
			continue;
		sel->ids_hit |= bit;
		named |=
		    VG_NAMED_IDS | (sel->exact & bit ? VG_NAMED_EXACT : 0) | from(cfg->file_ids, i);
	}
	for (i = 0; i < cfg->n_addrs; i++) {
		if (vg_addr_cmp(&cfg->addrs[i], &dev->addr) != 0)
			continue;
		/* A pin that holds nothing is a refusal, never "no match". */
		sel->addrs_hit |= UINT64_C(1) << i;
		named |= from(cfg->file_addrs, i);
		if (!pin_holds(&cfg->pins[i], dev))
			named |= VG_NAMED_CHANGED;
		else
			named |= VG_NAMED_ADDRS | (vg_pin_set(&cfg->pins[i]) ? VG_NAMED_PINNED : 0);
	}
	for (i = 0; i < cfg->n_vfs && dev->vf; i++)
		if (vg_addr_cmp(&cfg->vfs[i].pf, &dev->pf) == 0)
			named |= VG_NAMED_VFS;
	for (i = 0; i < cfg->n_groups && dev->group != VG_NO_GROUP; i++) {
		if (cfg->groups[i] != (uint32_t)dev->group)
			continue;
		sel->groups_hit |= UINT64_C(1) << i;
		named |= VG_NAMED_GROUPS | from(cfg->file_groups, i);
	}
	return named;
}

const struct vg_id *vg_selector_changed(const struct vg_selector *sel, const struct vg_dev *dev)
{
	const struct vg_config *cfg = sel->cfg;
	unsigned i;

	for (i = 0; i < cfg->n_addrs; i++)
		if (vg_addr_cmp(&cfg->addrs[i], &dev->addr) == 0 && !pin_holds(&cfg->pins[i], dev))
			return &cfg->pins[i];
	return NULL;
}
