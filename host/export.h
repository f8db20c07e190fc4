/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export.h - the exports' shared record: the functions the next boot claims,
 * grouped into cards (SPEC "What gets claimed": a slot's non-bridge
 * functions), each card with its primary function. */
#ifndef VG_EXPORT_H
#define VG_EXPORT_H

#include <stdbool.h>

#include "pci.h"

#define EX_MAX	      256
#define EX_TARGET_MAX 64

#define PCI_VENDOR_NVIDIA 0x10de /* its consumer drivers refuse a guest that sees KVM */

struct ex_claim {
	struct vg_dev dev;	    /* a copy: the plan's devices are gone after the run */
	char target[EX_TARGET_MAX]; /* the driver module the binder binds it to */
	unsigned card;		    /* index of its card, from 0, in address order */
	bool primary;		    /* the card's function a scheduler offers */
	const char *nova_type;	    /* nova only: device_type as nova will see it */
};

struct ex {
	struct ex_claim c[EX_MAX]; /* in plan (address) order: a card's functions are neighbours */
	unsigned n;
	bool lost; /* more claims than fit */
};

/* The first claim of its vendor:device among those that pass keep(). */
bool hv_ex_first_of_ids(const struct ex *e, unsigned i, bool (*keep)(const struct ex_claim *));

void hv_export_nova(struct ex *e, const char *root, const struct vg_pci *pci, bool with_siblings);
void hv_export_kubevirt(const struct ex *e);
/* hide_kvm: the domain features too. */
void hv_export_libvirt(const struct ex *e, bool hide_kvm);

#endif
