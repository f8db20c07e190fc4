/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriov.h - SPEC "SR-IOV virtual functions and reset at boot": the VFs a
 * vfio-gpu.vfs entry asks for, made before the scan that selects, and the
 * reset methods of vfio-gpu.reset, written before the claim. */
#ifndef VG_SRIOV_H
#define VG_SRIOV_H

#include <stdbool.h>

#include "params.h"
#include "report.h"

/* How long the binder waits for the VFs of one entry to appear (they come
 * asynchronously on some kernels and drivers). VFIO_GPU_VFS_WAIT_MS in the
 * environment overrides it (the tests). */
#define VG_VFS_WAIT_MS 2000

/* Where the records go: line for a plan line (vfs, vf, reset), error for
 * an error record with what the boot does about it. */
struct vg_sriov_out {
	void (*line)(void *ctx, const struct vg_rec *rec);
	void (*error)(void *ctx, const struct vg_rec *rec, const char *consequence);
	void *ctx;
};

/* A decimal attribute of PCI function dev ("0000:03:00.0"), e.g.
 * sriov_numvfs ("8\n"). Returns 0 or -errno (-EINVAL: not a number). */
int vg_sriov_read_uint(const char *root, const char *dev, const char *attr, unsigned *out);

/* Each vfs entry, in the kernel's documented order (pci-iov-howto): the PF
 * must have sriov_totalvfs and N <= it; write 0 to sriov_drivers_autoprobe
 * (so that no host driver probes the VFs before the claim), 0 to
 * sriov_numvfs when another non-zero count is set, then N; wait for the
 * PF's virtfn0..N-1 links. dry: check and report, write nothing. A failed
 * entry is an error record; the others still run. */
void vg_sriov_prepare(const char *root, const struct vg_config *cfg, bool dry,
		      const struct vg_sriov_out *out);

/* Is word one of the blank-separated words of a reset_method value? */
bool vg_reset_listed(const char *list, const char *word);

/* Each reset entry: METHOD must be one the kernel lists in the function's
 * reset_method; write it, read it back. dry: check and report only; with
 * vendor_reset_pending (the set will load vendor-reset, which adds it) a dry
 * run takes device_specific as listed. */
void vg_reset_apply(const char *root, const struct vg_config *cfg, bool dry,
		    bool vendor_reset_pending, const struct vg_sriov_out *out);

#endif
