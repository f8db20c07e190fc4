/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse_scan.h - what the files of the in-use check (inuse.c: processes and
 * the console; inuse_block.c: block stacks and their members; inuse_mnt.c:
 * mounts of every namespace; inuse_net.c: interfaces up) share: one scan
 * under a root, its device nodes and the uses found so far. Not for other
 * callers: they see inuse.h. */
#ifndef VG_HOST_INUSE_SCAN_H
#define VG_HOST_INUSE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "inuse.h"

#define NO_DEV SIZE_MAX

/* A device node of a picked function: its /dev path as readlink shows it
 * and, when sysfs says, its major:minor (matched by stat on the running
 * system, where a node may be opened under another name). */
struct node {
	char path[128];
	dev_t rdev;
	bool has_rdev;
	size_t dev;
};

struct scan {
	const char *root;
	const struct vg_pci *pci;
	const bool *pick;
	struct node *nodes;
	size_t n, cap;
	struct hv_uses *u;
};

/* Record one use; "what" is formatted (vsnprintf: a long path is cut, not
 * an error). A use already recorded (same pid, same text) is not repeated.
 * Returns 0 or -ENOMEM. */
int hv_scan_use(struct scan *s, size_t dev, long pid, const char *comm, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The picked function a sysfs link's text runs through ("../../devices/
 * pci0000:00/0000:00:1f.2/ata1/.../block/sda/sda1"), or NO_DEV. */
size_t hv_scan_owner_in_path(const struct scan *s, const char *text);

/* Links are read with vg_readlink (lib/rootfs.h): through the root's jail. */

/* Copy a name that must fit whole: a cut name would match the wrong
 * device. Returns 0, or -ENAMETOOLONG with dst "". */
int hv_scan_copy_name(char *dst, size_t len, const char *src);

/* proc/PID/comm, escaped for a terminal; "?" when it cannot be read. */
void hv_scan_comm(const struct scan *s, const char *pid, char *buf, size_t len);

/* The picked function a block device (kernel name: sda1, dm-0) sits on,
 * directly or through the devices it is built from (slaves/), at any
 * depth: each device is visited once, so a loop ends. NO_DEV if none. */
size_t hv_block_owner(const struct scan *s, const char *name);

/* A /dev path to the kernel's block device name: a link (/dev/mapper/x,
 * /dev/disk/by-uuid/...) is followed one step, then the last component. */
void hv_block_name_of(const struct scan *s, const char *devpath, char *name, size_t len);

/* Block devices on the picked functions held by what no process shows:
 * stacked devices (holders/, at any depth), an imported ZFS pool's member,
 * a mounted btrfs filesystem's device; on the running system also any an
 * exclusive open finds busy. Returns 0 or -ENOMEM. */
int hv_scan_block(struct scan *s);

/* Mounts of block devices below the picked functions in every mount
 * namespace (proc/self, then proc/PID/mountinfo once per namespace). */
int hv_scan_mounts(struct scan *s);

/* Network interfaces of the picked functions that are up. */
int hv_scan_net(struct scan *s);

#endif
