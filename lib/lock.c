/* SPDX-License-Identifier: GPL-2.0-or-later */
/* lock.c - the one lock: every change of the host tool (bind, release) and
 * every late-device run of the binder runs under an exclusive flock(2) on
 * ROOT/run/vfio-gpu/lock. flock rather than a
 * pid file: the kernel drops it when the holder dies, so a crash never
 * leaves a stale lock; the file's text only tells a waiter who it waits for. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ids.h"
#include "lock.h"
#include "log.h"
#include "rootfs.h"

int vg_lock_wait_seconds(unsigned *out)
{
	const char *s = getenv("VFIO_GPU_LOCK_WAIT");
	uint32_t v;

	*out = VG_LOCK_WAIT_DEFAULT;
	if (!s)
		return 0;
	/* Decimal digits only, as a group number: the binder's one decimal
	 * parser (strtoul would pull 600 bytes of klibc into it). */
	if (vg_parse_group(s, &v) < 0 || v > 3600)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

/* The holder's "PID COMMAND" line, without its newline ("" if unreadable). */
static void read_holder(struct vg_lock *l)
{
	ssize_t n = pread(l->fd, l->holder, sizeof(l->holder) - 1, 0);

	l->holder[n > 0 ? n : 0] = '\0';
	l->holder[strcspn(l->holder, "\n")] = '\0';
}

static int make_dirs(const char *root)
{
	char path[VG_PATH_MAX];
	int r;

	if (vg_path(path, sizeof(path), root, "/run") < 0)
		return -ENAMETOOLONG;
	r = vg_mkdir(path, 0755);
	if (r < 0)
		return r;
	if (vg_path(path, sizeof(path), root, "/run/vfio-gpu") < 0)
		return -ENAMETOOLONG;
	return vg_mkdir(path, 0755);
}

void vg_lock_holder_text(const char *holder, char *buf, size_t len)
{
	size_t pid_len = strspn(holder, "0123456789");
	char cmd[256];

	/* The note is the holder's own text (vg_printable). */
	vg_printable(holder + pid_len + (holder[pid_len] == ' '), cmd, sizeof(cmd));
	if (pid_len && holder[pid_len] == ' ')
		snprintf(buf, len, "pid %.*s (%s)", (int)pid_len, holder, cmd);
	else if (pid_len && !holder[pid_len])
		snprintf(buf, len, "pid %s", holder);
	else
		snprintf(buf, len, "another process (it did not say which)");
}

/* Only root may hold the lock: flock(2) needs no write access, so a file that
 * anyone can open is a lock anyone can hold (and block every claim with). An
 * existing file must be a regular file with one name; its owner and mode are
 * made root's and 0600. Anything else is refused, named. */
static int own_lock(const struct vg_lock *l)
{
	struct stat st;

	if (fstat(l->fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode) || st.st_nlink != 1) {
		vg_log(VG_WARNING, "%s is not a plain file of its own (%s): not used as the lock",
		       l->path,
		       S_ISREG(st.st_mode) ? "it has other hard links"
					   : "a FIFO, device or socket");
		return -EPERM;
	}
	if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
	    fchown(l->fd, geteuid(), getegid()) < 0)
		return -errno;
	if ((st.st_mode & 07777) != 0600 && fchmod(l->fd, 0600) < 0)
		return -errno;
	return 0;
}

int vg_lock_take(const char *root, const char *what, unsigned wait_s, struct vg_lock *l)
{
	/* Counted in steps, not read from a clock: klibc has no monotonic
	 * clock, and the wall clock may jump while a late device waits. */
	const struct timespec step = {0, 100 * 1000 * 1000};
	unsigned long tries = 0;
	bool said = false;
	char line[512], who[300];
	int r, len;

	l->fd = -1;
	l->holder[0] = '\0';
	if (vg_path(l->path, sizeof(l->path), root, "/run/vfio-gpu/lock") < 0)
		return -ENAMETOOLONG;
	r = make_dirs(root);
	if (r < 0)
		return r;
	/* Through the root's jail, without following a link as the lock (it
	 * never leads a write elsewhere) and without blocking (a FIFO planted
	 * there never blocks the open). */
	l->fd = vg_open(l->path, O_RDWR | O_CREAT, 0600, false);
	if (l->fd < 0)
		return l->fd;
	r = own_lock(l);
	if (r < 0)
		goto fail;
	while (flock(l->fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			r = -errno;
			goto fail;
		}
		read_holder(l);
		if (tries++ >= (unsigned long)wait_s * 10) {
			r = -ETIMEDOUT;
			goto fail;
		}
		/* Why we stand still, once, so a wait never looks like a hang. */
		if (!said) {
			vg_lock_holder_text(l->holder, who, sizeof(who));
			vg_log(VG_INFO, "waiting up to %u s for %s, held by %s", wait_s, l->path,
			       who);
			said = true;
		}
		nanosleep(&step, NULL);
	}
	len = snprintf(line, sizeof(line), "%ld %s\n", (long)getpid(), what);
	if (len < 0 || (size_t)len >= sizeof(line))
		len = snprintf(line, sizeof(line), "%ld vfio-gpu\n", (long)getpid());
	if (ftruncate(l->fd, 0) < 0 || pwrite(l->fd, line, (size_t)len, 0) != len) {
		/* Held all the same: only the waiter's message is poorer. */
		vg_log(VG_WARNING, "cannot write the holder into %s: %s", l->path, strerror(errno));
	}
	return 0;
fail:
	close(l->fd);
	l->fd = -1;
	return r;
}

void vg_lock_drop(struct vg_lock *l)
{
	if (l->fd < 0)
		return;
	/* The file stays (unlinking it would let two callers lock two files). */
	if (ftruncate(l->fd, 0) < 0) {
		/* nothing to do: a stale text is only shown while the lock is held */
	}
	close(l->fd);
	l->fd = -1;
}
