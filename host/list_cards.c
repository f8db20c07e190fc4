/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list_cards.c - the card view of `vfio-gpu list`: which cards (slots, SPEC
 * "What gets claimed") share an IOMMU group and which cards are split over
 * several groups. Those are the two shapes that make the binder refuse a
 * selection (rule 3, bystander; rule 5, card), so the administrator sees them
 * before choosing what to name. The terms come from the core (vg_same_slot):
 * one definition of a card for the binder, the exports and this listing. */
#include <stdio.h>

#include "host.h"
#include "json.h"
#include "list_cards.h"
#include "select.h"

/* pci->devs is in address order, so a card's functions are neighbours:
 * function i starts its card when the one before is not its sibling. */
static bool starts_card(const struct vg_pci *pci, size_t i)
{
	return !vg_dev_is_bridge(&pci->devs[i]) &&
	       (i == 0 || !vg_same_slot(&pci->devs[i - 1], &pci->devs[i]));
}

/* Whether card c (its first function) has a function in group g. */
static bool card_in_group(const struct vg_pci *pci, size_t c, int g)
{
	size_t j;

	for (j = c; j < pci->n && (j == c || vg_same_slot(&pci->devs[c], &pci->devs[j])); j++)
		if (pci->devs[j].group == g)
			return true;
	return false;
}

/* The first function at or after from that starts a card with a function in
 * group g, or pci->n: the cards of one group, in address order. */
static size_t next_card(const struct vg_pci *pci, int g, size_t from)
{
	while (from < pci->n && !(starts_card(pci, from) && card_in_group(pci, from, g)))
		from++;
	return from;
}

#define FOR_EACH_CARD(pci, g, c)                                                                   \
	for ((c) = next_card((pci), (g), 0); (c) < (pci)->n; (c) = next_card((pci), (g), (c) + 1))

/* The groups card c spans, ascending and distinct, in out[0..max); returns
 * how many there are (past max, groups are counted but no longer told
 * apart: a card with more than max groups has at least that many). */
static unsigned card_groups(const struct vg_pci *pci, size_t c, int *out, unsigned max)
{
	unsigned n = 0, k;
	size_t j;

	for (j = c; j < pci->n && (j == c || vg_same_slot(&pci->devs[c], &pci->devs[j])); j++) {
		int g = pci->devs[j].group;
		bool seen = false;

		for (k = 0; k < n && k < max; k++)
			seen |= out[k] == g;
		if (g == VG_NO_GROUP || seen)
			continue;
		if (n < max) {
			for (k = n; k > 0 && out[k - 1] > g; k--)
				out[k] = out[k - 1];
			out[k] = g;
		}
		n++;
	}
	return n;
}

/* "0000:03:00" of "0000:03:00.1". */
static void slot_name(const struct vg_dev *d, char *buf, size_t len)
{
	snprintf(buf, len, "%.*s", (int)(sizeof(d->name) - 1), d->name);
	for (char *p = buf; *p; p++)
		if (*p == '.')
			*p = '\0';
}

void hv_list_cards_text(const struct vg_pci *pci, int group)
{
	char slot[sizeof(pci->devs[0].name)];
	unsigned cards = 0;
	size_t c;

	FOR_EACH_CARD(pci, group, c)
	cards++;
	if (cards > 1) {
		const char *sep = "";

		printf("  shared by %u cards (", cards);
		FOR_EACH_CARD(pci, group, c)
		{
			slot_name(&pci->devs[c], slot, sizeof(slot));
			printf("%s%s", sep, slot);
			sep = ", ";
		}
		printf("): a selection of one is refused (bystander) unless the others are named"
		       " too; in another slot a card may get a group of its own\n");
	}
	FOR_EACH_CARD(pci, group, c)
	{
		int groups[HV_CARD_GROUPS_MAX];
		unsigned n, k;

		n = card_groups(pci, c, groups, HV_CARD_GROUPS_MAX);
		if (n < 2)
			continue;
		slot_name(&pci->devs[c], slot, sizeof(slot));
		printf("  card %s is split over groups", slot);
		for (k = 0; k < n && k < HV_CARD_GROUPS_MAX; k++)
			printf("%s %d", k ? "," : "", groups[k]);
		printf(": they are claimed or refused together (card)\n");
	}
}

void hv_list_cards_json(const struct vg_pci *pci, int group)
{
	char slot[sizeof(pci->devs[0].name)];
	const char *sep = "";
	size_t c;

	printf(",\"cards\":[");
	FOR_EACH_CARD(pci, group, c)
	{
		int groups[HV_CARD_GROUPS_MAX];
		unsigned n, k;

		n = card_groups(pci, c, groups, HV_CARD_GROUPS_MAX);
		slot_name(&pci->devs[c], slot, sizeof(slot));
		printf("%s{\"slot\":", sep);
		hv_json_str(stdout, slot);
		printf(",\"groups\":[");
		for (k = 0; k < n && k < HV_CARD_GROUPS_MAX; k++)
			printf("%s%d", k ? "," : "", groups[k]);
		printf("]}");
		sep = ",";
	}
	printf("]");
}
