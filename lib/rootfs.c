/* SPDX-License-Identifier: GPL-2.0-or-later */
/* rootfs.c - the root as a jail: a user-space walk, one openat(O_NOFOLLOW)
 * per directory, that both the klibc and the musl binder link (neither
 * wraps openat2, and the walk is needed anyway where the kernel lacks it).
 * The depth below the root is counted, so ".." never climbs out of it: each
 * step is a real directory entered from the one before, whose ".." is the
 * one before. Links are resolved as the kernel would, relative to the
 * directory holding them. */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"

#ifndef O_PATH
#define O_PATH O_RDONLY
#endif

static char root_dir[VG_PATH_MAX]; /* "" = no root, the real system */
static size_t root_len;
static int root_fd = -1, root_err;
static char warned[VG_PATH_MAX]; /* the last link named, said once */

int vg_root_set(const char *root)
{
	size_t n = root ? strlen(root) : 0;

	if (root_fd >= 0)
		close(root_fd);
	root_fd = -1;
	while (n > 1 && root[n - 1] == '/')
		n--;
	if (n == 1 && root[0] == '/')
		n = 0;
	root_err = n < sizeof(root_dir) ? 0 : -ENAMETOOLONG;
	root_len = root_err ? 0 : n;
	memcpy(root_dir, root_err ? "" : root, root_len);
	root_dir[root_len] = '\0';
	if (root_len && (root_fd = open(root_dir, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		root_err = -errno;
	return root_err;
}

static int out_of_root(const char *path, const char *name, const char *target)
{
	if (strcmp(warned, path) != 0) {
		vg_log(VG_WARNING, "%s: the link %s -> %s leads out of the root %s, not followed",
		       path, name, target, root_dir);
		memcpy(warned, path, strlen(path) + 1);
	}
	return -EXDEV;
}

int vg_at_get(const char *path, bool follow, struct vg_at *at)
{
	char rest[VG_PATH_MAX], link[VG_PATH_MAX];
	unsigned depth = 0, links = 0;
	int fd, r = 0;

	at->dir = AT_FDCWD;
	if (strlen(path) >= sizeof(at->name))
		return -ENAMETOOLONG;
	if (!root_len || strncmp(path, root_dir, root_len) != 0 ||
	    (path[root_len] && path[root_len] != '/')) {
		memcpy(at->name, path, strlen(path) + 1);
		return 0;
	}
	if (root_fd < 0)
		return root_err;
	fd = dup(root_fd);
	if (fd < 0)
		return -errno;
	memcpy(rest, path + root_len, strlen(path + root_len) + 1);
	for (;;) {
		char *c = rest + strspn(rest, "/");
		size_t len = strcspn(c, "/");
		const char *tail = c + len + strspn(c + len, "/");
		bool last = !*tail, dotdot = len == 2 && c[0] == '.' && c[1] == '.';
		ssize_t n = -1;
		int next = -1, oerr = 0;

		if (len >= 256) {
			r = -ENAMETOOLONG;
			break;
		}
		memcpy(at->name, len ? c : ".", len ? len : 1);
		at->name[len ? len : 1] = '\0';
		if (len == 1 && c[0] == '.' && !last) {
			memmove(rest, tail, strlen(tail) + 1);
			continue;
		}
		if (!dotdot && last && (!follow || len < 2))
			break;
		if (dotdot && !depth) {
			r = out_of_root(path, "..", "above it");
			break;
		}
		/* A directory is entered; a link is read only where it is one
		 * (the last component, or an entry that is no directory). */
		if (!last || dotdot) {
			next = openat(fd, at->name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			oerr = errno;
		}
		if (next < 0 && !dotdot && (last || oerr == ENOTDIR || oerr == ELOOP))
			n = readlinkat(fd, at->name, link, sizeof(link) - 1);
		if (n >= 0) {
			/* A link: its target takes its place in what is left. */
			link[n] = '\0';
			if (++links > 40) {
				r = -ELOOP;
				break;
			}
			if (link[0] == '/') {
				r = out_of_root(path, at->name, link);
				break;
			}
			if ((size_t)n + 1 + strlen(tail) >= sizeof(rest)) {
				r = -ENAMETOOLONG;
				break;
			}
			link[n] = '/';
			memcpy(link + n + 1, tail, strlen(tail) + 1);
			memcpy(rest, link, strlen(link) + 1);
			continue;
		}
		if (last && !dotdot)
			break; /* no link: the caller's open decides */
		if (next < 0) {
			r = -oerr;
			break;
		}
		close(fd);
		fd = next;
		depth = dotdot ? depth - 1 : depth + 1;
		if (last) {
			memcpy(at->name, ".", 2);
			break;
		}
		memmove(rest, tail, strlen(tail) + 1);
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

int vg_exists(const char *path)
{
	struct vg_at at;
	struct stat st;
	int r = vg_at_get(path, true, &at);

	if (r < 0)
		return r;
	r = fstatat(at.dir, at.name, &st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
	vg_at_done(&at);
	return r;
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
	struct stat st;
	int r = vg_at_get(path, false, &at);

	if (r < 0)
		return r;
	r = mkdirat(at.dir, at.name, mode) < 0 ? -errno : 0;
	vg_at_done(&at);
	if (r != -EEXIST)
		return r;
	r = vg_at_get(path, true, &at);
	if (r < 0)
		return r;
	r = fstatat(at.dir, at.name, &st, AT_SYMLINK_NOFOLLOW) < 0 ? -errno
	    : S_ISDIR(st.st_mode)				   ? 0
								   : -ENOTDIR;
	vg_at_done(&at);
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
