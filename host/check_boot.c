/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check_boot.c - the `vfio-gpu check` items an admin trips on after a
 * "successful" setup: an option later on the next boot's line that turns the
 * IOMMU or the binder off, an initramfs that lacks its own kernel's vfio
 * modules or predates the binder or the vfio modprobe.d options, and a
 * kernel lockdown that refuses unsigned modules. Each says what to do. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "check.h"
#include "cmdline.h"
#include "initramfs.h"
#include "moddep.h"
#include "modload.h"
#include "rootfs.h"
#include "sysfs.h"

#define MAX_ARGS     1024
#define MODDEP_MAX   (16 * 1024 * 1024)
#define CONF_MAX     (256 * 1024)
#define MAX_IMG_MODS 32
#define BINDER_PATH  "/usr/sbin/vfio-gpu-early"

/* True when a comma-separated value list holds "off" (intel_iommu=sm_on,off). */
static bool has_off(const char *v)
{
	while (v && *v) {
		size_t n = strcspn(v, ",");

		if (n == 3 && strncmp(v, "off", 3) == 0)
			return true;
		v += n + (v[n] == ',');
	}
	return false;
}

/* vfio-gpu.off (bare or with a true value) or vfio-gpu=off, as lib/params.c
 * reads them. */
static bool binder_off(const struct vg_arg *a)
{
	static const char *const no[] = {"0", "n", "N", "off", "no"};
	size_t i;

	if (strcmp(a->key, "vfio-gpu") == 0)
		return a->val && strcmp(a->val, "off") == 0;
	if (strcmp(a->key, "vfio-gpu.off") != 0)
		return false;
	for (i = 0; a->val && i < sizeof(no) / sizeof(no[0]); i++)
		if (strcmp(a->val, no[i]) == 0)
			return false;
	return true;
}

/* The next boot's line as text: the boot loader's or --cmdline, else the
 * running one (hv_next_cmdline's fallback). NULL when none can be read. */
static char *next_text(const struct check *c)
{
	char path[VG_PATH_MAX], *buf = NULL;
	size_t len;

	if (c->next.text)
		return strdup(c->next.text);
	if (vg_path(path, sizeof(path), c->o->root, "/proc/cmdline") < 0 ||
	    vg_read_whole(path, VG_CMDLINE_MAX * 2, &buf, &len) < 0)
		return NULL;
	return buf;
}

void hv_check_off_options(struct check *c)
{
	struct vg_arg *args = calloc(MAX_ARGS, sizeof(*args));
	char *text = next_text(c), token[600];
	unsigned found = 0;
	size_t n, i;

	if (!args || !text) {
		free(args);
		free(text);
		return; /* no line: the cmdline item already said so */
	}
	n = vg_cmdline_split(text, args, MAX_ARGS, NULL);
	for (i = 0; i < n; i++) {
		const struct vg_arg *a = &args[i];
		const char *what;

		/* The last of two conflicting values wins at boot, but an
		 * "off" left on the line is a trap for the next edit too. */
		if ((strcmp(a->key, "intel_iommu") == 0 || strcmp(a->key, "amd_iommu") == 0 ||
		     strcmp(a->key, "iommu") == 0) &&
		    has_off(a->val))
			what = "turns the IOMMU off: nothing can be claimed";
		else if (binder_off(a))
			what = "turns the binder off: it claims nothing at boot";
		else
			continue;
		snprintf(token, sizeof(token), "%s%s%s", a->key, a->val ? "=" : "",
			 a->val ? a->val : "");
		hv_check_item(c, HV_FAIL, "boot-options",
			      "%s is on the next boot's command line (%s): it %s; remove it with "
			      "`vfio-gpu-cmdline remove %s` (it edits the file that sets it)",
			      token, c->next.source, what, token);
		found++;
	}
	if (!found)
		hv_check_item(c, HV_PASS, "boot-options",
			      "no option on the next boot's command line turns the IOMMU or the "
			      "binder off");
	free(args);
	free(text);
}

void hv_check_lockdown(struct check *c)
{
	char path[VG_PATH_MAX], buf[256], *open_b, *close_b;
	ssize_t n;

	if (vg_path(path, sizeof(path), c->o->root, "/sys/kernel/security/lockdown") < 0)
		return;
	n = vg_read_file(path, buf, sizeof(buf));
	if (n == -ENOENT)
		return; /* no lockdown LSM: nothing refuses a module for its signature */
	if (n < 0) {
		hv_check_item(c, HV_WARN, "lockdown", "cannot read %s: %s", path,
			      strerror((int)-n));
		return;
	}
	/* "none [integrity] confidentiality": the bracketed word is the mode. */
	open_b = strchr(buf, '[');
	close_b = open_b ? strchr(open_b, ']') : NULL;
	if (!close_b) {
		hv_check_item(c, HV_WARN, "lockdown", "%s: no [mode] in '%.*s'", path,
			      (int)strcspn(buf, "\n"), buf);
		return;
	}
	*close_b = '\0';
	if (strcmp(open_b + 1, "none") == 0)
		hv_check_item(c, HV_PASS, "lockdown", "%s: [none] (unsigned modules may load)",
			      path);
	else
		hv_check_item(
		    c, HV_WARN, "lockdown",
		    "%s: [%s] (Secure Boot): modules without a trusted signature will "
		    "not load, so an out-of-tree vfio variant driver fails at boot; the "
		    "distribution's signed vfio modules are fine. Sign such a module with "
		    "an enrolled key (mokutil --import) or turn Secure Boot off in the "
		    "firmware setup",
		    path, open_b + 1);
}

/* KVER of initrd.img-KVER (initramfs-tools) or initramfs-KVER.img (dracut),
 * and the command that rebuilds that image. */
static int image_kver(const char *name, char *kver, size_t klen, char *cmd, size_t clen)
{
	size_t n = strlen(name);
	int w;

	if (strncmp(name, "initrd.img-", 11) == 0) {
		w = snprintf(kver, klen, "%s", name + 11);
		snprintf(cmd, clen, "update-initramfs -u -k %s", kver);
	} else if (strncmp(name, "initramfs-", 10) == 0 && n > 14) {
		w = snprintf(kver, klen, "%.*s", (int)(n - 14), name + 10);
		snprintf(cmd, clen, "dracut -f --kver %s", kver);
	} else {
		return -EINVAL;
	}
	return w > 0 && (size_t)w < klen ? 0 : -ENAMETOOLONG;
}

/* Add the path span to the set once. */
static void add_path(char (*paths)[256], size_t *n, const struct vg_span *p)
{
	size_t i;

	if (p->len >= sizeof(paths[0]) || *n == MAX_IMG_MODS)
		return;
	for (i = 0; i < *n; i++)
		if (strlen(paths[i]) == p->len && strncmp(paths[i], p->p, p->len) == 0)
			return;
	snprintf(paths[(*n)++], sizeof(paths[0]), "%.*s", (int)p->len, p->p);
}

/* The module files the vfio set of kver needs (modules.dep lists every
 * dependency of a module, transitively), built-ins left out. The same
 * readers as lib/modload.c, for this kernel rather than the running one.
 * Returns the count, or -errno when modules.dep cannot be read. */
static int vfio_files(const char *root, const char *kver, char (*paths)[256])
{
	char path[VG_PATH_MAX], *dep = NULL, *builtin = NULL;
	size_t dlen, blen = 0, n = 0, i;
	int r;

	r = vg_path(path, sizeof(path), root, "/lib/modules/%s/modules.dep", kver);
	if (r == 0)
		r = vg_read_whole(path, MODDEP_MAX, &dep, &dlen);
	if (r < 0)
		return r;
	if (vg_path(path, sizeof(path), root, "/lib/modules/%s/modules.builtin", kver) < 0 ||
	    vg_read_whole(path, MODDEP_MAX, &builtin, &blen) < 0)
		builtin = NULL;
	for (i = 0; i < VG_N_VFIO_MODULES; i++) {
		struct vg_span file, deps, d;

		if (builtin && vg_builtin_has(builtin, blen, vg_vfio_modules[i]))
			continue;
		/* Not in modules.dep: check_modules already says so. */
		if (vg_moddep_find(dep, dlen, vg_vfio_modules[i], &file, &deps) < 0)
			continue;
		add_path(paths, &n, &file);
		while (vg_moddep_next(&deps, &d))
			add_path(paths, &n, &d);
	}
	free(dep);
	free(builtin);
	return (int)n;
}

/* Is module file rel (modules.dep's path) in the image: under its own name,
 * or decompressed (the hooks place a plain .ko when the kernel cannot
 * decompress). 1, 0 or -errno. */
static int image_has_module(const char *image, const char *rel)
{
	static const char *const comp[] = {".gz", ".xz", ".zst"};
	const char *base = strrchr(rel, '/'), *how;
	char plain[256];
	size_t n, i;
	int r;

	base = base ? base + 1 : rel;
	r = hv_initramfs_has(image, base, &how);
	if (r != 0)
		return r;
	n = strlen(base);
	for (i = 0; i < sizeof(comp) / sizeof(comp[0]); i++) {
		size_t k = strlen(comp[i]);

		if (n > k && strcmp(base + n - k, comp[i]) == 0) {
			snprintf(plain, sizeof(plain), "%.*s", (int)(n - k), base);
			return hv_initramfs_has(image, plain, &how);
		}
	}
	return 0;
}

static void check_image_modules(struct check *c, const char *image, const char *what,
				const char *kver, const char *cmd)
{
	char(*paths)[256] = calloc(MAX_IMG_MODS, sizeof(*paths)), missing[1024] = "";
	char dir[VG_PATH_MAX];
	struct stat st;
	int n, i, r, err = 0;

	if (!paths)
		return;
	if (vg_path(dir, sizeof(dir), c->o->root, "/lib/modules/%s", kver) == 0 &&
	    vg_stat(dir, &st, true) < 0) {
		hv_check_item(c, HV_WARN, what,
			      "no /lib/modules/%s: the kernel of this image is not installed, its "
			      "vfio modules cannot be known; remove the stale image or reinstall "
			      "kernel %s",
			      kver, kver);
		free(paths);
		return;
	}
	n = vfio_files(c->o->root, kver, paths);
	if (n < 0) {
		/* No modules.dep: check_modules says to run depmod. */
		free(paths);
		return;
	}
	for (i = 0; i < n; i++) {
		r = image_has_module(image, paths[i]);
		if (r < 0 && !err)
			err = r;
		if (r == 0)
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing),
				 "%s%s", missing[0] ? ", " : "", paths[i]);
	}
	if (err)
		hv_check_item(c, HV_FAIL, what, "cannot list the image's modules: %s",
			      strerror(-err));
	else if (missing[0])
		hv_check_item(
		    c, HV_FAIL, what,
		    "lacks %s (vfio modules of %s, from /lib/modules/%s/modules.dep): the "
		    "binder cannot claim anything at boot; rebuild it: %s",
		    missing, kver, kver, cmd);
	else if (n == 0)
		hv_check_item(c, HV_PASS, what, "vfio is built into %s: no module needed", kver);
	else
		hv_check_item(c, HV_PASS, what, "holds the %d vfio module file(s) of %s", n, kver);
	free(paths);
}

static bool newer(const struct stat *a, const struct stat *b)
{
	return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
	       (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec > b->st_mtim.tv_nsec);
}

/* Append file to the comma-separated list; a list cut at len still names
 * the first files, which is all the message needs. */
static void note_newer(char *list, size_t len, const char *file)
{
	size_t used = strlen(list);

	if (snprintf(list + used, len - used, "%s%s", used ? ", " : "", file) >= (int)(len - used))
		list[len - 1] = '\0';
}

/* The modprobe.d files (lib/modprobe_d.c's folders) that mention vfio and
 * are newer than the image. */
static void newer_confs(const char *root, const struct stat *img, char *list, size_t len)
{
	static const char *const dirs[] = {"/etc/modprobe.d", "/run/modprobe.d",
					   "/usr/local/lib/modprobe.d", "/lib/modprobe.d",
					   "/usr/lib/modprobe.d"};
	char path[VG_PATH_MAX], rel[VG_PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct dirent *de;
		DIR *d;

		if (vg_path(path, sizeof(path), root, "%s", dirs[i]) < 0 || !(d = vg_opendir(path)))
			continue;
		while ((de = readdir(d))) {
			size_t n = strlen(de->d_name);
			struct stat st;
			char *buf;
			size_t blen;
			bool vfio;

			if (n < 6 || strcmp(de->d_name + n - 5, ".conf") != 0)
				continue;
			snprintf(rel, sizeof(rel), "%s/%s", dirs[i], de->d_name);
			if (vg_path(path, sizeof(path), root, "%s", rel) < 0 ||
			    vg_stat(path, &st, false) < 0 || !newer(&st, img) ||
			    vg_read_whole(path, CONF_MAX, &buf, &blen) < 0)
				continue;
			vfio = strstr(buf, "vfio") != NULL;
			free(buf);
			if (vfio)
				note_newer(list, len, rel);
		}
		closedir(d);
	}
}

static void check_image_age(struct check *c, const char *image, const char *what, const char *cmd)
{
	char path[VG_PATH_MAX], list[1024] = "";
	struct stat img, st;

	if (vg_stat(image, &img, true) < 0)
		return;
	if (vg_path(path, sizeof(path), c->o->root, BINDER_PATH) == 0 &&
	    vg_stat(path, &st, false) == 0 && newer(&st, &img))
		note_newer(list, sizeof(list), BINDER_PATH);
	newer_confs(c->o->root, &img, list, sizeof(list));
	if (list[0])
		hv_check_item(c, HV_WARN, what,
			      "older than %s: the next boot runs what the image holds, not what is "
			      "installed; rebuild it: %s",
			      list, cmd);
	else
		hv_check_item(c, HV_PASS, what, "newer than %s and the modprobe.d files about vfio",
			      BINDER_PATH);
}

void hv_check_image_kernel(struct check *c, const char *path, const char *name)
{
	char kver[256], cmd[300], what[300];

	if (image_kver(name, kver, sizeof(kver), cmd, sizeof(cmd)) < 0)
		return;
	snprintf(what, sizeof(what), "initramfs-modules /boot/%s", name);
	check_image_modules(c, path, what, kver, cmd);
	snprintf(what, sizeof(what), "initramfs-age /boot/%s", name);
	check_image_age(c, path, what, cmd);
}
