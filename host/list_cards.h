/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list_cards.h - the cards of one IOMMU group for `vfio-gpu list`: shared
 * groups (several cards, rule 3) and split cards (one card, several groups,
 * rule 5). */
#ifndef HV_LIST_CARDS_H
#define HV_LIST_CARDS_H

#include "pci.h"

#define HV_CARD_GROUPS_MAX 8 /* a card's groups listed; more are counted */

/* Note lines under the group's header, only where the group is shared or
 * holds part of a split card. */
void hv_list_cards_text(const struct vg_pci *pci, int group);
/* ,"cards":[{"slot":"0000:01:00","groups":[1,2]},...] for the group. */
void hv_list_cards_json(const struct vg_pci *pci, int group);

#endif
