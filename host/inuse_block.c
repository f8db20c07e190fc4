/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse_block.c - block devices below a function that something holds
 * without a process showing it (SPEC "Host-side tool", in use at any depth):
 * the kernel's own stacks (device mapper, md, LVM, LUKS: holders/), an
 * imported ZFS pool (it opens its vdevs in the kernel), a mounted btrfs
 * filesystem's second device (one mount line names only one). On the
 * running system an exclusive open settles it whatever the stack; a fake
 * root cannot make an open busy, so what sysfs, udev's database and ZFS's
 * kstat show decides there, and explains it here. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "inuse_scan.h"
#include "report.h"
#include "rootfs.h"
#include "sysfs.h"

#define NAME_LEN 64

/* Block device names already visited by one walk: stacks are acyclic in
 * the kernel, but a fake or damaged sysfs need not be. */
struct seen {
	char (*v)[NAME_LEN];
	size_t n, cap;
};

/* Whether name is new (and now recorded). Out of memory: "seen", which
 * ends the walk rather than the run. */
static bool seen_add(struct seen *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (strcmp(w->v[i], name) == 0)
			return false;
	if (w->n == w->cap) {
		size_t cap = w->cap ? 2 * w->cap : 16;
		char(*x)[NAME_LEN] = realloc(w->v, cap * sizeof(*x));

		if (!x)
			return false;
		w->v = x;
		w->cap = cap;
	}
	return hv_scan_copy_name(w->v[w->n++], NAME_LEN, name) == 0;
}

static bool plain_name(const char *name)
{
	return name[0] && name[0] != '.' && !strchr(name, '/');
}

/* The picked function a block device's sysfs link leads to. A native
 * NVMe multipath disk (Debian's default) sits under the virtual
 * nvme-subsystem/nvme-subsysN, whose nvmeN entries link to its
 * controllers: the disk is below each controller's function. */
static size_t link_owner(const struct scan *s, const char *link)
{
	char path[VG_PATH_MAX], ctrl[VG_PATH_MAX], sub[NAME_LEN];
	const char *p = strstr(link, "/nvme-subsystem/");
	size_t owner = hv_scan_owner_in_path(s, link);
	struct dirent *e;
	DIR *d;

	if (owner != NO_DEV || !p)
		return owner;
	p += 16;
	if (strcspn(p, "/") >= sizeof(sub))
		return NO_DEV;
	snprintf(sub, sizeof(sub), "%.*s", (int)strcspn(p, "/"), p);
	if (!plain_name(sub) ||
	    vg_path(path, sizeof(path), s->root, "/sys/class/nvme-subsystem/%s", sub) < 0 ||
	    !(d = vg_opendir(path)))
		return NO_DEV;
	while (owner == NO_DEV && (e = readdir(d)))
		if (strncmp(e->d_name, "nvme", 4) == 0 && isdigit((unsigned char)e->d_name[4]) &&
		    strspn(e->d_name + 4, "0123456789") == strlen(e->d_name + 4) &&
		    vg_path(ctrl, sizeof(ctrl), s->root, "/sys/class/nvme-subsystem/%s/%s", sub,
			    e->d_name) == 0 &&
		    vg_readlink(ctrl, path, sizeof(path)) > 0)
			owner = hv_scan_owner_in_path(s, path);
	closedir(d);
	return owner;
}

static size_t owner_walk(const struct scan *s, const char *name, struct seen *w)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX];
	size_t owner;
	struct dirent *e;
	DIR *d;

	if (!plain_name(name) || !seen_add(w, name) ||
	    vg_path(path, sizeof(path), s->root, "/sys/class/block/%s", name) < 0 ||
	    vg_readlink(path, link, sizeof(link)) < 0)
		return NO_DEV;
	owner = link_owner(s, link);
	if (owner != NO_DEV ||
	    vg_path(path, sizeof(path), s->root, "/sys/class/block/%s/slaves", name) < 0)
		return owner;
	d = vg_opendir(path);
	if (!d)
		return NO_DEV;
	while (owner == NO_DEV && (e = readdir(d)))
		owner = owner_walk(s, e->d_name, w);
	closedir(d);
	return owner;
}

size_t hv_block_owner(const struct scan *s, const char *name)
{
	struct seen w = {0};
	size_t owner = owner_walk(s, name, &w);

	free(w.v);
	return owner;
}

void hv_block_name_of(const struct scan *s, const char *devpath, char *name, size_t len)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX];
	const char *base = devpath;

	if (vg_path(path, sizeof(path), s->root, "%s", devpath) == 0 &&
	    vg_readlink(path, link, sizeof(link)) > 0)
		base = link;
	base = strrchr(base, '/') ? strrchr(base, '/') + 1 : base;
	hv_scan_copy_name(name, len, base); /* too long: "", no block device's name */
}

/* A one-line attribute of sys/class/block/NAME, newline dropped ("" none). */
static void block_attr(const struct scan *s, const char *name, const char *attr, char *buf,
		       size_t len)
{
	char path[VG_PATH_MAX];

	buf[0] = '\0';
	if (vg_path(path, sizeof(path), s->root, "/sys/class/block/%s/%s", name, attr) < 0 ||
	    vg_read_file(path, buf, len) <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[strcspn(buf, "\n")] = '\0';
}

/* udev's property KEY of block device MAJ:MIN (run/udev/data/bMAJ:MIN,
 * lines "E:KEY=VALUE"), escaped; "" when udev has none. */
static void udev_prop(const struct scan *s, const char *mm, const char *key, char *out, size_t len)
{
	char path[VG_PATH_MAX], *buf, *line, *save = NULL;
	size_t n, klen = strlen(key);

	out[0] = '\0';
	if (!mm[0] || vg_path(path, sizeof(path), s->root, "/run/udev/data/b%s", mm) < 0 ||
	    vg_read_whole(path, 1 << 16, &buf, &n) < 0)
		return;
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strncmp(line, "E:", 2) == 0 && strncmp(line + 2, key, klen) == 0 &&
		    line[2 + klen] == '=') {
			vg_escape(line + 3 + klen, out, len, false);
			break;
		}
	free(buf);
}

/* "md0 (crypto_LUKS)", "dm-0 (luks-1f2e, LVM2_member)": a device of a stack
 * with its device-mapper name and what udev found on it. */
static void describe(const struct scan *s, const char *name, char *buf, size_t len)
{
	char mm[32], type[64], dm[128], esc[128];

	block_attr(s, name, "dev", mm, sizeof(mm));
	udev_prop(s, mm, "ID_FS_TYPE", type, sizeof(type));
	block_attr(s, name, "dm/name", dm, sizeof(dm));
	vg_escape(dm, esc, sizeof(esc), false);
	if (esc[0] && type[0])
		snprintf(buf, len, "%s (%s, %s)", name, esc, type);
	else if (esc[0] || type[0])
		snprintf(buf, len, "%s (%s)", name, esc[0] ? esc : type);
	else
		snprintf(buf, len, "%s", name);
}

/* The first of holders/ by name (readdir's order is no order), "" none. */
static void first_holder(const struct scan *s, const char *name, char *out, size_t len)
{
	char path[VG_PATH_MAX];
	struct dirent *e;
	DIR *d;

	out[0] = '\0';
	if (vg_path(path, sizeof(path), s->root, "/sys/class/block/%s/holders", name) < 0 ||
	    !(d = vg_opendir(path)))
		return;
	while ((e = readdir(d)))
		if (plain_name(e->d_name) && strlen(e->d_name) < len &&
		    (!out[0] || strcmp(e->d_name, out) < 0))
			memcpy(out, e->d_name, strlen(e->d_name) + 1);
	closedir(d);
}

/* The stack on name, up to its top: "md0 (crypto_LUKS) -> dm-0 -> dm-3".
 * No depth cap; a device seen twice ends it. Returns whether any holds it. */
static bool holders_chain(const struct scan *s, const char *name, char *buf, size_t len)
{
	char cur[NAME_LEN], next[NAME_LEN], one[256];
	struct seen w = {0};
	size_t n = 0;

	buf[0] = '\0';
	if (hv_scan_copy_name(cur, sizeof(cur), name) < 0)
		return false;
	seen_add(&w, cur);
	for (first_holder(s, cur, next, sizeof(next)); next[0] && seen_add(&w, next);
	     first_holder(s, cur, next, sizeof(next))) {
		describe(s, next, one, sizeof(one));
		if (n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " -> " : "", one);
		memcpy(cur, next, sizeof(cur));
	}
	free(w.v);
	return buf[0] != '\0';
}

/* Whether ZFS has pool LABEL imported (proc/spl/kstat/zfs/POOL/ exists),
 * or with no label known, any pool at all. */
static bool zfs_imported(const struct scan *s, const char *label, char *pool, size_t len)
{
	char path[VG_PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;

	pool[0] = '\0';
	if (plain_name(label)) {
		if (vg_path(path, sizeof(path), s->root, "/proc/spl/kstat/zfs/%s", label) < 0 ||
		    vg_stat(path, &st, true) < 0 || !S_ISDIR(st.st_mode))
			return false;
		snprintf(pool, len, "%s", label);
		return true;
	}
	if (vg_path(path, sizeof(path), s->root, "/proc/spl/kstat/zfs") < 0 ||
	    !(d = vg_opendir(path)))
		return false;
	while (!pool[0] && (e = readdir(d)))
		if (plain_name(e->d_name) &&
		    vg_path(path, sizeof(path), s->root, "/proc/spl/kstat/zfs/%s", e->d_name) ==
			0 &&
		    vg_stat(path, &st, true) == 0 && S_ISDIR(st.st_mode))
			vg_escape(e->d_name, pool, len, false);
	closedir(d);
	return pool[0] != '\0';
}

/* Running system only: an exclusive open of /dev/NAME fails with EBUSY
 * when anything holds the device, in the kernel or not. The node is
 * checked to be that device first (a stale /dev is no answer). */
static bool excl_busy(const struct scan *s, const char *name, const char *mm)
{
	char uevent[512], node[VG_PATH_MAX];
	const char *dn;
	unsigned ma, mi;
	struct stat st;
	int fd;

	if (s->root[0] || sscanf(mm, "%u:%u", &ma, &mi) != 2)
		return false;
	if (vg_path(node, sizeof(node), "", "/sys/class/block/%s/uevent", name) == 0 &&
	    vg_read_file(node, uevent, sizeof(uevent)) > 0 && (dn = strstr(uevent, "DEVNAME=")) &&
	    (dn == uevent || dn[-1] == '\n'))
		snprintf(node, sizeof(node), "/dev/%.*s", (int)strcspn(dn + 8, "\n"), dn + 8);
	else
		snprintf(node, sizeof(node), "/dev/%s", name);
	if (stat(node, &st) < 0 || !S_ISBLK(st.st_mode) || st.st_rdev != makedev(ma, mi))
		return false;
	fd = open(node, O_RDONLY | O_EXCL | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return false;
	}
	return errno == EBUSY;
}

/* Whether any use names this function already. */
static bool has_use(const struct scan *s, size_t dev)
{
	size_t i;

	for (i = 0; i < s->u->n; i++)
		if (s->u->v[i].dev == dev)
			return true;
	return false;
}

/* A device directly on a picked function: its stack, its ZFS pool. */
static int check_direct(struct scan *s, const char *name, size_t owner)
{
	char mm[32], type[64], label[128], pool[128], chain[768], self[256];
	const char *fn = s->pci->devs[owner].name;
	int r = 0;

	block_attr(s, name, "dev", mm, sizeof(mm));
	udev_prop(s, mm, "ID_FS_TYPE", type, sizeof(type));
	describe(s, name, self, sizeof(self));
	if (holders_chain(s, name, chain, sizeof(chain)))
		r = hv_scan_use(s, owner, 0, NULL,
				"/dev/%s, a block device below %s, is held by the kernel: %s", self,
				fn, chain);
	if (r == 0 && strcmp(type, "zfs_member") == 0) {
		udev_prop(s, mm, "ID_FS_LABEL", label, sizeof(label));
		if (zfs_imported(s, label, pool, sizeof(pool)))
			r = hv_scan_use(s, owner, 0, NULL,
					"/dev/%s, a block device below %s, is a member of the "
					"imported ZFS pool %s",
					name, fn, pool);
	}
	return r;
}

/* sys/fs/btrfs/UUID/devices/NAME: every device of a mounted btrfs, the
 * second one of which no mount line names. */
static int scan_btrfs(struct scan *s)
{
	char path[VG_PATH_MAX], uuid[NAME_LEN];
	struct dirent *e, *f;
	DIR *d, *dd;
	size_t owner;
	int r = 0;

	if (vg_path(path, sizeof(path), s->root, "/sys/fs/btrfs") < 0 || !(d = vg_opendir(path)))
		return 0;
	while (r == 0 && (e = readdir(d))) {
		if (!plain_name(e->d_name) ||
		    hv_scan_copy_name(uuid, sizeof(uuid), e->d_name) < 0 ||
		    vg_path(path, sizeof(path), s->root, "/sys/fs/btrfs/%s/devices", uuid) < 0 ||
		    !(dd = vg_opendir(path)))
			continue;
		while (r == 0 && (f = readdir(dd))) {
			if (!plain_name(f->d_name))
				continue;
			owner = hv_block_owner(s, f->d_name);
			if (owner != NO_DEV)
				r = hv_scan_use(s, owner, 0, NULL,
						"/dev/%s, a block device below %s, is a device of "
						"the mounted btrfs filesystem %s",
						f->d_name, s->pci->devs[owner].name, uuid);
		}
		closedir(dd);
	}
	closedir(d);
	return r;
}

int hv_scan_block(struct scan *s)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX], mm[32];
	struct seen direct = {0};
	struct dirent *e;
	size_t owner, i;
	DIR *d;
	int r = 0;

	if (vg_path(path, sizeof(path), s->root, "/sys/class/block") == 0 &&
	    (d = vg_opendir(path))) {
		while (r == 0 && (e = readdir(d))) {
			if (!plain_name(e->d_name) ||
			    vg_path(path, sizeof(path), s->root, "/sys/class/block/%s", e->d_name) <
				0 ||
			    vg_readlink(path, link, sizeof(link)) < 0)
				continue;
			owner = link_owner(s, link);
			if (owner == NO_DEV)
				continue;
			r = check_direct(s, e->d_name, owner);
			if (!s->root[0])
				seen_add(&direct, e->d_name);
		}
		closedir(d);
	}
	if (r == 0)
		r = scan_btrfs(s);
	/* The exclusive open last: what holds a device that no use above
	 * explains (a filesystem mounted only inside the kernel, a swap
	 * file's disk, a driver's own claim). */
	for (i = 0; r == 0 && i < direct.n; i++) {
		if (vg_path(path, sizeof(path), s->root, "/sys/class/block/%s", direct.v[i]) < 0 ||
		    vg_readlink(path, link, sizeof(link)) < 0)
			continue;
		owner = link_owner(s, link);
		block_attr(s, direct.v[i], "dev", mm, sizeof(mm));
		if (owner != NO_DEV && !has_use(s, owner) && excl_busy(s, direct.v[i], mm))
			r = hv_scan_use(s, owner, 0, NULL,
					"/dev/%s, a block device below %s, is held by something "
					"(an exclusive open fails with EBUSY)",
					direct.v[i], s->pci->devs[owner].name);
	}
	free(direct.v);
	return r;
}
