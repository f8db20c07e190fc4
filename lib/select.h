/* SPDX-License-Identifier: GPL-2.0-or-later */
/* select.h - SPEC "What gets claimed": from the selection on the command line
 * and the scanned functions to a plan of claims, skips and refusals. Pure:
 * no I/O, so the host tool and the tests run exactly the boot's decisions. */
#ifndef VG_SELECT_H
#define VG_SELECT_H

#include <stddef.h>

#include "params.h"
#include "pci.h"

enum vg_line_kind {
	VG_LINE_CLAIM,
	VG_LINE_SKIP,
	VG_LINE_REFUSE,
};

enum vg_by {
	VG_BY_IDS,
	VG_BY_ADDRS,
	VG_BY_GROUPS,
	VG_BY_GROUP, /* dragged in with its group */
};

enum vg_reason {
	VG_REASON_NONE,
	VG_REASON_BRIDGE,     /* skip: header type 1/2, vfio-pci refuses bridges */
	VG_REASON_PROTECTED,  /* refuse: disk or NIC not named by ids/addrs */
	VG_REASON_BOOT_VGA,   /* refuse: boot VGA selected only through ids */
	VG_REASON_UNREADABLE, /* refuse: a member's ids or class could not be read */
	VG_REASON_NO_GROUP,   /* refuse: selected function has no IOMMU group */
	VG_REASON_CHANGED,    /* refuse: an addrs entry's pin does not hold (rule 6) */
};

/* A line about an address that holds no function (a pin's found=none). */
#define VG_NO_DEV ((size_t)-1)

struct vg_line {
	enum vg_line_kind kind;
	/* index into vg_pci.devs: the claimed/skipped/offending function, or
	 * VG_NO_DEV; addr is its address (or the address that holds nothing) */
	size_t dev;
	struct vg_addr addr;
	int group;
	enum vg_by by;
	enum vg_reason reason;
	bool pinned;	   /* claim: named by an addrs entry whose pin holds */
	struct vg_id want; /* changed: the pin that does not hold */
	/* A claim's driver module (SPEC "Variant vfio drivers"): a variant
	 * chosen from modules.alias by vg_modules_resolve, "" for vfio_pci. */
	char target[64];
};

struct vg_plan {
	struct vg_line *lines; /* in PCI address order of .dev */
	size_t n;
	unsigned n_claims;
	unsigned n_groups;  /* groups with at least one claim */
	unsigned n_refused; /* groups refused */
	bool no_iommu;	    /* something selected but the IOMMU is off */
};

/* Compute the plan; logs debug decisions and warnings for selections that
 * match nothing. Returns 0 or -ENOMEM. */
int vg_select(const struct vg_config *cfg, const struct vg_pci *pci, struct vg_plan *plan);
void vg_plan_free(struct vg_plan *plan);

const char *vg_by_name(enum vg_by by);
/* The module a claim line's function goes to: its target, or vfio_pci. */
const char *vg_line_target(const struct vg_line *l);
const char *vg_reason_name(enum vg_reason reason);

#endif
