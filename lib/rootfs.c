/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rootfs.c - the root as a jail: a user-space walk, one openat(O_NOFOLLOW)
 * per directory, that both the klibc and the musl binder link (neither
 * wraps openat2, and the walk is needed anyway where the kernel lacks it).
 * The depth below the root is counted, so ".." never climbs out of it: each
 * step is a real directory entered from the one before, whose ".." is the
 * one before. Links are resolved as the kernel would, relative to the
 * directory holding them. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "rootfs.h"

#ifndef O_PATH
#define O_PATH O_RDONLY
#endif

/* No buffers of its own: the binder's whole data segment must stay within
 * one page beside its text (README: the size budget). */
static const char *root_dir = ""; /* "" = no root, the real system */
static size_t root_len;
static int root_fd = -EBADF; /* or -errno: why the root did not open */
static unsigned said;	     /* hash of the path last warned about */

int vg_root_set(const char *root)
{
	if (root_fd >= 0)
		close(root_fd);
	/* "/" is the real system; a trailing slash is harmless ("R/" + "/x"). */
	root_dir = root && strcmp(root, "/") != 0 ? root : "";
	root_len = strlen(root_dir);
	root_fd = -EBADF;
	if (root_len && (root_fd = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		root_fd = -errno;
	return root_fd < 0 ? root_fd : 0;
}

/* Said for each path it stops (a run goes on, so it names what it skips),
 * once in a row: each module's look at one modprobe.d would repeat it. */
static int out_of_root(const char *path, const char *how)
{
	unsigned h = 5381;
	const char *p;

	for (p = path; *p; p++)
		h = h * 33 + (unsigned char)*p;
	if (h == said)
		return -EXDEV;
	said = h;
	vg_log(VG_WARNING, "%s: a symbolic link leads out of the root %s (to %s), not followed",
	       path, root_dir, how);
	return -EXDEV;
}

int vg_at_get(const char *path, bool follow, struct vg_at *at)
{
	char rest[VG_PATH_MAX], link[VG_PATH_MAX], *c = rest;
	size_t n = strlen(path);
	unsigned depth = 0, links = 0;
	int fd, r = 0;

	at->dir = AT_FDCWD;
	if (n >= sizeof(rest))
		return -ENAMETOOLONG;
	memcpy(at->name, path, n + 1);
	if (!root_len || strncmp(path, root_dir, root_len) != 0 ||
	    (path[root_len] && path[root_len] != '/'))
		return 0;
	if (root_fd < 0)
		return root_fd;
	fd = dup(root_fd);
	if (fd < 0)
		return -errno;
	memcpy(rest, path + root_len, n - root_len + 1);
	for (;;) {
		size_t len = strcspn(c += strspn(c, "/"), "/");
		char *tail = c + len + strspn(c + len, "/");
		bool last = !*tail, dotdot;
		ssize_t k = -1;
		int next = -1, err = 0;

		memcpy(at->name, len ? c : ".", len ? len : 1);
		at->name[len ? len : 1] = '\0';
		dotdot = strcmp(at->name, "..") == 0;
		if (!dotdot && strcmp(at->name, ".") == 0) {
			if (last)
				break;
			c = tail;
			continue;
		}
		if (dotdot && !depth) {
			r = out_of_root(path, "..");
			break;
		}
		/* A directory is entered; a link is read only where it may be
		 * one (the last component, or an entry that is no directory). */
		if (!last || dotdot) {
			next = openat(fd, at->name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			err = errno;
		} else if (!follow) {
			break;
		}
		if (next < 0 && !dotdot && (last || err == ENOTDIR || err == ELOOP))
			k = readlinkat(fd, at->name, link, sizeof(link) - 1);
		if (k >= 0) {
			/* A link: its target takes its place in what is left. */
			link[k] = '\0';
			if (++links > 40 || k + 1 + strlen(tail) >= sizeof(link)) {
				r = links > 40 ? -ELOOP : -ENAMETOOLONG;
				break;
			}
			if (link[0] == '/') {
				r = out_of_root(path, link);
				break;
			}
			link[k] = '/';
			memcpy(link + k + 1, tail, strlen(tail) + 1);
			memcpy(rest, link, strlen(link) + 1);
			c = rest;
			continue;
		}
		if (last && !dotdot)
			break; /* no link: the caller's open decides */
		if (next < 0) {
			r = -err;
			break;
		}
		close(fd);
		fd = next;
		depth = dotdot ? depth - 1 : depth + 1;
		if (last) {
			memcpy(at->name, ".", 2);
			break;
		}
		c = tail;
	}
	if (r < 0) {
		close(fd);
		return r;
	}
	at->dir = fd;
	return 0;
}

void vg_at_done(struct vg_at *at)
{
	if (at->dir >= 0)
		close(at->dir);
	at->dir = AT_FDCWD;
}

int vg_open(const char *path, int flags, mode_t mode, bool follow)
{
	struct vg_at at;
	int fd, r = vg_at_get(path, follow, &at);

	if (r < 0)
		return r;
	/* Inside a root the walk followed the last link already (if asked). */
	if (at.dir != AT_FDCWD || !follow)
		flags |= O_NOFOLLOW;
	fd = openat(at.dir, at.name, flags | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, mode);
	r = fd < 0 ? -errno : fd;
	vg_at_done(&at);
	return r;
}

DIR *vg_opendir(const char *path)
{
	int fd = vg_open(path, O_RDONLY | O_DIRECTORY, 0, true);
	DIR *d;

	if (fd < 0) {
		errno = -fd;
		return NULL;
	}
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

int vg_stat(const char *path, struct stat *st, bool follow)
{
	struct vg_at at;
	int r = vg_at_get(path, follow, &at);

	if (r < 0)
		return r;
	/* Inside a root the walk followed the last link already (if asked). */
	r = fstatat(at.dir, at.name, st, at.dir != AT_FDCWD || !follow ? AT_SYMLINK_NOFOLLOW : 0);
	vg_at_done(&at);
	return r < 0 ? -errno : 0;
}

int vg_exists(const char *path)
{
	struct stat st;

	return vg_stat(path, &st, true);
}

ssize_t vg_readlink(const char *path, char *buf, size_t len)
{
	struct vg_at at;
	ssize_t n;
	int r = vg_at_get(path, false, &at);

	if (r < 0)
		return r;
	n = readlinkat(at.dir, at.name, buf, len - 1);
	r = n < 0 ? -errno : 0;
	vg_at_done(&at);
	if (r < 0)
		return r;
	buf[n] = '\0';
	return n;
}

int vg_mkdir(const char *path, mode_t mode)
{
	struct vg_at at;
	int r = vg_at_get(path, false, &at);

	if (r < 0)
		return r;
	r = mkdirat(at.dir, at.name, mode) < 0 ? -errno : 0;
	vg_at_done(&at);
	if (r == -EEXIST) {
		/* There already: a directory, or a link to one inside the root. */
		r = vg_open(path, O_RDONLY | O_DIRECTORY, 0, true);
		if (r >= 0)
			r = close(r);
	}
	return r;
}

int vg_rename(const char *from, const char *to)
{
	struct vg_at a, b;
	int r = vg_at_get(from, false, &a);

	if (r < 0)
		return r;
	r = vg_at_get(to, false, &b);
	if (r == 0) {
		r = renameat(a.dir, a.name, b.dir, b.name) < 0 ? -errno : 0;
		vg_at_done(&b);
	}
	vg_at_done(&a);
	return r;
}

int vg_unlink(const char *path)
{
	struct vg_at at;
	int r = vg_at_get(path, false, &at);

	if (r < 0)
		return r;
	r = unlinkat(at.dir, at.name, 0) < 0 ? -errno : 0;
	vg_at_done(&at);
	return r;
}
