/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse.c - is a group in use right now? bind and release ask before any
 * write (SPEC "Host-side tool"): unbinding a driver whose node a process
 * holds blocks inside the kernel (vfio's release-request loop) or pulls a
 * device from under a VM, a disk or the console. Everything is read under
 * the root (proc/, sys/, dev/), so fake roots stand in for a machine:
 * proc/PID/fd/N are then symbolic links to "/dev/vfio/7" & co., which is
 * what readlink gives on the running system too. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fb.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "inuse.h"
#include "inuse_scan.h"
#include "report.h"
#include "rootfs.h"
#include "sysfs.h"

int hv_scan_use(struct scan *s, size_t dev, long pid, const char *comm, const char *fmt, ...)
{
	char what[sizeof(((struct hv_use *)0)->what)];
	struct hv_use *x;
	va_list ap;
	size_t i;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	for (i = 0; i < s->u->n; i++)
		if (s->u->v[i].pid == pid && strcmp(s->u->v[i].what, what) == 0)
			return 0; /* one line per process and node, however many fds */
	if (s->u->n == s->u->cap) {
		size_t cap = s->u->cap ? 2 * s->u->cap : 8;

		x = realloc(s->u->v, cap * sizeof(*x));
		if (!x)
			return -ENOMEM;
		s->u->v = x;
		s->u->cap = cap;
	}
	x = &s->u->v[s->u->n++];
	memset(x, 0, sizeof(*x));
	x->dev = dev;
	x->pid = pid;
	snprintf(x->comm, sizeof(x->comm), "%s", comm ? comm : "");
	memcpy(x->what, what, sizeof(what));
	return 0;
}

static int add_node(struct scan *s, size_t dev, const char *path, const char *mm)
{
	unsigned ma, mi;
	char end;
	struct node *x;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 16;

		x = realloc(s->nodes, cap * sizeof(*x));
		if (!x)
			return -ENOMEM;
		s->nodes = x;
		s->cap = cap;
	}
	x = &s->nodes[s->n++];
	memset(x, 0, sizeof(*x));
	x->dev = dev;
	snprintf(x->path, sizeof(x->path), "%s", path);
	if (mm && sscanf(mm, "%u:%u%c", &ma, &mi, &end) == 3 && end == '\n') {
		x->rdev = makedev(ma, mi);
		x->has_rdev = true;
	}
	return 0;
}

size_t hv_scan_owner_in_path(const struct scan *s, const char *text)
{
	const char *p = text;
	size_t i;

	while (*p) {
		size_t len = strcspn(p, "/");

		for (i = 0; i < s->pci->n; i++)
			if (s->pick[i] && strlen(s->pci->devs[i].name) == len &&
			    strncmp(p, s->pci->devs[i].name, len) == 0)
				return i;
		p += len;
		p += *p == '/';
	}
	return NO_DEV;
}

int hv_scan_copy_name(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (n >= len) {
		dst[0] = '\0';
		return -ENAMETOOLONG;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

/* One device node of a class device directory (drm/card0, vfio-dev/vfio0):
 * the name devtmpfs gives it (uevent DEVNAME) or PREFIX + its name. */
static int class_node(struct scan *s, size_t dev, const char *dir, const char *name,
		      const char *prefix)
{
	char path[VG_PATH_MAX], buf[512], mm[32], node[128];
	const char *dn;
	bool have_mm;

	if (vg_path(path, sizeof(path), s->root, "%s/%s/dev", dir, name) < 0)
		return 0;
	have_mm = vg_read_file(path, mm, sizeof(mm)) > 0;
	if (vg_path(node, sizeof(node), "", "/dev/%s%s", prefix, name) < 0)
		return 0; /* no kernel device name is that long */
	if (vg_path(path, sizeof(path), s->root, "%s/%s/uevent", dir, name) == 0 &&
	    vg_read_file(path, buf, sizeof(buf)) > 0 && (dn = strstr(buf, "DEVNAME=")) &&
	    (dn == buf || dn[-1] == '\n')) {
		dn += 8;
		if (vg_path(node, sizeof(node), "", "/dev/%.*s", (int)strcspn(dn, "\n"), dn) < 0)
			return 0;
	} else if (!have_mm) {
		return 0; /* a connector (card0-VGA-1) or the like: no node */
	}
	return add_node(s, dev, node, have_mm ? mm : NULL);
}

static int class_nodes(struct scan *s, size_t dev, const char *sub, const char *prefix)
{
	char dir[VG_PATH_MAX], path[VG_PATH_MAX];
	struct dirent *e;
	DIR *d;
	int r = 0;

	snprintf(dir, sizeof(dir), "/sys/bus/pci/devices/%s/%s", s->pci->devs[dev].name, sub);
	if (vg_path(path, sizeof(path), s->root, "%s", dir) < 0)
		return 0;
	d = vg_opendir(path);
	if (!d)
		return 0; /* ENOENT: no such nodes, the normal case */
	while (r == 0 && (e = readdir(d)))
		if (e->d_name[0] != '.')
			r = class_node(s, dev, dir, e->d_name, prefix);
	closedir(d);
	return r;
}

/* The nodes of a class whose devices sit below the function, perhaps
 * deeper than one level (sys/class/nvme-generic/ng0n1 is under the
 * controller nvme0): each entry's link names the function it runs through. */
static int class_links(struct scan *s, const char *class)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX];
	struct dirent *e;
	size_t owner;
	DIR *d;
	int r = 0;

	if (vg_path(path, sizeof(path), s->root, "%s", class) < 0 || !(d = vg_opendir(path)))
		return 0;
	while (r == 0 && (e = readdir(d))) {
		if (e->d_name[0] == '.' ||
		    vg_path(path, sizeof(path), s->root, "%s/%s", class, e->d_name) < 0 ||
		    vg_readlink(path, link, sizeof(link)) < 0)
			continue;
		owner = hv_scan_owner_in_path(s, link);
		if (owner != NO_DEV)
			r = class_node(s, owner, class, e->d_name, "");
	}
	closedir(d);
	return r;
}

/* nvidia numbers its per-GPU nodes itself: /dev/nvidiaN, N from
 * /proc/driver/nvidia/gpus/ADDR/information. Unknown: any /dev/nvidiaN. */
static int nvidia_node(struct scan *s, size_t dev, bool *any)
{
	char path[VG_PATH_MAX], buf[2048], node[32], mm[32];
	const char *p;
	unsigned minor;

	if (strcmp(s->pci->devs[dev].driver, "nvidia") != 0)
		return 0;
	if (vg_path(path, sizeof(path), s->root, "/proc/driver/nvidia/gpus/%s/information",
		    s->pci->devs[dev].name) == 0 &&
	    vg_read_file(path, buf, sizeof(buf)) > 0 && (p = strstr(buf, "Device Minor:")) &&
	    sscanf(p + 13, " %u", &minor) == 1) {
		snprintf(node, sizeof(node), "/dev/nvidia%u", minor);
		snprintf(mm, sizeof(mm), "195:%u\n", minor);
		return add_node(s, dev, node, mm);
	}
	*any = true;
	return 0;
}

static bool is_nvidia_gpu_node(const char *t)
{
	if (strncmp(t, "/dev/nvidia", 11) != 0 || !isdigit((unsigned char)t[11]))
		return false;
	for (t += 11; *t; t++)
		if (!isdigit((unsigned char)*t))
			return false;
	return true;
}

void hv_scan_comm(const struct scan *s, const char *pid, char *buf, size_t len)
{
	char path[VG_PATH_MAX], raw[64], esc[64];

	if (vg_path(path, sizeof(path), s->root, "/proc/%s/comm", pid) < 0 ||
	    vg_read_file(path, raw, sizeof(raw)) <= 0) {
		snprintf(buf, len, "?");
		return;
	}
	raw[strcspn(raw, "\n")] = '\0';
	vg_escape(raw, esc, sizeof(esc), false);
	snprintf(buf, len, "%s", esc);
}

/* One open file of a process: its device node, or a block device below a
 * picked function. nv_any: the nvidia function whose minor is unknown. */
static int check_fd(struct scan *s, const char *pid, const char *comm, int fddir, const char *fd,
		    const char *target, size_t nv_any)
{
	char name[64];
	struct stat st;
	size_t i, owner;
	bool have_st = false;

	if (strncmp(target, "/dev/", 5) != 0)
		return 0;
	/* On the running system the node's number decides (any name, any
	 * link); a fake root's links lead nowhere, its names decide. */
	if (!s->root[0] && fstatat(fddir, fd, &st, 0) == 0 &&
	    (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)))
		have_st = true;
	for (i = 0; i < s->n; i++)
		if (strcmp(target, s->nodes[i].path) == 0 ||
		    (have_st && S_ISCHR(st.st_mode) && s->nodes[i].has_rdev &&
		     st.st_rdev == s->nodes[i].rdev)) {
			return hv_scan_use(s, s->nodes[i].dev, strtol(pid, NULL, 10), comm,
					   "holds %s", target);
		}
	if (nv_any != NO_DEV && is_nvidia_gpu_node(target)) {
		return hv_scan_use(s, nv_any, strtol(pid, NULL, 10), comm, "holds %s", target);
	}
	if (have_st && !S_ISBLK(st.st_mode))
		return 0;
	hv_block_name_of(s, target, name, sizeof(name));
	owner = hv_block_owner(s, name);
	if (owner == NO_DEV)
		return 0;
	return hv_scan_use(s, owner, strtol(pid, NULL, 10), comm,
			   "holds %s, a block device below %s", target, s->pci->devs[owner].name);
}

/* The picked function whose BAR a mapped sysfs path is
 * (".../0000:01:00.0/resource0", "resource2_wc"), or NO_DEV. */
static size_t resource_owner(const struct scan *s, const char *path)
{
	const char *base = strrchr(path, '/'), *parent;
	size_t i, len;

	if (strncmp(path, "/sys/", 5) != 0 || !base || strncmp(base + 1, "resource", 8) != 0 ||
	    !isdigit((unsigned char)base[9]))
		return NO_DEV;
	for (parent = base; parent > path && parent[-1] != '/'; parent--)
		;
	len = (size_t)(base - parent);
	for (i = 0; i < s->pci->n; i++)
		if (s->pick[i] && strlen(s->pci->devs[i].name) == len &&
		    strncmp(parent, s->pci->devs[i].name, len) == 0)
			return i;
	return NO_DEV;
}

/* proc/PID/maps: a process that mapped a BAR through sysfs (resourceN) or
 * a node (/dev/uioN: DPDK) uses the device with no fd left open. */
static int scan_maps(struct scan *s, const char *pid, char *comm, size_t clen)
{
	char path[VG_PATH_MAX], *line = NULL, esc[256];
	size_t cap = 0, i, owner;
	struct stat st;
	FILE *f;
	int fd, r = 0;

	if (vg_path(path, sizeof(path), s->root, "/proc/%s/maps", pid) < 0)
		return 0;
	fd = vg_open(path, O_RDONLY, 0, false);
	if (fd < 0)
		return 0; /* gone, or not ours to read */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || !(f = fdopen(fd, "r"))) {
		close(fd);
		return 0;
	}
	while (r == 0 && getline(&line, &cap, f) > 0) {
		char *p = strchr(line, '/');

		if (!p)
			continue;
		p[strcspn(p, "\n")] = '\0';
		if (strlen(p) > 10 && strcmp(p + strlen(p) - 10, " (deleted)") == 0)
			p[strlen(p) - 10] = '\0';
		owner = resource_owner(s, p);
		for (i = 0; owner == NO_DEV && i < s->n; i++)
			if (strcmp(p, s->nodes[i].path) == 0)
				owner = s->nodes[i].dev;
		if (owner == NO_DEV)
			continue;
		if (!comm[0])
			hv_scan_comm(s, pid, comm, clen);
		vg_escape(p, esc, sizeof(esc), false);
		r = hv_scan_use(s, owner, strtol(pid, NULL, 10), comm, "maps %s", esc);
	}
	free(line);
	fclose(f);
	return r;
}

static int scan_process(struct scan *s, const char *pid, size_t nv_any)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX], comm[64] = "";
	struct dirent *e;
	DIR *d;
	int r = 0;

	if (vg_path(path, sizeof(path), s->root, "/proc/%s/fd", pid) < 0)
		return 0;
	d = vg_opendir(path);
	if (!d) /* gone, or not ours to read (EACCES): nothing to say */
		return scan_maps(s, pid, comm, sizeof(comm));
	while (r == 0 && (e = readdir(d))) {
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), e->d_name, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = '\0';
		if (!comm[0])
			hv_scan_comm(s, pid, comm, sizeof(comm));
		r = check_fd(s, pid, comm, dirfd(d), e->d_name, link, nv_any);
	}
	closedir(d);
	return r < 0 ? r : scan_maps(s, pid, comm, sizeof(comm));
}

static int scan_processes(struct scan *s, size_t nv_any)
{
	char path[VG_PATH_MAX], self[24];
	struct dirent *e;
	DIR *d;
	int r = 0;

	snprintf(self, sizeof(self), "%ld", (long)getpid());
	if (vg_path(path, sizeof(path), s->root, "/proc") < 0)
		return 0;
	d = vg_opendir(path);
	if (!d)
		return 0;
	while (r == 0 && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    strspn(e->d_name, "0123456789") != strlen(e->d_name))
			continue;
		/* Our own fds (the lock) are no use of a device. */
		if (!s->root[0] && strcmp(e->d_name, self) == 0)
			continue;
		r = scan_process(s, e->d_name, nv_any);
	}
	closedir(d);
	return r;
}

/* proc/swaps: "Filename Type Size Used Priority", one line per area. A swap
 * file's disk is not followed (its st_dev is not readable under a root). */
static int scan_swaps(struct scan *s)
{
	char path[VG_PATH_MAX], file[200], name[64];
	char *buf, *line, *save = NULL;
	size_t len, owner;
	int r = 0;

	if (vg_path(path, sizeof(path), s->root, "/proc/swaps") < 0 ||
	    vg_read_whole(path, 1 << 20, &buf, &len) < 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); r == 0 && line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "%199s", file) != 1 || strncmp(file, "/dev/", 5) != 0)
			continue;
		hv_block_name_of(s, file, name, sizeof(name));
		owner = hv_block_owner(s, name);
		if (owner == NO_DEV)
			continue;
		r = hv_scan_use(s, owner, 0, NULL, "%s, a block device below %s, is in use as swap",
				file, s->pci->devs[owner].name);
	}
	free(buf);
	return r;
}

/* fbcon bound (a vtconsole named "frame buffer device" with bind 1) draws
 * on the frame buffers; one of a picked function is then the console. */
static bool fbcon_bound(const struct scan *s)
{
	char path[VG_PATH_MAX], buf[128];
	struct dirent *e;
	bool bound = false;
	DIR *d;

	if (vg_path(path, sizeof(path), s->root, "/sys/class/vtconsole") < 0 ||
	    !(d = vg_opendir(path)))
		return false;
	while (!bound && (e = readdir(d))) {
		if (strncmp(e->d_name, "vtcon", 5) != 0 ||
		    vg_path(path, sizeof(path), s->root, "/sys/class/vtconsole/%s/bind",
			    e->d_name) < 0 ||
		    vg_read_file(path, buf, sizeof(buf)) <= 0 || strcmp(buf, "1\n") != 0 ||
		    vg_path(path, sizeof(path), s->root, "/sys/class/vtconsole/%s/name",
			    e->d_name) < 0 ||
		    vg_read_file(path, buf, sizeof(buf)) <= 0)
			continue;
		bound = strstr(buf, "frame buffer device") != NULL;
	}
	closedir(d);
	return bound;
}

#define FB_SLOTS 32 /* the kernel's FB_MAX */
#define CONSOLES 63 /* MAX_NR_CONSOLES */

/* The kernel's console-to-frame-buffer map, asked through any frame
 * buffer (FBIOGET_CON2FBMAP). Returns whether it answered. */
static bool kernel_con2fb(bool *on)
{
	struct fb_con2fbmap m;
	char path[32];
	bool any = false;
	unsigned con;
	int fd = -1, i;

	for (i = 0; i < FB_SLOTS && fd < 0; i++) {
		snprintf(path, sizeof(path), "/dev/fb%d", i);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	}
	if (fd < 0)
		return false;
	for (con = 1; con <= CONSOLES; con++) {
		m.console = con;
		m.framebuffer = 0;
		if (ioctl(fd, FBIOGET_CON2FBMAP, &m) == 0 && m.framebuffer < FB_SLOTS)
			on[m.framebuffer] = any = true;
	}
	close(fd);
	return any;
}

/* Which frame buffers carry a console: on the running system the kernel's
 * map; else (a root, or no answer) fbcon=map:DIGITS of the command line,
 * else fbcon's default, every console on the first frame buffer. fbcon
 * is bound to every frame buffer but draws only on these: a second card's
 * fb1 is no console. */
static void console_fbs(const struct scan *s, bool *on)
{
	char path[VG_PATH_MAX], buf[4096];
	const char *m;

	memset(on, 0, FB_SLOTS * sizeof(*on));
	if (!s->root[0] && kernel_con2fb(on))
		return;
	if (vg_path(path, sizeof(path), s->root, "/proc/cmdline") == 0 &&
	    vg_read_file(path, buf, sizeof(buf)) > 0 && (m = strstr(buf, "fbcon=map:")) &&
	    (m == buf || m[-1] == ' ') && isdigit((unsigned char)m[10])) {
		for (m += 10; isdigit((unsigned char)*m); m++)
			on[*m - '0'] = true;
		return;
	}
	on[0] = true;
}

static int scan_console(struct scan *s)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX];
	bool on[FB_SLOTS];
	struct dirent *e;
	size_t owner;
	unsigned idx;
	char end;
	DIR *d;
	int r = 0;

	if (!fbcon_bound(s) || vg_path(path, sizeof(path), s->root, "/sys/class/graphics") < 0 ||
	    !(d = vg_opendir(path)))
		return 0;
	console_fbs(s, on);
	while (r == 0 && (e = readdir(d))) {
		/* fbN only ("fbcon" is the console's own entry) */
		if (sscanf(e->d_name, "fb%u%c", &idx, &end) != 1 || idx >= FB_SLOTS || !on[idx] ||
		    vg_path(path, sizeof(path), s->root, "/sys/class/graphics/%s/device",
			    e->d_name) < 0 ||
		    vg_readlink(path, link, sizeof(link)) < 0)
			continue;
		owner = hv_scan_owner_in_path(s, link);
		if (owner == NO_DEV)
			continue;
		r = hv_scan_use(s, owner, 0, NULL, "the console (fbcon) is on %s of %s", e->d_name,
				s->pci->devs[owner].name);
	}
	closedir(d);
	return r;
}

int hv_inuse_find(const char *root, const struct vg_pci *pci, const bool *pick, struct hv_uses *u)
{
	struct scan s = {.root = root, .pci = pci, .pick = pick, .u = u};
	size_t i, nv_any = NO_DEV;
	char node[64];
	int r = 0;

	for (i = 0; r == 0 && i < pci->n; i++) {
		bool any = false;

		if (!pick[i])
			continue;
		if (pci->devs[i].group != VG_NO_GROUP) {
			snprintf(node, sizeof(node), "/dev/vfio/%d", pci->devs[i].group);
			r = add_node(&s, i, node, NULL);
			snprintf(node, sizeof(node), "/dev/vfio/noiommu-%d", pci->devs[i].group);
			if (r == 0)
				r = add_node(&s, i, node, NULL);
		}
		if (r == 0)
			r = class_nodes(&s, i, "vfio-dev", "vfio/devices/");
		if (r == 0)
			r = class_nodes(&s, i, "drm", "dri/");
		if (r == 0)
			r = nvidia_node(&s, i, &any);
		if (any)
			nv_any = i;
	}
	if (r == 0)
		r = class_links(&s, "/sys/class/uio");
	if (r == 0)
		r = class_links(&s, "/sys/class/nvme");
	if (r == 0)
		r = class_links(&s, "/sys/class/nvme-generic");
	if (r == 0)
		r = scan_processes(&s, nv_any);
	if (r == 0)
		r = hv_scan_mounts(&s);
	if (r == 0)
		r = scan_swaps(&s);
	if (r == 0)
		r = hv_scan_block(&s);
	if (r == 0)
		r = hv_scan_net(&s);
	if (r == 0)
		r = scan_console(&s);
	free(s.nodes);
	return r;
}

void hv_uses_free(struct hv_uses *u)
{
	free(u->v);
	memset(u, 0, sizeof(*u));
}

void hv_use_text(const struct vg_pci *pci, const struct hv_use *use, char *buf, size_t len)
{
	if (use->pid)
		snprintf(buf, len, "pid %ld (%s) %s", use->pid, use->comm, use->what);
	else
		snprintf(buf, len, "%s", use->what);
}
