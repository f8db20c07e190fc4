/* SPDX-License-Identifier: GPL-2.0-or-later */
/* bind.h - the three sysfs writes that move a function between drivers. */
#ifndef VG_BIND_H
#define VG_BIND_H

#include "pci.h"

#define VG_TARGET_DRIVER "vfio-pci"

/* Write driver to the function's driver_override; NULL clears it. */
int vg_bind_override(const char *root, const struct vg_dev *dev, const char *driver);
/* Unbind the function from whatever driver it has now (through its driver link). */
int vg_bind_unbind(const char *root, const struct vg_dev *dev);
/* How these three are written: vg_write, unless a caller that must never
 * hang on one puts in its own (the host tool, host/unbind.c): a user of the
 * device makes the kernel block an unbind's writer, and every other write
 * to that device waits behind it (device_lock) until the unbind is done. */
extern int (*vg_bind_write)(const char *path, const char *val);
/* Ask the PCI bus to find a driver for the function (sys/bus/pci/drivers_probe). */
int vg_bind_probe(const char *root, const struct vg_dev *dev);

#endif
