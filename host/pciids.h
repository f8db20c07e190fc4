/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pciids.h - names from the installed pci.ids (the PCI ID Repository's file,
 * Debian package pci.ids), read once and looked up in place. */
#ifndef VG_HOST_PCIIDS_H
#define VG_HOST_PCIIDS_H

#include <stddef.h>
#include <stdint.h>

struct hv_ids {
	char *buf;
	size_t len;
	const char *path;
};

/* Load root/usr/share/misc/pci.ids or root/usr/share/hwdata/pci.ids.
 * Returns 0, -ENOENT when neither exists (names are then left out), or
 * -errno. ids->buf is NULL on error and every lookup then finds nothing. */
int hv_ids_load(struct hv_ids *ids, const char *root);
void hv_ids_free(struct hv_ids *ids);

/* Copy the name into buf (truncated to len); return 0 or -ENOENT. */
int hv_ids_vendor(const struct hv_ids *ids, uint32_t vendor, char *buf, size_t len);
int hv_ids_device(const struct hv_ids *ids, uint32_t vendor, uint32_t device, char *buf,
		  size_t len);
/* The subclass name of a 24-bit class ("VGA compatible controller"), else
 * the base class name ("Display controller"). */
int hv_ids_class(const struct hv_ids *ids, uint32_t class, char *buf, size_t len);

#endif
