/* lock.h - the one lock of the host tool (SPEC "Host-side tool"):
 * ROOT/run/vfio-gpu/lock, flock(2) on an open fd, so that it goes away with
 * the process that holds it; the file names the holder for whoever waits. */
#ifndef VG_HOST_LOCK_H
#define VG_HOST_LOCK_H

#include "sysfs.h"

#define HV_LOCK_WAIT_DEFAULT 30 /* seconds a second caller waits */

struct hv_lock {
	int fd; /* -1: not held */
	char path[VG_PATH_MAX];
	char holder[256]; /* after -ETIMEDOUT: "PID COMMAND" read from the file */
};

/* Seconds to wait: $VFIO_GPU_LOCK_WAIT (0..3600) or the default.
 * -EINVAL (and the default in *out) when the variable is malformed. */
int hv_lock_wait_seconds(unsigned *out);

/* Take the lock, waiting up to wait_s seconds (with one note on stderr
 * while waiting), then write "PID WHAT" into it. Returns 0, -ETIMEDOUT
 * (l->holder says who holds it) or -errno (l->path names the file). */
int hv_lock_take(const char *root, const char *what, unsigned wait_s, struct hv_lock *l);

/* "pid 1234 (vfio-gpu bind 7)" from the file's "1234 vfio-gpu bind 7";
 * "another process" when the holder wrote nothing (yet). */
void hv_lock_holder_text(const char *holder, char *buf, size_t len);

/* Empty the file and let go (closing the fd is what releases it). */
void hv_lock_drop(struct hv_lock *l);

#endif
