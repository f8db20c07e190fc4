/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_rootfs.c - the root as a jail (lib/rootfs.c): on a tree built here,
 * links inside the root are followed as the kernel would (sysfs's own are
 * relative: devices/ADDR, driver), and none leads out of it, whichever
 * component it is and whether it is absolute or climbs with "..". */
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/rootfs.h"
#include "tap.h"

static char top[64], root[128], out[128];

static void put(const char *dir, const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void dir(const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	mkdir(p, 0755);
}

static void link_(const char *target, const char *rel)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	if (symlink(target, p) < 0)
		perror(p);
}

static void build(void)
{
	char abs[256];

	snprintf(top, sizeof(top), "/tmp/vg-rootfs-XXXXXX");
	if (!mkdtemp(top))
		return;
	snprintf(root, sizeof(root), "%s/root", top);
	snprintf(out, sizeof(out), "%s/out", top);
	mkdir(root, 0755);
	mkdir(out, 0755);
	put(out, "secret", "outside\n");
	dir("sys");
	dir("sys/devices");
	dir("sys/devices/pci");
	dir("sys/devices/pci/dev0");
	dir("sys/bus");
	dir("sys/bus/pci");
	dir("sys/bus/pci/devices");
	dir("sys/bus/pci/drivers");
	dir("sys/bus/pci/drivers/nv");
	put(root, "sys/devices/pci/dev0/vendor", "0x10de\n");
	put(root, "sys/bus/pci/drivers/nv/unbind", "");
	link_("../../../devices/pci/dev0", "sys/bus/pci/devices/dev0");
	link_("../../../bus/pci/drivers/nv", "sys/devices/pci/dev0/driver");
	link_(out, "run");		  /* absolute, out */
	link_("../out", "etc");		  /* relative, climbs out */
	link_("sys/../../out", "sneaky"); /* out only after a step in */
	link_("loop", "loop");		  /* a link to itself */
	snprintf(abs, sizeof(abs), "%s/secret", out);
	link_(abs, "outlink");
	put(root, "file", "in\n");
	link_("file", "linkfile");
	link_("sys/bus/pci/devices/dev0", "dev"); /* a link to a link, inside */
}

/* What a read of ROOT+rel gives: its text, or "-ERRNO". */
static const char *read_it(const char *rel, bool follow, char *buf, size_t len)
{
	char p[512];
	ssize_t n;
	int fd;

	snprintf(p, sizeof(p), "%s%s", root, rel);
	fd = vg_open(p, O_RDONLY, 0, follow);
	if (fd < 0) {
		snprintf(buf, len, "-%s", strerror(-fd));
		return buf;
	}
	n = read(fd, buf, len - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

struct rootfs_case {
	const char *rel;
	bool follow;
	int err; /* 0: reads want */
	const char *want;
};

static const struct rootfs_case cases[] = {
    {"/sys/bus/pci/devices/dev0/vendor", false, 0, "0x10de\n"},
    {"/dev/vendor", false, 0, "0x10de\n"},
    {"//sys/./bus//pci/devices/dev0/../dev0/vendor", false, 0, "0x10de\n"},
    {"/sys/bus/pci/devices/dev0/driver/unbind", false, 0, ""},
    {"/sys/../sys/devices/pci/dev0/vendor", false, 0, "0x10de\n"},
    {"/run/secret", false, EXDEV, NULL},
    {"/etc/secret", false, EXDEV, NULL},
    {"/sneaky/secret", false, EXDEV, NULL},
    {"/../out/secret", false, EXDEV, NULL},
    {"/sys/../../out/secret", false, EXDEV, NULL},
    {"/outlink", true, EXDEV, NULL},
    {"/outlink", false, ELOOP, NULL},
    {"/run", true, EXDEV, NULL},
    {"/linkfile", false, ELOOP, NULL},
    {"/linkfile", true, 0, "in\n"},
    {"/loop/x", false, ELOOP, NULL},
    {"/file/x", false, ENOTDIR, NULL},
    {"/missing/x", false, ENOENT, NULL},
};

static void check_cases(void)
{
	char buf[64], want[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct rootfs_case *c = &cases[i];

		if (c->err)
			snprintf(want, sizeof(want), "-%s", strerror(c->err));
		tap_streq(read_it(c->rel, c->follow, buf, sizeof(buf)), c->err ? want : c->want,
			  "rootfs: %s%s", c->rel, c->follow ? " (last link followed)" : "");
	}
}

static void check_others(void)
{
	char p[512], q[512], buf[64];
	DIR *d;

	snprintf(p, sizeof(p), "%s/sys/bus/pci/devices/dev0/driver", root);
	tap_ok(vg_readlink(p, buf, sizeof(buf)) == 27 &&
		   strcmp(buf, "../../../bus/pci/drivers/nv") == 0,
	       "rootfs: readlink reads the link itself, through the links before it");
	snprintf(p, sizeof(p), "%s/run/secret", root);
	tap_ok(vg_readlink(p, buf, sizeof(buf)) == -EXDEV,
	       "rootfs: readlink never out of the root");
	tap_ok(vg_exists(p) == -EXDEV, "rootfs: exists never looks out of the root");
	snprintf(p, sizeof(p), "%s/dev", root);
	tap_ok(vg_exists(p) == 0, "rootfs: exists through links inside the root");
	snprintf(p, sizeof(p), "%s/run", root);
	d = vg_opendir(p);
	tap_ok(!d && errno == EXDEV, "rootfs: opendir never lists a directory out of the root");
	if (d)
		closedir(d);
	snprintf(p, sizeof(p), "%s/sys/bus/pci/devices", root);
	d = vg_opendir(p);
	tap_ok(d != NULL, "rootfs: opendir inside the root");
	if (d)
		closedir(d);

	snprintf(p, sizeof(p), "%s/run/vfio-gpu", root);
	tap_ok(vg_mkdir(p, 0755) == -EXDEV, "rootfs: mkdir never out of the root");
	snprintf(p, sizeof(p), "%s/etc/x", root);
	snprintf(q, sizeof(q), "%s/file", root);
	tap_ok(vg_rename(q, p) == -EXDEV, "rootfs: rename never out of the root");
	tap_ok(vg_unlink(p) == -EXDEV, "rootfs: unlink never out of the root");
	snprintf(p, sizeof(p), "%s/new", root);
	tap_ok(vg_mkdir(p, 0755) == 0 && vg_mkdir(p, 0755) == 0,
	       "rootfs: mkdir, and again when it is there");
	snprintf(p, sizeof(p), "%s/dev", root);
	tap_ok(vg_mkdir(p, 0755) == 0, "rootfs: mkdir accepts a link to a directory inside");
	tap_ok(vg_mkdir(q, 0755) == -ENOTDIR, "rootfs: mkdir over a file says so");
	snprintf(p, sizeof(p), "%s/new/moved", root);
	tap_ok(vg_rename(q, p) == 0 && vg_unlink(p) == 0, "rootfs: rename and unlink inside");

	snprintf(p, sizeof(p), "%s/out", top);
	d = opendir(p);
	if (d) {
		struct dirent *de;
		unsigned n = 0;

		while ((de = readdir(d)))
			n += de->d_name[0] != '.';
		closedir(d);
		tap_ok(n == 1, "rootfs: nothing was created outside the root (%u entries)", n);
	}

	/* A path not under the root is the caller's own (an image, /dev/null). */
	snprintf(p, sizeof(p), "%s/secret", out);
	{
		int fd = vg_open(p, O_RDONLY, 0, false);

		tap_ok(fd >= 0, "rootfs: a path outside the root is opened as given");
		if (fd >= 0)
			close(fd);
	}
	/* Without a root (the real system) nothing changes: links are links. */
	vg_root_set("");
	snprintf(p, sizeof(p), "%s/run/secret", root);
	tap_streq(read_it("/run/secret", false, buf, sizeof(buf)), "outside\n",
		  "rootfs: without a root, paths are the system's");
	vg_root_set("/");
	tap_streq(read_it("/run/secret", false, buf, sizeof(buf)), "outside\n",
		  "rootfs: root \"/\" is the system itself");
	snprintf(p, sizeof(p), "%s/missing", top);
	tap_ok(vg_root_set(p) == -ENOENT, "rootfs: a root that is not there says so");
	tap_streq(read_it("/file", false, buf, sizeof(buf)), "-No such file or directory",
		  "rootfs: every path below a missing root fails");
}

void test_rootfs(void)
{
	char cmd[256];

	build();
	tap_ok(vg_root_set(root) == 0, "rootfs: the root opens");
	check_cases();
	/* A trailing slash on the root changes nothing. */
	snprintf(cmd, sizeof(cmd), "%s/", root);
	vg_root_set(cmd);
	{
		char p[512];
		int fd;

		snprintf(p, sizeof(p), "%s//run/secret", root);
		fd = vg_open(p, O_RDONLY, 0, false);
		tap_ok(fd == -EXDEV, "rootfs: a root with a trailing slash is the same jail");
		if (fd >= 0)
			close(fd);
	}
	vg_root_set(root);
	check_others();
	vg_root_set("");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", top);
	if (system(cmd) != 0)
		tap_ok(false, "rootfs: clean up %s", top);
}
