/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list_sriov.h - SR-IOV in `vfio-gpu list`: a PF's sriov_numvfs and
 * sriov_totalvfs and its VFs, a VF's PF (the physfn link). */
#ifndef HV_LIST_SRIOV_H
#define HV_LIST_SRIOV_H

#include "pci.h"

/* A note line under function d when it is a PF or a VF; nothing otherwise. */
void hv_list_sriov_text(const char *root, const struct vg_pci *pci, const struct vg_dev *d);
/* ,"physfn":ADDR|null,"sriov":{"numvfs":N,"totalvfs":T,"vfs":[ADDR...]}|null */
void hv_list_sriov_json(const char *root, const struct vg_pci *pci, const struct vg_dev *d);

#endif
