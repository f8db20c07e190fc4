/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse_mnt.c - mounts of block devices below the picked functions, in
 * every mount namespace: a container's or a systemd service's private
 * mount is no line of our own mountinfo, yet unbinding the disk under it
 * loses its data all the same. Each namespace is read once (the processes
 * sharing it show the same table), known by its proc/PID/ns/mnt link. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "inuse_scan.h"
#include "report.h"
#include "rootfs.h"
#include "sysfs.h"

/* One mountinfo: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS ... - TYPE SOURCE
 * ...". pid 0: our own namespace; else the first process seen in another. */
static int scan_table(struct scan *s, const char *path, long pid, const char *comm)
{
	char link[VG_PATH_MAX], p[VG_PATH_MAX], mm[32], mnt[200], src[200], name[64];
	char *buf, *line, *save = NULL;
	size_t len, owner;
	int r = 0;

	if (vg_read_whole(path, 4 << 20, &buf, &len) < 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); r == 0 && line;
	     line = strtok_r(NULL, "\n", &save)) {
		const char *sep = strstr(line, " - ");
		char emnt[200];

		src[0] = '\0';
		if (sscanf(line, "%*s %*s %31s %*s %199s", mm, mnt) != 2)
			continue;
		if (sep)
			sscanf(sep + 3, "%*s %199s", src);
		owner = NO_DEV;
		name[0] = '\0';
		if (vg_path(p, sizeof(p), s->root, "/sys/dev/block/%s", mm) == 0 &&
		    vg_readlink(p, link, sizeof(link)) > 0) {
			hv_scan_copy_name(name, sizeof(name),
					  strrchr(link, '/') ? strrchr(link, '/') + 1 : link);
			owner = hv_block_owner(s, name);
		}
		/* btrfs & co. show an anonymous 0:N: the source names the disk. */
		if (owner == NO_DEV && strncmp(src, "/dev/", 5) == 0) {
			hv_block_name_of(s, src, name, sizeof(name));
			owner = hv_block_owner(s, name);
		}
		if (owner == NO_DEV)
			continue;
		vg_escape(mnt, emnt, sizeof(emnt), false);
		if (pid)
			r = hv_scan_use(s, owner, pid, comm,
					"has /dev/%s, a block device below %s, mounted at %s in "
					"its own mount namespace",
					name, s->pci->devs[owner].name, emnt);
		else
			r = hv_scan_use(s, owner, 0, NULL,
					"/dev/%s, a block device below %s, is mounted at %s", name,
					s->pci->devs[owner].name, emnt);
	}
	free(buf);
	return r;
}

/* The namespace of proc/PID ("mnt:[4026531841]"), or a key of its own
 * when the link cannot be read (a fake root's process: then each counts). */
static void ns_key(const struct scan *s, const char *pid, char *key, size_t len)
{
	char path[VG_PATH_MAX];

	if (vg_path(path, sizeof(path), s->root, "/proc/%s/ns/mnt", pid) < 0 ||
	    vg_readlink(path, key, len) <= 0)
		snprintf(key, len, "pid:%s", pid);
}

struct keys {
	char (*v)[64];
	size_t n, cap;
};

/* Whether key is new (and now recorded); out of memory: not new. */
static bool key_add(struct keys *k, const char *key)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if (strcmp(k->v[i], key) == 0)
			return false;
	if (k->n == k->cap) {
		size_t cap = k->cap ? 2 * k->cap : 16;
		char(*x)[64] = realloc(k->v, cap * sizeof(*x));

		if (!x)
			return false;
		k->v = x;
		k->cap = cap;
	}
	snprintf(k->v[k->n++], sizeof(k->v[0]), "%s", key);
	return true;
}

/* A process's mountinfo we may read (another user's is not, as non-root). */
static bool readable(const char *path)
{
	int fd = vg_open(path, O_RDONLY, 0, false);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int hv_scan_mounts(struct scan *s)
{
	char path[VG_PATH_MAX], key[64], self[24], comm[64];
	struct keys seen = {0};
	struct dirent *e;
	DIR *d;
	int r;

	ns_key(s, "self", key, sizeof(key));
	key_add(&seen, key);
	if (vg_path(path, sizeof(path), s->root, "/proc/self/mountinfo") < 0)
		return 0;
	r = scan_table(s, path, 0, NULL);
	snprintf(self, sizeof(self), "%ld", (long)getpid());
	if (r < 0 || vg_path(path, sizeof(path), s->root, "/proc") < 0 || !(d = vg_opendir(path))) {
		free(seen.v);
		return r;
	}
	while (r == 0 && (e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]) ||
		    strspn(e->d_name, "0123456789") != strlen(e->d_name) ||
		    (!s->root[0] && strcmp(e->d_name, self) == 0))
			continue;
		ns_key(s, e->d_name, key, sizeof(key));
		if (vg_path(path, sizeof(path), s->root, "/proc/%s/mountinfo", e->d_name) < 0 ||
		    !readable(path) || !key_add(&seen, key))
			continue;
		hv_scan_comm(s, e->d_name, comm, sizeof(comm));
		r = scan_table(s, path, strtol(e->d_name, NULL, 10), comm);
	}
	closedir(d);
	free(seen.v);
	return r;
}
