/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modload.h - the vfio module set: resolved from the image's modules.dep
 * (never a fixed list), dependencies first, then loaded with finit_module. */
#ifndef VG_MODLOAD_H
#define VG_MODLOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "params.h"
#include "pci.h"
#include "select.h"

#define VG_MAX_MODULES 32

/* The modules a claim needs (their dependencies come from modules.dep),
 * named once for the binder and the host tool. */
#define VG_N_VFIO_MODULES 3
extern const char *const vg_vfio_modules[VG_N_VFIO_MODULES];

enum vg_mod_state {
	VG_MOD_LOAD,	/* to be loaded */
	VG_MOD_BUILTIN, /* modules.builtin, or /sys/module without initstate */
	VG_MOD_LOADED,	/* /sys/module/NAME/initstate says live/coming */
	VG_MOD_MISSING, /* not in modules.dep */
};

struct vg_module {
	char name[64];
	char path[256]; /* relative to lib/modules/KVER: modules.dep's, or the
			 * decompressed copy beside it when the image has one */
	char args[512];
	enum vg_mod_state state;
	bool no_file; /* VG_MOD_LOAD, but the file is not under the root */
};

struct vg_modset {
	char kver[65];
	struct vg_module mods[VG_MAX_MODULES]; /* in load order */
	unsigned n;
	/* Optional: told how each module of the set fared in vg_modules_load
	 * (the boot report): how is "plain", "kernel-decompressed",
	 * "already-loaded", "built-in", "missing", "not-loaded" (under a root)
	 * or "failed"; us the finit_module time; err 0 or -errno. */
	void (*loaded)(void *ctx, const struct vg_module *m, const char *how, unsigned long long us,
		       int err);
	void *loaded_ctx;
};

/* Resolve the closure of vfio, vfio_iommu_type1 and vfio_pci under root,
 * and with plan (pci its functions; both NULL for the three alone) that of
 * every claim line's target: unless cfg->no_variants, the module of the best
 * vfio_pci: alias of modules.alias for the function (lib/modalias.h), set in
 * the line (left "" for vfio_pci). A target that cannot be loaded (not in
 * modules.dep, or its file absent) stays in the set, for the caller's error
 * line, and its functions go back to vfio_pci: the plan shows what the boot
 * will do, and the card stays off its host driver.
 * Returns -errno only when nothing can be resolved: -ENOENT when there is no
 * lib/modules/KVER (kver "") or it has no modules.dep (kver names it), for
 * the caller to report; other read errors are logged. Modules modules.dep
 * lacks are VG_MOD_MISSING, files it names that are absent are no_file: the
 * caller reports both. */
int vg_modules_resolve(const char *root, const struct vg_config *cfg, const struct vg_pci *pci,
		       struct vg_plan *plan, struct vg_modset *set);

/* Load every VG_MOD_LOAD module in order (one without its file is skipped
 * and counts as -ENOENT). Each failure is logged with the
 * module, its file and the errno text; the rest are still tried. Returns the
 * first error or 0. Without into_kernel (a root's modules are not the
 * running kernel's) each file is only opened, so a missing one is named. */
int vg_modules_load(const char *root, const struct vg_modset *set, bool into_kernel);

#endif
