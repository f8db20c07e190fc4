/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modload.c - a small modprobe for exactly the vfio set. It reads what depmod
 * wrote into the image, respects built-in and already-loaded modules, takes
 * options from modprobe.d and the command line, and loads with finit_module
 * (the kernel decompresses when /sys/module/compression names the format; a
 * decompressed copy beside the file wins). Any other compressed module is the
 * hooks' to unpack into the image (hooklib/modset.sh): the binder carries no
 * decompressor, so it is the same small program with klibc and with musl. */
#include "modload.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <dirent.h>
#include <unistd.h>

#include "compat.h"
#include "log.h"
#include "modalias.h"
#include "moddep.h"
#include "modprobe_d.h"
#include "rootfs.h"
#include "sysfs.h"

#define MODULES_DEP_MAX (32u << 20)

const char *const vg_vfio_modules[VG_N_VFIO_MODULES] = {"vfio", "vfio_iommu_type1", "vfio_pci"};

struct resolver {
	const char *root;
	const struct vg_config *cfg;
	struct vg_modset *set;
	char *dep, *builtin;
	size_t dep_len, builtin_len;
	unsigned char visiting[VG_MAX_MODULES * 2];
	char visit_names[VG_MAX_MODULES * 2][VG_MODNAME_MAX];
	unsigned n_visit;
};

/* The kernel release whose modules we use: the running one whenever the root
 * has its directory (SPEC "Honest plans": the plan is for the kernel that
 * runs; an incomplete directory is an error, never a reason to plan with
 * another kernel's modules), else the first release directory there (a root
 * is only a path prefix: an image or a test tree built for another kernel;
 * at boot the image holds one). kver is "" when there is none. */
static int pick_kver(const char *root, char *kver, size_t len)
{
	char path[VG_PATH_MAX];
	struct utsname u;
	struct dirent *de;
	DIR *d;

	kver[0] = '\0';
	if (uname(&u) == 0 && strlen(u.release) < len) {
		if (vg_path(path, sizeof(path), root, "/lib/modules/%s", u.release) == 0 &&
		    vg_exists(path) == 0) {
			memcpy(kver, u.release, strlen(u.release) + 1);
			return 0;
		}
	}
	if (vg_path(path, sizeof(path), root, "/lib/modules") < 0 || !(d = vg_opendir(path)))
		return -ENOENT;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strlen(de->d_name) < len &&
		    (!kver[0] || strcmp(de->d_name, kver) < 0))
			memcpy(kver, de->d_name, strlen(de->d_name) + 1);
	closedir(d);
	return kver[0] ? 0 : -ENOENT;
}

static enum vg_mod_state sys_state(const char *root, const char *name)
{
	char path[VG_PATH_MAX], buf[16];
	ssize_t n;

	if (vg_path(path, sizeof(path), root, "/sys/module/%s/initstate", name) < 0)
		return VG_MOD_LOAD;
	n = vg_read_file(path, buf, sizeof(buf));
	if (n >= 0)
		return strcmp(buf, "live\n") == 0 || strcmp(buf, "coming\n") == 0 ? VG_MOD_LOADED
										  : VG_MOD_LOAD;
	/* A built-in module with parameters has a directory but no initstate. */
	if (vg_path(path, sizeof(path), root, "/sys/module/%s", name) == 0 && vg_exists(path) == 0)
		return VG_MOD_BUILTIN;
	return VG_MOD_LOAD;
}

static struct vg_module *find_mod(struct vg_modset *set, const char *name)
{
	unsigned i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->mods[i].name, name) == 0)
			return &set->mods[i];
	return NULL;
}

static void module_args(struct resolver *rs, struct vg_module *m)
{
	m->args[0] = '\0';
	if (vg_modprobe_d_options(rs->root, m->name, m->args, sizeof(m->args)) < 0 ||
	    vg_config_module_args(rs->cfg, m->name, m->args, sizeof(m->args)) < 0)
		vg_log(VG_WARNING, "options for %s too long, some dropped", m->name);
}

/* The file to load: modules.dep's, or the decompressed copy beside it that
 * the initramfs hooks place when the kernel cannot decompress the format. */
static void choose_file(struct resolver *rs, struct vg_module *m)
{
	const char *ext = strstr(m->path, ".ko.");
	char path[VG_PATH_MAX];

	if (!ext ||
	    vg_path(path, sizeof(path), rs->root, "/lib/modules/%s/%.*s", rs->set->kver,
		    (int)(ext + 3 - m->path), m->path) < 0 ||
	    vg_exists(path) != 0)
		return;
	m->path[ext + 3 - m->path] = '\0';
}

static int add_mod(struct resolver *rs, const char *name, const struct vg_span *path,
		   enum vg_mod_state state)
{
	struct vg_module *m;

	if (rs->set->n == VG_MAX_MODULES) {
		vg_log(VG_ERR, "more than %d modules in the vfio set, %s not loaded",
		       VG_MAX_MODULES, name);
		return -E2BIG;
	}
	m = &rs->set->mods[rs->set->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	if (path && path->len < sizeof(m->path))
		memcpy(m->path, path->p, path->len);
	m->state = state;
	if (state == VG_MOD_LOAD) {
		char file[VG_PATH_MAX];

		choose_file(rs, m);
		module_args(rs, m);
		/* modules.dep names it, but an image or a tree can lack the file:
		 * the load would fail, so the plan must say so. */
		m->no_file = vg_path(file, sizeof(file), rs->root, "/lib/modules/%s/%s",
				     rs->set->kver, m->path) < 0 ||
			     vg_exists(file) != 0;
	}
	return 0;
}

/* Depth-first: every dependency is placed before the module that needs it.
 * Recursion is bounded by VG_MAX_MODULES; a cycle is reported and broken. */
static int visit(struct resolver *rs, const char *name, unsigned depth)
{
	struct vg_span path, deps, dep;
	enum vg_mod_state state;
	unsigned slot;

	if (find_mod(rs->set, name))
		return 0;
	for (slot = 0; slot < rs->n_visit; slot++)
		if (strcmp(rs->visit_names[slot], name) == 0)
			break;
	if (slot < rs->n_visit && rs->visiting[slot]) {
		vg_log(VG_WARNING, "modules.dep has a dependency cycle through %s", name);
		return 0;
	}
	if (depth > VG_MAX_MODULES || slot >= VG_MAX_MODULES * 2)
		return -ELOOP;

	if (vg_builtin_has(rs->builtin, rs->builtin_len, name)) {
		vg_log(VG_DEBUG, "module %s is built in", name);
		return add_mod(rs, name, NULL, VG_MOD_BUILTIN);
	}
	state = sys_state(rs->root, name);
	if (vg_moddep_find(rs->dep, rs->dep_len, name, &path, &deps) < 0) {
		if (state != VG_MOD_LOAD)
			return add_mod(rs, name, NULL, state);
		return add_mod(rs, name, NULL, VG_MOD_MISSING);
	}
	if (state != VG_MOD_LOAD) {
		vg_log(VG_DEBUG, "module %s is %s", name,
		       state == VG_MOD_LOADED ? "already loaded" : "built in");
		return add_mod(rs, name, &path, state);
	}

	if (slot == rs->n_visit) {
		snprintf(rs->visit_names[slot], VG_MODNAME_MAX, "%s", name);
		rs->n_visit++;
	}
	rs->visiting[slot] = 1;
	while (vg_moddep_next(&deps, &dep)) {
		char depname[VG_MODNAME_MAX];

		if (vg_modname(dep.p, dep.len, depname, sizeof(depname)) < 0)
			continue;
		if (visit(rs, depname, depth + 1) == -E2BIG)
			break;
	}
	rs->visiting[slot] = 0;
	return add_mod(rs, name, &path, VG_MOD_LOAD);
}

static void read_optional(const char *root, const char *kver, const char *file, char **buf,
			  size_t *len)
{
	char path[VG_PATH_MAX];
	int r = vg_path(path, sizeof(path), root, "/lib/modules/%s/%s", kver, file);

	if (r == 0)
		r = vg_read_whole(path, MODULES_DEP_MAX, buf, len);
	if (r < 0 && r != -ENOENT)
		vg_log(VG_WARNING, "cannot read %s: %s", path, strerror(-r));
}

/* Each claim's target from modules.alias (absent: every claim is vfio_pci,
 * as on kernels before 5.15), resolved after the vfio set; one that cannot
 * be loaded sends its function to vfio_pci (the error line is the
 * caller's, from the set). */
static void pick_targets(struct resolver *rs, const struct vg_pci *pci, struct vg_plan *plan)
{
	char *alias = NULL, ma[VG_MODALIAS_MAX], tie[VG_MODNAME_MAX];
	size_t len = 0, i;

	read_optional(rs->root, rs->set->kver, "modules.alias", &alias, &len);
	if (!alias)
		return;
	len = vg_alias_vfio_lines(alias, len);
	for (i = 0; i < plan->n; i++) {
		struct vg_line *l = &plan->lines[i];
		const char *name = pci->devs[l->dev].name;
		const struct vg_module *m;

		if (l->kind != VG_LINE_CLAIM)
			continue;
		vg_modalias(&pci->devs[l->dev], ma, sizeof(ma));
		if (vg_alias_best(alias, len, ma, l->target, sizeof(l->target), tie, sizeof(tie)) <
			0 ||
		    vg_modname_eq(l->target, strlen(l->target), "vfio_pci")) {
			l->target[0] = '\0';
			continue;
		}
		if (tie[0])
			vg_log(VG_WARNING,
			       "%s: the vfio_pci aliases of %s and %s match it equally well; "
			       "using %s, the first in modules.alias",
			       name, l->target, tie, l->target);
		visit(rs, l->target, 0);
		m = find_mod(rs->set, l->target);
		if (!m || m->state == VG_MOD_MISSING || (m->state == VG_MOD_LOAD && m->no_file)) {
			vg_log(VG_WARNING, "%s: variant %s cannot be loaded, vfio_pci instead",
			       name, l->target);
			l->target[0] = '\0';
		}
	}
	free(alias);
}

/* SPEC "SR-IOV virtual functions and reset at boot": vendor-reset provides
 * the device_specific reset of AMD GPUs with the reset bug; when a reset
 * entry asks for a method and the image carries it (modules.dep lists it:
 * the hooks copy it when installed), it is loaded first, so that
 * reset_method lists device_specific before it is written. An image
 * without it loads nothing more (the reset entry's check says the rest). */
static void add_vendor_reset(struct resolver *rs)
{
	struct vg_span path, deps;

	if (rs->cfg && rs->cfg->n_resets &&
	    vg_moddep_find(rs->dep, rs->dep_len, "vendor_reset", &path, &deps) == 0)
		visit(rs, "vendor_reset", 0);
}

int vg_modules_resolve(const char *root, const struct vg_config *cfg, const struct vg_pci *pci,
		       struct vg_plan *plan, struct vg_modset *set)
{
	struct resolver *rs;
	char path[VG_PATH_MAX];
	unsigned i;
	int r;

	memset(set, 0, sizeof(*set));
	r = pick_kver(root, set->kver, sizeof(set->kver));
	if (r < 0)
		return r;
	rs = calloc(1, sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	rs->root = root;
	rs->cfg = cfg;
	rs->set = set;
	r = vg_path(path, sizeof(path), root, "/lib/modules/%s/modules.dep", set->kver);
	if (r == 0)
		r = vg_read_whole(path, MODULES_DEP_MAX, &rs->dep, &rs->dep_len);
	/* ENOENT is the caller's to report (no modules.dep); anything else is
	 * named here, where the path is known. */
	if (r < 0 && r != -ENOENT) {
		vg_log(VG_ERR, "cannot read %s: %s", path, strerror(-r));
	} else if (r == 0) {
		read_optional(root, set->kver, "modules.builtin", &rs->builtin, &rs->builtin_len);
		add_vendor_reset(rs);
		for (i = 0; i < VG_N_VFIO_MODULES; i++)
			visit(rs, vg_vfio_modules[i], 0);
		if (plan && pci && !cfg->no_variants && plan->n_claims) {
			pick_targets(rs, pci, plan);
		}
	}
	free(rs->dep);
	free(rs->builtin);
	free(rs);
	return r;
}

static const char *compression_of(const char *path)
{
	size_t len = strlen(path);

	if (len > 6 && strcmp(path + len - 6, ".ko.gz") == 0)
		return "gzip";
	if (len > 6 && strcmp(path + len - 6, ".ko.xz") == 0)
		return "xz";
	if (len > 7 && strcmp(path + len - 7, ".ko.zst") == 0)
		return "zstd";
	return NULL;
}

/* Whether the running kernel decompresses this format itself. */
static bool kernel_decompresses(const char *root, const char *comp)
{
	char path[VG_PATH_MAX], buf[32];

	if (vg_path(path, sizeof(path), root, "/sys/module/compression") < 0 ||
	    vg_read_file(path, buf, sizeof(buf)) <= 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	return strcmp(buf, comp) == 0;
}

/* *how and *us: how the module was loaded and what finit_module cost. */
static int load_file(const char *root, const char *kver, const struct vg_module *m,
		     bool into_kernel, const char **how, unsigned long long *us)
{
	char file[VG_PATH_MAX];
	const char *comp;
	unsigned long long t0;
	int fd, r;

	r = vg_path(file, sizeof(file), root, "/lib/modules/%s/%s", kver, m->path);
	if (r < 0) {
		vg_log(VG_ERR, "module %s: path too long", m->name);
		return r;
	}
	fd = vg_open(file, O_RDONLY, 0, true);
	if (fd < 0) {
		r = fd;
		vg_log(VG_ERR, "cannot open module %s (%s): %s", m->name, file, strerror(-r));
		return r;
	}
	comp = compression_of(file);
	if (!into_kernel) {
		close(fd);
		*how = "not-loaded";
		return 0;
	}
	t0 = vg_now_us();
	if (!comp) {
		r = vg_finit_module(fd, m->args, 0) < 0 ? -errno : 0;
	} else if (kernel_decompresses(root, comp)) {
		*how = "kernel-decompressed";
		r = vg_finit_module(fd, m->args, MODULE_INIT_COMPRESSED_FILE) < 0 ? -errno : 0;
	} else {
		close(fd);
		vg_log(VG_ERR,
		       "cannot load %s: the kernel does not decompress %s modules and the image "
		       "has no decompressed copy (reinstall vfio-gpu's initramfs hook)",
		       file, comp);
		return -EOPNOTSUPP;
	}
	close(fd);
	*us = vg_now_us() - t0;
	if (r == -EEXIST) {
		*how = "already-loaded";
		vg_log(VG_DEBUG, "module %s was already loaded", m->name);
		return 0;
	}
	if (r < 0)
		vg_log(VG_ERR, "loading module %s (%s) failed: %s", m->name, file, strerror(-r));
	else if (r == 0)
		/* How it was loaded, so that a boot log shows which path ran (the
		 * kernel's decompression or a plain file) and what it cost. */
		vg_log(VG_INFO, "loaded %s from %s (%s) in %llu ms%s%s%s", m->name, m->path, *how,
		       *us / 1000, m->args[0] ? " with '" : "", m->args, m->args[0] ? "'" : "");
	return r;
}

static int load_one(const char *root, const struct vg_modset *set, const struct vg_module *m,
		    bool into_kernel)
{
	const char *how = "plain";
	unsigned long long us = 0;
	int r = load_file(root, set->kver, m, into_kernel, &how, &us);

	if (set->loaded)
		set->loaded(set->loaded_ctx, m, r < 0 ? "failed" : how, us, r);
	return r;
}

/* A module of the set that is not loaded here, and why. */
static void report_not_loaded(const struct vg_modset *set, const struct vg_module *m)
{
	static const char *const why[] = {[VG_MOD_LOAD] = "failed",
					  [VG_MOD_BUILTIN] = "built-in",
					  [VG_MOD_LOADED] = "already-loaded",
					  [VG_MOD_MISSING] = "missing"};

	if (set->loaded)
		set->loaded(set->loaded_ctx, m, why[m->state], 0,
			    m->state == VG_MOD_LOAD || m->state == VG_MOD_MISSING ? -ENOENT : 0);
}

int vg_modules_load(const char *root, const struct vg_modset *set, bool into_kernel)
{
	int first = 0;
	unsigned i;

	for (i = 0; i < set->n; i++) {
		int r;

		if (set->mods[i].state != VG_MOD_LOAD || set->mods[i].no_file) {
			report_not_loaded(set, &set->mods[i]);
			/* Its absence was found when resolving and is the
			 * caller's to report (an error plan line): no second
			 * message here. */
			if (set->mods[i].state == VG_MOD_LOAD && first == 0)
				first = -ENOENT;
			continue;
		}
		r = load_one(root, set, &set->mods[i], into_kernel);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}
