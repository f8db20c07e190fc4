/* SPDX-License-Identifier: GPL-2.0-or-later */
/* moddep.h - pure readers of depmod's output (modules.dep, modules.builtin)
 * and module-name rules, over a buffer so they can be fuzzed. */
#ifndef VG_MODDEP_H
#define VG_MODDEP_H

#include <stdbool.h>
#include <stddef.h>

#define VG_MODNAME_MAX 64

struct vg_span {
	const char *p;
	size_t len;
};

/* The modules.dep line of module `name`: its path and its dependency list
 * (paths separated by blanks). Returns 0 or -ENOENT. */
int vg_moddep_find(const char *buf, size_t len, const char *name, struct vg_span *path,
		   struct vg_span *deps);

/* Next path in a dependency list; advances *deps. False at the end. */
bool vg_moddep_next(struct vg_span *deps, struct vg_span *dep);

/* Module name of a path: basename without .ko/.ko.gz/.ko.xz/.ko.zst, '-' as
 * '_'. Returns 0, or -EINVAL for a path that is not a module file. */
int vg_modname(const char *path, size_t len, char *out, size_t outlen);

/* Whether modules.builtin lists module `name`. */
bool vg_builtin_has(const char *buf, size_t len, const char *name);

#endif
