/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmods.c - libkmod for the running system; for a module tree without
 * depmod's binary indexes (a test root, a half-installed kernel) the core
 * library's readers of the text files answer instead. */
#include "kmods.h"

#include <errno.h>
#include <libkmod.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "moddep.h"
#include "modload.h"
#include "params.h"
#include "rootfs.h"
#include "sysfs.h"

#define MODULES_DEP_MAX (32u << 20)

static int find_kmod(const char *dir, const char *name, struct hv_modinfo *mi)
{
	/* No configuration: aliases and options of this machine's modprobe.d
	 * must not change what is found in another tree. */
	const char *const no_config[] = {NULL};
	struct kmod_list *list = NULL, *l;
	struct kmod_ctx *ctx = kmod_new(dir, no_config);
	int r = -ENOENT;

	if (!ctx)
		return -ENOMEM;
	if (kmod_module_new_from_lookup(ctx, name, &list) < 0)
		list = NULL;
	kmod_list_foreach(l, list)
	{
		struct kmod_module *m = kmod_module_get_module(l);
		const char *path = kmod_module_get_path(m);
		size_t dlen = strlen(dir);

		/* Only the module itself, not an alias that resolves elsewhere. */
		if (vg_modname_eq(kmod_module_get_name(m), strlen(kmod_module_get_name(m)), name)) {
			mi->builtin = path == NULL;
			if (path && strncmp(path, dir, dlen) == 0 && path[dlen] == '/')
				path += dlen + 1;
			snprintf(mi->path, sizeof(mi->path), "%s", path ? path : "");
			mi->via_kmod = true;
			r = 0;
		}
		kmod_module_unref(m);
		if (r == 0)
			break;
	}
	kmod_module_unref_list(list);
	kmod_unref(ctx);
	return r;
}

static int find_text(const char *dir, const char *name, struct hv_modinfo *mi)
{
	char path[VG_PATH_MAX], *buf = NULL;
	struct vg_span p, deps;
	size_t len;
	int r;

	r = vg_path(path, sizeof(path), "", "%s/modules.builtin", dir);
	if (r == 0)
		r = vg_read_whole(path, MODULES_DEP_MAX, &buf, &len);
	if (r == 0 && vg_builtin_has(buf, len, name)) {
		free(buf);
		mi->builtin = true;
		return 0;
	}
	free(buf);
	if (r < 0 && r != -ENOENT)
		return r;
	r = vg_path(path, sizeof(path), "", "%s/modules.dep", dir);
	if (r == 0)
		r = vg_read_whole(path, MODULES_DEP_MAX, &buf, &len);
	if (r < 0)
		return r == -ENOENT ? -ENODATA : r;
	r = vg_moddep_find(buf, len, name, &p, &deps);
	if (r == 0)
		snprintf(mi->path, sizeof(mi->path), "%.*s", (int)p.len, p.p);
	free(buf);
	return r;
}

int hv_kmod_find(const char *root, const char *kver, const char *name, struct hv_modinfo *mi)
{
	char dir[VG_PATH_MAX], bin[VG_PATH_MAX];
	int r;

	memset(mi, 0, sizeof(*mi));
	r = vg_path(dir, sizeof(dir), root, "/lib/modules/%s", kver);
	if (r == 0)
		r = vg_path(bin, sizeof(bin), root, "/lib/modules/%s/modules.dep.bin", kver);
	if (r < 0)
		return r;
	/* libkmod opens dir by name: only once the jail found it inside ROOT. */
	r = vg_exists(dir);
	if (r == -EXDEV)
		return r;
	if (vg_exists(bin) == 0)
		return find_kmod(dir, name, mi);
	return find_text(dir, name, mi);
}

int hv_kmod_load_vfio(const char *const *extra, size_t n, const char **failed)
{
	struct kmod_ctx *ctx = kmod_new(NULL, NULL);
	size_t i;
	int r = 0;

	*failed = NULL;
	if (!ctx)
		return -ENOMEM;
	kmod_load_resources(ctx);
	for (i = 0; i < VG_N_VFIO_MODULES + n && r == 0; i++) {
		struct kmod_list *list = NULL, *l;

		*failed = i < VG_N_VFIO_MODULES ? vg_vfio_modules[i] : extra[i - VG_N_VFIO_MODULES];
		r = kmod_module_new_from_lookup(ctx, *failed, &list);
		if (r == 0 && !list)
			r = -ENOENT;
		kmod_list_foreach(l, list)
		{
			struct kmod_module *m = kmod_module_get_module(l);

			/* Built-in and already loaded modules are skipped by libkmod;
			 * options come from modprobe.d and the kernel command line. */
			if (r == 0)
				r = kmod_module_probe_insert_module(m, 0, NULL, NULL, NULL, NULL);
			kmod_module_unref(m);
		}
		kmod_module_unref_list(list);
	}
	kmod_unref(ctx);
	if (r == 0)
		*failed = NULL;
	return r < 0 ? r : 0;
}
