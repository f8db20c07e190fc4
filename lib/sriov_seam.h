/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriov_seam.h - the fake kernel's SR-IOV for test builds (lib/sriov_seam.c). */
#ifndef VG_SRIOV_SEAM_H
#define VG_SRIOV_SEAM_H

#ifdef VG_TEST_HOOKS
/* After a write of val to rel (a path under root ending in sriov_numvfs). */
void vg_seam_numvfs(const char *root, const char *rel, const char *val);
#endif

#endif
