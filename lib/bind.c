/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bind.c - driver_override, unbind, drivers_probe. Each returns -errno for
 * the caller to report with the device; nothing here decides or logs. */
#include "bind.h"

#include "sysfs.h"

int (*vg_bind_write)(const char *path, const char *val) = vg_write;

int vg_bind_override(const char *root, const struct vg_dev *dev, const char *driver)
{
	char path[VG_PATH_MAX];
	int r =
	    vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/driver_override", dev->name);

	/* An empty line clears the override (drivers/base/driver.c). */
	return r < 0 ? r : vg_bind_write(path, driver ? driver : "");
}

int vg_bind_unbind(const char *root, const struct vg_dev *dev)
{
	char path[VG_PATH_MAX];
	int r =
	    vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/driver/unbind", dev->name);

	return r < 0 ? r : vg_bind_write(path, dev->name);
}

int vg_bind_probe(const char *root, const struct vg_dev *dev)
{
	char path[VG_PATH_MAX];
	int r = vg_path(path, sizeof(path), root, "/sys/bus/pci/drivers_probe");

	return r < 0 ? r : vg_bind_write(path, dev->name);
}
