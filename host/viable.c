/* viable.c - when a function does not stand in the way of handing its IOMMU
 * group to vfio: the rule `vfio-gpu list` and `vfio-gpu check` share. */
#include <string.h>

#include "claim.h"
#include "host.h"

bool hv_dev_vfio_ready(const struct vg_dev *d)
{
	if (!d->driver[0])
		return true;
	/* vfio-pci and the vendor variants (vfio-pci-core users such as
	 * mlx5_vfio_pci) all start so; pci-stub is the old placeholder. */
	if (vg_driver_is_vfio(d->driver) || strcmp(d->driver, "pci-stub") == 0)
		return true;
	/* vfio-pci refuses bridges, and the port driver does not own the
	 * devices behind it. */
	return vg_dev_is_bridge(d) && strcmp(d->driver, "pcieport") == 0;
}
