/* SPDX-License-Identifier: GPL-2.0-or-later */
/* viable.c - when a function does not stand in the way of handing its IOMMU
 * group to vfio: the rule `vfio-gpu list` and `vfio-gpu check` share. */
#include <string.h>
#include <unistd.h>

#include "claim.h"
#include "host.h"
#include "rootfs.h"
#include "sysfs.h"

bool hv_dev_vfio_ready(const struct vg_dev *d)
{
	if (!d->driver[0])
		return true;
	/* vfio-pci and its variants by name or by their vfio-dev/ (SPEC "Variant
	 * vfio drivers"); pci-stub is the old placeholder. */
	if (vg_driver_is_vfio(d->driver) || d->vfio_dev || strcmp(d->driver, "pci-stub") == 0)
		return true;
	/* vfio-pci refuses bridges, and the port driver does not own the
	 * devices behind it. */
	return vg_dev_is_bridge(d) && strcmp(d->driver, "pcieport") == 0;
}

void hv_mark_vfio_dev(const char *root, struct vg_pci *pci)
{
	char path[VG_PATH_MAX];
	size_t i;

	for (i = 0; i < pci->n; i++) {
		struct vg_dev *d = &pci->devs[i];

		/* Only where the name does not tell: one access() per such function. */
		if (!d->driver[0] || vg_driver_is_vfio(d->driver))
			continue;
		d->vfio_dev = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/vfio-dev",
				      d->name) == 0 &&
			      vg_exists(path) == 0;
	}
}
