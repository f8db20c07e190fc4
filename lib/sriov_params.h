/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriov_params.h - the values of vfio-gpu.vfs=ADDR:N and vfio-gpu.reset=ADDR:METHOD
 * (SPEC "SR-IOV virtual functions and reset at boot"), and the routing-id
 * arithmetic that says where the kernel puts a PF's VFs. Pure, no I/O. */
#ifndef VG_SRIOV_PARAMS_H
#define VG_SRIOV_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ids.h"

/* The SR-IOV capability's TotalVFs and NumVFs are 16-bit fields. */
#define VG_VFS_MAX	    65535u
#define VG_RESET_METHOD_MAX 24 /* "device_specific" and room; bytes with NUL */

struct vg_vfs {
	struct vg_addr pf;
	unsigned count; /* 1..VG_VFS_MAX */
};

struct vg_reset {
	struct vg_addr addr;
	char method[VG_RESET_METHOD_MAX];
};

/* "0000:03:00.0:4" or "03:00.0:4": the PF's address and a decimal count
 * (1-65535, no sign). Returns 0 or -EINVAL. */
int vg_parse_vfs(const char *s, struct vg_vfs *out);
/* "0000:03:00.0:device_specific": an address and a method word, lowercase
 * letters and '_' as the kernel's reset_method names are. Which methods a
 * function has is the kernel's answer at boot, not the parser's. */
int vg_parse_reset(const char *s, struct vg_reset *out);

/* The address of VF n (0-based) of the PF at pf, from the PF's SR-IOV
 * First VF Offset and VF Stride (sriov_offset, sriov_stride), as the
 * kernel's pci_iov_virtfn_bus/devfn compute it: routing id
 * R + offset + n * stride, bus = id >> 8, devfn = id & 0xff. Returns 0, or
 * -ERANGE when the id passes bus 255 (the kernel would not create it). */
int vg_vf_addr(const struct vg_addr *pf, unsigned offset, unsigned stride, unsigned n,
	       struct vg_addr *out);

#endif
