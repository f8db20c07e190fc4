/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs.h - bounded, defensive file access under an injectable root: every
 * path the binder touches is built here, every read is size-limited. */
#ifndef VG_SYSFS_H
#define VG_SYSFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define VG_PATH_MAX 1024

/* Build ROOT + formatted path. Returns 0 or -ENAMETOOLONG. root "" = real "/". */
int vg_path(char *buf, size_t len, const char *root, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Every file is opened without blocking and must be a regular file
 * (-EINVAL otherwise: a FIFO never hangs a run); vg_read_file and vg_write
 * do not follow a symbolic link as the last component (-ELOOP), so a
 * link planted as an attribute never leads out of the root. */

/* Read at most len-1 bytes, NUL-terminate. Returns bytes read or -errno. */
ssize_t vg_read_file(const char *path, char *buf, size_t len);

/* A sysfs attribute in ONE read(): sysfs hands the whole value (up to a
 * page) to the first read, so a short read is its end and a second read
 * would only cost a system call. Otherwise as vg_read_file. */
ssize_t vg_read_attr(const char *path, char *buf, size_t len);

/* A sysfs hex attribute ("0x10de\n") in a NUL-terminated buffer: strict,
 * the newline is optional. Returns 0 or -EINVAL. The scan now reads
 * uevent instead; kept for the unit tests and fuzz/fuzz_hexattr.c. */
int vg_parse_hex_attr(const char *buf, uint32_t *out);

/* Basename of a symlink's target ("driver" -> ".../drivers/nouveau"). */
int vg_read_link_name(const char *path, char *buf, size_t len);

/* Read a whole file into a malloc'd NUL-terminated buffer of at most max
 * bytes (-EFBIG beyond). *out is NULL on error. */
int vg_read_whole(const char *path, size_t max, char **out, size_t *outlen);

/* Write val and a newline (as echo does; sysfs ignores it) with one write()
 * to the start of the file, as the kernel takes it. Returns 0 or -errno. */
int vg_write(const char *path, const char *val);

#ifdef VG_TEST_HOOKS
/* The test seam (never in the static binary): a root may hold a file
 * ".vg-faults" whose lines "write SUFFIX ERRNO" or "read SUFFIX ERRNO" make
 * any path ending in SUFFIX fail with that errno number, and whose line
 * "kernel" makes unbind and drivers_probe move the driver link as the kernel
 * would; every write is logged to ROOT/.vg-writes (lib/sysfs.c). */
void vg_faults_load(const char *root);
#endif

#endif
