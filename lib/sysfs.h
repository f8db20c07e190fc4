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

/* Read at most len-1 bytes, NUL-terminate. Returns bytes read or -errno. */
ssize_t vg_read_file(const char *path, char *buf, size_t len);

/* A sysfs hex attribute ("0x10de\n"): strict, the newline is optional.
 * Returns 0, -errno from the read, or -EINVAL for anything else. */
int vg_read_hex(const char *path, uint32_t *out);
/* The same check over a NUL-terminated buffer (pure, for fuzzing). */
int vg_parse_hex_attr(const char *buf, uint32_t *out);

/* Basename of a symlink's target ("driver" -> ".../drivers/nouveau"). */
int vg_read_link_name(const char *path, char *buf, size_t len);

/* Read a whole file into a malloc'd NUL-terminated buffer of at most max
 * bytes (-EFBIG beyond). *out is NULL on error. */
int vg_read_whole(const char *path, size_t max, char **out, size_t *outlen);

/* Write val and a newline (as echo does; sysfs ignores it) with one write():
 * O_TRUNC for attributes (driver_override),
 * O_APPEND for bus actions (unbind, drivers_probe), so that a fake root keeps
 * every action for the tests to read. Returns 0 or -errno. */
enum vg_write_mode { VG_WRITE_ATTR, VG_WRITE_ACTION };
int vg_write(const char *path, const char *val, enum vg_write_mode mode);

#ifdef VG_TEST_HOOKS
/* Fault injection for tests only (never in the static binary): a root may hold
 * a file ".vg-faults" whose lines "write SUFFIX ERRNO" or "read SUFFIX ERRNO"
 * make any path ending in SUFFIX fail with that errno number. */
void vg_faults_load(const char *root);
#endif

#endif
