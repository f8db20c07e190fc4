/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rootfs.h - the root as a jail (SPEC --root): the one place where a path
 * under --root DIR is opened. DIR is opened once; every path below it is
 * walked component by component with openat(O_NOFOLLOW), and a symbolic
 * link met on the way (sysfs's own: devices/ADDR, driver, iommu_group,
 * physfn) is followed only while it stays inside DIR. A link that leads out
 * (absolute, or ".." above DIR) is refused with -EXDEV and a warning naming
 * it. Without a root (the real system, "") paths are opened as they are. */
#ifndef VG_ROOTFS_H
#define VG_ROOTFS_H

#include <dirent.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "sysfs.h"

/* Where a path ends up: a directory fd and the last component in it
 * (dir is AT_FDCWD and name the whole path outside a root). */
struct vg_at {
	int dir;
	char name[VG_PATH_MAX];
};

/* Set the root ("" or NULL: none, the real system) and open it once; the
 * string is kept, not copied (the caller's argv).
 * Returns 0 or -errno (then every open below it fails with that). */
int vg_root_set(const char *root);

/* Resolve path up to its last component; follow: the last one too when it
 * is a link (inside the root). Returns 0 (release with vg_at_done) or -errno. */
int vg_at_get(const char *path, bool follow, struct vg_at *at);
void vg_at_done(struct vg_at *at);

/* open(2) of path with O_CLOEXEC|O_NOCTTY|O_NONBLOCK added; follow as
 * above (without it a link as the last component is -ELOOP). -errno. */
int vg_open(const char *path, int flags, mode_t mode, bool follow);

/* opendir(3) through the jail (the last link followed); NULL, errno set. */
DIR *vg_opendir(const char *path);

/* 0 when path exists (a last link followed inside the root), else -errno. */
int vg_exists(const char *path);

/* stat(2) (follow) or lstat(2) of path. 0 or -errno. */
int vg_stat(const char *path, struct stat *st, bool follow);

/* readlink(2) of the link path itself, NUL-terminated: length or -errno. */
ssize_t vg_readlink(const char *path, char *buf, size_t len);

/* mkdir(2) unless a directory is there (a link to one inside the root
 * counts): 0, or -errno (-ENOTDIR: something else is in the way). */
int vg_mkdir(const char *path, mode_t mode);

/* rename(2) and unlink(2), neither following a last link. 0 or -errno. */
int vg_rename(const char *from, const char *to);
int vg_unlink(const char *path);

#endif
