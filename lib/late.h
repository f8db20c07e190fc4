/* SPDX-License-Identifier: GPL-2.0-or-later */
/* late.h - late devices (SPEC "Late devices"): a PCI function added after
 * the initramfs ran, for which udev runs vfio-gpu-early --device ADDR. Each
 * step logs what it decided; vg_run decides what happens next. */
#ifndef VG_LATE_H
#define VG_LATE_H

#include <stdbool.h>

#include "ids.h"
#include "lock.h"
#include "pci.h"
#include "select.h"

/* ADDR as udev passes it ($kernel, 0000:01:00.0) or as vfio-gpu.addrs takes
 * it. -EINVAL (a warning naming it) otherwise. */
int vg_late_parse(const char *device, struct vg_addr *out);

/* The lock of the host tool (VFIO_GPU_LOCK_WAIT seconds, default 30), held
 * in *l until vg_lock_drop. 0, or -errno after a warning: nothing is done. */
int vg_late_lock(const char *root, const char *device, struct vg_lock *l);

/* Keep in *p ADDR's own line and the refusal of its group, with the counts
 * to match. false when ADDR is absent (a warning) or not selected (debug). */
bool vg_late_filter(const char *device, const struct vg_addr *addr, const struct vg_pci *pci,
		    struct vg_plan *p);

#endif
