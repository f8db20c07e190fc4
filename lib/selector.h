/* SPDX-License-Identifier: GPL-2.0-or-later */
/* selector.h - the selection parameters compiled once (SPEC "What gets
 * claimed" rule 1 and the naming part of rule 3): for one PCI function, every
 * way the command line names it, in one answer. */
#ifndef VG_SELECTOR_H
#define VG_SELECTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "params.h"
#include "pci.h"

/* How a function is named; a mask. */
enum {
	VG_NAMED_IDS = 1u << 0,	   /* an ids entry matches it */
	VG_NAMED_EXACT = 1u << 1,  /* ... one giving vendor and device without '*' */
	VG_NAMED_ADDRS = 1u << 2,  /* an addrs entry is its address */
	VG_NAMED_GROUPS = 1u << 3, /* its IOMMU group is in groups */
	VG_NAMED_PINNED = 1u << 4, /* ... the addrs entry has a pin, and it holds */
	/* An addrs entry is its address but its pin does not hold (rule 6): the
	 * entry does not name it and its group is refused. */
	VG_NAMED_CHANGED = 1u << 5,
	/* An SR-IOV VF whose PF has a vfs entry: the entry created it (SPEC
	 * "SR-IOV"). Not an exact name: a host-critical VF needs one. */
	VG_NAMED_VFS = 1u << 6,
	/* Where the entries that matched came from (VG_SRC_* shifted). */
	VG_NAMED_FROM_FILE = VG_SRC_FILE << 7,
	VG_NAMED_FROM_CMDLINE = VG_SRC_CMDLINE << 7,
};
/* The VG_SRC_* mask of a VG_NAMED_* mask. */
#define VG_NAMED_SRC(named) ((unsigned)(named) >> 7 & (VG_SRC_FILE | VG_SRC_CMDLINE))

struct vg_selector {
	const struct vg_config *cfg;
	uint64_t exact;	    /* bit i: ids[i] names vendor and device exactly */
	uint64_t ids_hit;   /* bit i: ids[i] matched some function */
	uint64_t addrs_hit; /* likewise for addrs[i] */
	uint64_t groups_hit;
};

/* cfg must outlive sel. */
void vg_selector_compile(struct vg_selector *sel, const struct vg_config *cfg);

/* The VG_NAMED_* mask of dev; records which entries matched something. A
 * function whose ids could not be read is never matched by ids. */
unsigned vg_selector_match(struct vg_selector *sel, const struct vg_dev *dev);

/* The pin of the first addrs entry that dev's address does not hold
 * (VG_NAMED_CHANGED), or NULL. */
const struct vg_id *vg_selector_changed(const struct vg_selector *sel, const struct vg_dev *dev);

#endif
