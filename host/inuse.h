/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse.h - who is using a set of PCI functions right now (SPEC "Host-side
 * tool": bind and release refuse a group in use): processes holding or
 * mapping their device nodes and BARs, block devices below them at any
 * depth (mounted in any namespace, swapped, opened, stacked on, pool or
 * filesystem members), their network interfaces that are up, and the
 * console (fbcon) on their frame buffer. */
#ifndef VG_HOST_INUSE_H
#define VG_HOST_INUSE_H

#include <stdbool.h>
#include <stddef.h>

#include "pci.h"

struct hv_use {
	size_t dev;	/* index into vg_pci.devs of the function concerned */
	long pid;	/* the process, or 0 for a mount, swap or the console */
	char comm[64];	/* its command (proc/PID/comm) */
	char what[256]; /* "holds /dev/vfio/7", "maps .../resource0", ... */
};

struct hv_uses {
	struct hv_use *v;
	size_t n, cap;
};

/* Every use of the functions pci->devs[i] with pick[i] set, and of the
 * vfio group nodes of their groups, read under root (proc/, sys/, dev/).
 * What cannot be read (another user's /proc/PID/fd) is skipped. Returns 0
 * or -ENOMEM. */
int hv_inuse_find(const char *root, const struct vg_pci *pci, const bool *pick, struct hv_uses *u);
void hv_uses_free(struct hv_uses *u);

/* One sentence for a use: "pid 123 (sleep) holds /dev/vfio/7 of IOMMU
 * group 7" or "... is mounted at /". */
void hv_use_text(const struct vg_pci *pci, const struct hv_use *use, char *buf, size_t len);

#endif
