/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export.h - the exports' shared notions: cards (functions on one slot). */
#ifndef VG_EXPORT_H
#define VG_EXPORT_H

#include <stdbool.h>

#include "ids.h"

/* export libvirt: one <hostdev> per claimed function (addrs sorted by
 * address), each card on one guest slot; hide_kvm: the domain features too. */
void hv_export_libvirt(const struct vg_addr *addrs, unsigned n, bool hide_kvm);

#endif
