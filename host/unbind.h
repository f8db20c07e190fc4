/* SPDX-License-Identifier: GPL-2.0-or-later */
/* unbind.h - an unbind that never hangs the host tool (SPEC "Host-side
 * tool"): the kernel blocks whoever writes driver/unbind until the
 * device's user lets go, so the write runs in a child with a bounded wait. */
#ifndef VG_HOST_UNBIND_H
#define VG_HOST_UNBIND_H

#include "pci.h"

#define HV_UNBIND_WAIT_DEFAULT 10 /* seconds */

/* From now on every write of lib/bind.c (override, unbind, probe) for a
 * function of pci under root is made by a child; after
 * $VFIO_GPU_UNBIND_WAIT seconds (1 to 3600, default 10) without its answer
 * it fails with -ETIMEDOUT, an unbind's error naming who holds the
 * function's group where that is found. Returns 0, or -EINVAL for a
 * malformed VFIO_GPU_UNBIND_WAIT. */
int hv_unbind_bounded(const char *root, const struct vg_pci *pci);

#endif
