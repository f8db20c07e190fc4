/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pci.h - the PCI functions as sysfs shows them: ids, class, header type,
 * boot VGA mark, bound driver, IOMMU group. */
#ifndef VG_PCI_H
#define VG_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ids.h"

#define VG_NO_GROUP   (-1)
#define VG_DRIVER_MAX 64

/* Attributes that could not be read; such a function is never matched by ids
 * and its group is refused (we cannot tell what it is). */
enum {
	VG_BAD_IDS = 1u << 0,	/* vendor or device */
	VG_BAD_CLASS = 1u << 1, /* class */
};

struct vg_dev {
	struct vg_addr addr;
	char name[VG_ADDR_STR]; /* the sysfs directory name, e.g. 0000:01:00.0 */
	uint32_t vendor, device, subvendor, subdevice;
	uint32_t class;	 /* 24 bits: base, sub, prog-if */
	int header_type; /* 0 normal, 1 PCI bridge, 2 CardBus bridge */
	int group;	 /* IOMMU group number or VG_NO_GROUP */
	bool boot_vga;
	unsigned bad;		    /* VG_BAD_* */
	char driver[VG_DRIVER_MAX]; /* "" when no driver is bound */
	bool vfio_dev; /* host tool only (hv_mark_vfio_dev): the device has vfio-dev/ */
	/* An SR-IOV virtual function: its physfn link names the PF. */
	bool vf;
	struct vg_addr pf;
};

struct vg_pci {
	struct vg_dev *devs; /* sorted by address */
	size_t n;
	bool have_groups; /* sys/kernel/iommu_groups has entries: IOMMU is on */
};

/* The lines of a PCI function's uevent file the scan uses (bit numbers). */
enum { VG_UEV_DRIVER, VG_UEV_CLASS, VG_UEV_ID, VG_UEV_SUBSYS, VG_UEV_SLOT, VG_UEV_N };
#define VG_UEV_N_MASK ((1u << VG_UEV_N) - 1)

/* Parse the len bytes of a uevent file read for d (d->name set) into d's
 * ids, class, subsystem ids and driver; a missing or garbled line marks
 * d->bad as the attribute files did (subsystem ids: match only '*'). Returns
 * the VG_UEV_* bits of the lines missing or garbled (DRIVER= only when
 * garbled: it is absent on an unbound function). Pure, for tests. */
unsigned vg_parse_uevent(const char *buf, size_t len, struct vg_dev *d);

/* Scan root/sys/bus/pci/devices. Unreadable attributes are logged and marked
 * in dev->bad; only a missing bus directory or no memory fails the scan. */
int vg_pci_scan(const char *root, struct vg_pci *pci);
void vg_pci_free(struct vg_pci *pci);

/* Re-read the bound driver of one function ("" when none). */
int vg_pci_read_driver(const char *root, const struct vg_dev *dev, char *buf, size_t len);

bool vg_dev_is_bridge(const struct vg_dev *dev);

#endif
