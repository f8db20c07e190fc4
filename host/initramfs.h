/* SPDX-License-Identifier: GPL-2.0-or-later */
/* initramfs.h - does an initramfs image hold a file: listed with the
 * distribution's own tool (lsinitramfs, lsinitrd) when installed, otherwise
 * read here as the kernel reads it (newc cpio archives, one after another,
 * the later ones compressed). */
#ifndef VG_HOST_INITRAMFS_H
#define VG_HOST_INITRAMFS_H

/* Look for a member whose last path component is name. Returns 1 when found,
 * 0 when not, -errno when the image cannot be read (-EINVAL: not an
 * initramfs). *how names the reader that answered. */
int hv_initramfs_has(const char *image, const char *name, const char **how);

/* Only the built-in reader (no external lister). */
int hv_initramfs_scan(const char *image, const char *name);

#endif
