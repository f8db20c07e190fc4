/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysfs.c - bounded reads and single-write updates of sysfs files. */
#include "sysfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hex.h"
#include "rootfs.h"

#ifdef VG_TEST_HOOKS
#include "claim.h"
#include "sriov_seam.h"

/* Test builds only (never the static binder): a fake root's ".vg-faults"
 * stands in for what regular files cannot do. Its lines:
 *   write|read PATH-SUFFIX ERRNO  that operation fails with that errno;
 *   kernel                        the root behaves like the kernel for the
 *                                 claim: an unbind removes the function's
 *                                 driver link, drivers_probe links it to its
 *                                 driver_override or, without one, to the
 *                                 driver it was unbound from.
 *   sriov                         a write to sriov_numvfs makes or removes
 *                                 the VFs (lib/sriov_seam.c).
 * Every write under the root is also appended to ROOT/.vg-writes
 * ("PATH VALUE", PATH relative to the root), so that tests see each write
 * although a write truncates. */
struct vg_fault {
	char op;
	char suffix[128];
	int err;
};
static struct vg_fault faults[32];
static unsigned n_faults;
static char hook_root[VG_PATH_MAX];
static bool fake_kernel, fake_sriov;
static struct {
	char dev[32], drv[64];
} unbound[64];
static unsigned n_unbound;

void vg_faults_load(const char *root)
{
	char path[VG_PATH_MAX], buf[4096], *line, *save = NULL;

	n_faults = 0;
	n_unbound = 0;
	fake_kernel = fake_sriov = false;
	snprintf(hook_root, sizeof(hook_root), "%s", root);
	if (vg_path(path, sizeof(path), root, "/.vg-faults") < 0 ||
	    vg_read_file(path, buf, sizeof(buf)) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		struct vg_fault *f = &faults[n_faults];
		char op[8];

		if (strcmp(line, "kernel") == 0)
			fake_kernel = true;
		else if (strcmp(line, "sriov") == 0)
			fake_sriov = true;
		else if (n_faults < 32 &&
			 sscanf(line, "%7s %127s %d", op, f->suffix, &f->err) == 3 &&
			 (strcmp(op, "write") == 0 || strcmp(op, "read") == 0)) {
			f->op = op[0];
			n_faults++;
		}
	}
}

static int fault_for(char op, const char *path)
{
	size_t plen = strlen(path);
	unsigned i;

	for (i = 0; i < n_faults; i++) {
		size_t slen = strlen(faults[i].suffix);

		if (faults[i].op == op && slen <= plen &&
		    strcmp(path + plen - slen, faults[i].suffix) == 0)
			return faults[i].err;
	}
	return 0;
}

/* Rewrite the DRIVER= line of dev's uevent as the kernel's dev_uevent would
 * print it now: first, and only while drv ("" = none) is bound. */
static void uevent_driver(const char *dev, const char *drv)
{
	char path[VG_PATH_MAX], in[2048], out[2048 + 80], *line, *save = NULL;
	size_t len = 0;
	FILE *f;

	if (vg_path(path, sizeof(path), hook_root, "/sys/bus/pci/devices/%s/uevent", dev) < 0 ||
	    vg_read_file(path, in, sizeof(in)) < 0)
		return;
	if (drv[0])
		len = (size_t)snprintf(out, sizeof(out), "DRIVER=%s\n", drv);
	for (line = strtok_r(in, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "DRIVER=", 7) != 0 && len < sizeof(out))
			len += (size_t)snprintf(out + len, sizeof(out) - len, "%s\n", line);
	if (len < sizeof(out) && (f = fopen(path, "w"))) {
		fputs(out, f);
		fclose(f);
	}
}

/* The driver link of function dev, under the hook root. */
static int dev_link(char *buf, size_t len, const char *dev)
{
	return vg_path(buf, len, hook_root, "/sys/bus/pci/devices/%s/driver", dev);
}

/* A link at link to target (both under the hook root) as the kernel makes
 * its own: relative, so that it stays inside the root's jail (lib/rootfs.c
 * refuses an absolute one). */
static int symlink_inside(const char *target, const char *link)
{
	char dir[PATH_MAX], top[PATH_MAX], rel[VG_PATH_MAX] = "";
	const char *p, *slash = strrchr(link, '/');
	size_t rlen = strlen(hook_root);

	if (!slash || (size_t)(slash - link) >= sizeof(rel) ||
	    strncmp(target, hook_root, rlen) != 0 || !realpath(hook_root, top))
		return -1;
	snprintf(rel, sizeof(rel), "%.*s", (int)(slash - link), link);
	if (!realpath(rel, dir) || strncmp(dir, top, strlen(top)) != 0)
		return -1;
	rel[0] = '\0';
	for (p = dir + strlen(top); *p; p++)
		if (*p == '/' && strlen(rel) + 3 < sizeof(rel))
			strcat(rel, "../");
	if (strlen(rel) + strlen(target + rlen) >= sizeof(rel))
		return -1;
	strcat(rel, target + rlen + 1);
	return symlink(rel, link);
}

static void kernel_probe(const char *dev)
{
	char link[VG_PATH_MAX], path[VG_PATH_MAX], drv[64] = "";
	struct stat st;
	unsigned i;

	if (dev_link(link, sizeof(link), dev) < 0 || lstat(link, &st) == 0)
		return; /* bound already: the kernel does nothing */
	if (vg_path(path, sizeof(path), hook_root, "/sys/bus/pci/devices/%s/driver_override",
		    dev) == 0 &&
	    vg_read_file(path, drv, sizeof(drv)) > 0) {
		drv[strcspn(drv, "\n")] = '\0';
		if (strcmp(drv, "(null)") == 0)
			drv[0] = '\0';
	}
	/* Without an override the host driver it had comes back; vfio-pci has
	 * no id table, so it binds only through an override. */
	for (i = 0; !drv[0] && i < n_unbound; i++)
		if (strcmp(unbound[i].dev, dev) == 0 && !vg_driver_is_vfio(unbound[i].drv))
			memcpy(drv, unbound[i].drv, sizeof(drv));
	if (!drv[0] || vg_path(path, sizeof(path), hook_root, "/sys/bus/pci/drivers/%s", drv) < 0)
		return;
	/* A driver directory as the kernel has it, with its unbind file. */
	if (mkdir(path, 0755) == 0 && strlen(path) + 8 < sizeof(path)) {
		int fd;

		strcat(path, "/unbind");
		fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		if (fd >= 0)
			close(fd);
		path[strlen(path) - 7] = '\0';
	}
	if (symlink_inside(path, link) == 0)
		uevent_driver(dev, drv);
}

static void kernel_unbind(const char *dev)
{
	char link[VG_PATH_MAX];

	if (dev_link(link, sizeof(link), dev) < 0)
		return;
	if (n_unbound < 64) {
		snprintf(unbound[n_unbound].dev, sizeof(unbound[0].dev), "%s", dev);
		if (vg_read_link_name(link, unbound[n_unbound].drv, sizeof(unbound[0].drv)) == 0)
			n_unbound++;
	}
	if (unlink(link) == 0)
		uevent_driver(dev, "");
}

/* After a successful write of val to path. */
static void hook_written(const char *path, const char *val, size_t len)
{
	size_t rlen = strlen(hook_root);
	char log[VG_PATH_MAX], dev[32];
	const char *rel = path + rlen;
	FILE *f;

	if (!rlen || strncmp(path, hook_root, rlen) != 0)
		return;
	if (vg_path(log, sizeof(log), hook_root, "/.vg-writes") == 0 && (f = fopen(log, "a"))) {
		fprintf(f, "%s %.*s", rel, (int)len, val);
		fclose(f);
	}
	if (fake_sriov && strlen(rel) > 13 && strcmp(rel + strlen(rel) - 13, "/sriov_numvfs") == 0)
		vg_seam_numvfs(hook_root, rel, val);
	if (!fake_kernel)
		return;
	snprintf(dev, sizeof(dev), "%.*s", (int)strcspn(val, "\n"), val);
	if (strcmp(rel, "/sys/bus/pci/drivers_probe") == 0)
		kernel_probe(dev);
	else if (strlen(rel) > 14 && strcmp(rel + strlen(rel) - 14, "/driver/unbind") == 0)
		kernel_unbind(dev);
}
#else
static inline int fault_for(char op, const char *path)
{
	(void)op;
	(void)path;
	return 0;
}

static inline void hook_written(const char *path, const char *val, size_t len)
{
	(void)path;
	(void)val;
	(void)len;
}
#endif

int vg_path(char *buf, size_t len, const char *root, const char *fmt, ...)
{
	va_list ap;
	int n, m;

	n = snprintf(buf, len, "%s", root ? root : "");
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, len - (size_t)n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= len - (size_t)n)
		return -ENAMETOOLONG;
	return 0;
}

/* Open a file we read or write: through the root's jail (lib/rootfs.c:
 * never out of the root, never blocking, so a FIFO cannot hang the boot),
 * only a regular file (sysfs attributes are), and with nofollow not through
 * a symbolic link as the last component (an attribute is never one).
 * Returns the fd or -errno. */
static int open_regular(const char *path, int flags, bool nofollow)
{
	struct stat st;
	int fd = vg_open(path, flags, 0, !nofollow);
	int r;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0)
		r = -errno;
	else if (S_ISREG(st.st_mode))
		return fd;
	else
		r = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL; /* not a regular file */
	close(fd);
	return r;
}

/* Read into buf; once: a single read() (sysfs attributes). */
static ssize_t read_bounded(const char *path, char *buf, size_t len, bool once)
{
	size_t got = 0;
	int fd, err;

	if (len == 0)
		return -EINVAL;
	err = fault_for('r', path);
	if (err)
		return -err;
	fd = open_regular(path, O_RDONLY, true);
	if (fd < 0)
		return fd;
	while (got < len - 1) {
		ssize_t r = read(fd, buf + got, len - 1 - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			close(fd);
			buf[0] = '\0';
			return -err;
		}
		got += (size_t)r;
		if (r == 0 || once)
			break;
	}
	close(fd);
	buf[got] = '\0';
	return (ssize_t)got;
}

ssize_t vg_read_file(const char *path, char *buf, size_t len)
{
	return read_bounded(path, buf, len, false);
}

ssize_t vg_read_attr(const char *path, char *buf, size_t len)
{
	return read_bounded(path, buf, len, true);
}

int vg_parse_hex_attr(const char *buf, uint32_t *out)
{
	const char *p = buf + 2;
	uint32_t v;

	if (buf[0] != '0' || (buf[1] != 'x' && buf[1] != 'X') ||
	    vg_hex_digits(&p, SIZE_MAX, &v) < 0 || (*p != '\0' && strcmp(p, "\n") != 0))
		return -EINVAL;
	*out = v;
	return 0;
}

int vg_read_link_name(const char *path, char *buf, size_t len)
{
	char target[VG_PATH_MAX];
	const char *base;
	ssize_t n;
	int err = fault_for('r', path);

	if (err)
		return -err;
	n = vg_readlink(path, target, sizeof(target));
	if (n < 0)
		return (int)n;
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	if (*base == '\0' || strlen(base) >= len)
		return -ENAMETOOLONG;
	memcpy(buf, base, strlen(base) + 1);
	return 0;
}

int vg_read_whole(const char *path, size_t max, char **out, size_t *outlen)
{
	struct stat st;
	char *buf;
	size_t cap, got = 0;
	int fd, err = fault_for('r', path);

	*out = NULL;
	*outlen = 0;
	if (err)
		return -err;
	/* Followed: modprobe.d files are often links (to /usr/lib, /etc/alternatives). */
	fd = open_regular(path, O_RDONLY, false);
	if (fd < 0)
		return fd;
	/* Regular files tell their size; grow for the ones that do not. */
	cap = (fstat(fd, &st) == 0 && st.st_size > 0) ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (got + 1 == cap) {
			char *nb;

			if (cap > max) {
				err = EFBIG;
				break;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			nb = realloc(buf, cap);
			if (!nb) {
				err = ENOMEM;
				break;
			}
			buf = nb;
		}
		r = read(fd, buf + got, cap - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = errno;
			break;
		}
		if (r == 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	if (err) {
		free(buf);
		return -err;
	}
	buf[got] = '\0';
	*out = buf;
	*outlen = got;
	return 0;
}

int vg_write(const char *path, const char *val)
{
	char line[256];
	size_t len = strlen(val);
	ssize_t w;
	int fd, err = fault_for('w', path);

	if (err)
		return -err;
	if (len + 2 > sizeof(line))
		return -EINVAL;
	memcpy(line, val, len);
	if (len == 0 || val[len - 1] != '\n')
		line[len++] = '\n';
	fd = open_regular(path, O_WRONLY | O_TRUNC, true);
	if (fd < 0)
		return fd;
	do {
		w = write(fd, line, len);
	} while (w < 0 && errno == EINTR);
	err = w < 0 ? errno : 0;
	if (close(fd) < 0 && !err)
		err = errno; /* sysfs may report a store() error only here */
	if (!err && (size_t)w != len)
		err = EIO;
	if (!err)
		hook_written(path, line, len);
	return -err;
}
