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
		named |= VG_NAMED_IDS | (sel->exact & bit ? VG_NAMED_EXACT : 0);
	}
	for (i = 0; i < cfg->n_addrs; i++) {
		if (vg_addr_cmp(&cfg->addrs[i], &dev->addr) != 0)
			continue;
		sel->addrs_hit |= UINT64_C(1) << i;
		named |= VG_NAMED_ADDRS;
	}
	for (i = 0; i < cfg->n_groups && dev->group != VG_NO_GROUP; i++) {
		if (cfg->groups[i] != (uint32_t)dev->group)
			continue;
		sel->groups_hit |= UINT64_C(1) << i;
		named |= VG_NAMED_GROUPS;
	}
	return named;
}
