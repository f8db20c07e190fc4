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
	VG_BY_VFS,   /* a VF that its PF's vfs entry created */
};

enum vg_reason {
	VG_REASON_NONE,
	VG_REASON_BRIDGE,     /* skip: header type 1/2, vfio-pci refuses bridges */
	VG_REASON_PROTECTED,  /* refuse: disk or NIC not named by ids/addrs */
	VG_REASON_BOOT_VGA,   /* refuse: boot VGA selected only through ids */
	VG_REASON_UNREADABLE, /* refuse: a member's ids or class could not be read */
	VG_REASON_NO_GROUP,   /* refuse: selected function has no IOMMU group */
	VG_REASON_CHANGED,    /* refuse: an addrs entry's pin does not hold (rule 6) */
	VG_REASON_BYSTANDER,  /* refuse: a function of the group nothing covers (rule 3) */
	VG_REASON_CARD,	      /* refuse: another group of the same card is refused (rule 5) */
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
	/* refuse: the other functions of the group that offend the same way
	 * (bystanders, unnamed host-critical functions), for the message; card:
	 * card_group is the refused group that holds dev, the card's function. */
	size_t others[4];
	unsigned n_others, more_others;
	int card_group;
	/* A claim's driver module (SPEC "Variant vfio drivers"): a variant
	 * chosen from modules.alias by vg_modules_resolve, "" for vfio_pci. */
	char target[64];
	/* Where the selection of the line came from (VG_SRC_*: the entries
	 * naming the function, else those that selected its group or card);
	 * 0 when no selection file gave a token, and then not shown. */
	unsigned char source;
};

struct vg_plan {
	struct vg_line *lines; /* in PCI address order of .dev */
	size_t n;
	unsigned n_claims;
	unsigned n_groups;  /* groups with at least one claim */
	unsigned n_refused; /* groups refused */
	bool no_iommu;	    /* something selected but the IOMMU is off */
	/* Entries that match no function (SPEC "Honest plans": error
	 * reason=no-match): bit i of each list. A pinned address that holds
	 * nothing is a refusal (changed) instead; groups only with an IOMMU. */
	uint64_t unmatched_ids, unmatched_addrs, unmatched_groups;
};

/* Compute the plan (SPEC "What gets claimed": slots, siblings, cover,
 * bystanders, host-critical functions, whole cards, pins); records the
 * entries that match nothing. Returns 0 or -ENOMEM. */
int vg_select(const struct vg_config *cfg, const struct vg_pci *pci, struct vg_plan *plan);
void vg_plan_free(struct vg_plan *plan);

const char *vg_by_name(enum vg_by by);
/* The module a claim line's function goes to: its target, or vfio_pci. */
const char *vg_line_target(const struct vg_line *l);
const char *vg_reason_name(enum vg_reason reason);

/* The card rules' terms, for every part of the product (list, export):
 * two functions are siblings when both are non-bridges on one slot
 * (domain:bus:device), neither of them an SR-IOV VF; host-critical: storage, network, the boot VGA,
 * or a USB controller on a slot without a display controller. */
bool vg_same_slot(const struct vg_dev *a, const struct vg_dev *b);
bool vg_host_critical(const struct vg_pci *pci, size_t i);
/* "vfio-gpu.addrs=0000:09:00.0": the entry of a list that matched nothing. */
void vg_format_entry(const struct vg_config *cfg, int list, unsigned i, char *buf, size_t len);
/* When ids entry i is inside a wider one (vg_id_covered_by): the warning
 * the binder logs and vfio-gpu check shows, in buf, and true. */
bool vg_format_covered(const struct vg_config *cfg, unsigned i, char *buf, size_t len);
enum { VG_LIST_IDS, VG_LIST_ADDRS, VG_LIST_GROUPS };

#endif
