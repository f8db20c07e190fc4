/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lock.h - the one lock of SPEC "Host-side tool": ROOT/run/vfio-gpu/lock
 * serialises every change made by the host tool (bind, release) and by
 * late-device runs of the binder (--device). flock(2) on an open fd, so that
 * it goes away with the process that holds it; the file names the holder
 * for whoever waits. */
#ifndef VG_LOCK_H
#define VG_LOCK_H

#include <stddef.h>

#include "sysfs.h"

#define VG_LOCK_WAIT_DEFAULT 30 /* seconds a second caller waits */

struct vg_lock {
	int fd; /* -1: not held */
	char path[VG_PATH_MAX];
	char holder[256]; /* after -ETIMEDOUT: "PID COMMAND" read from the file */
};

/* Seconds to wait: $VFIO_GPU_LOCK_WAIT (0..3600) or the default.
 * -EINVAL (and the default in *out) when the variable is malformed. */
int vg_lock_wait_seconds(unsigned *out);

/* Take the lock, waiting up to wait_s seconds (with one info line in the
 * log while waiting), then write "PID WHAT" into it. Returns 0, -ETIMEDOUT
 * (l->holder says who holds it) or -errno (l->path names the file). */
int vg_lock_take(const char *root, const char *what, unsigned wait_s, struct vg_lock *l);

/* "pid 1234 (vfio-gpu bind 7)" from the file's "1234 vfio-gpu bind 7";
 * "another process" when the holder wrote nothing (yet). */
void vg_lock_holder_text(const char *holder, char *buf, size_t len);

/* Empty the file and let go (closing the fd is what releases it). */
void vg_lock_drop(struct vg_lock *l);

#endif
