/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kmods.h - module information and loading through libkmod, the library
 * modprobe itself uses, so the running system's aliases, blacklists and
 * modprobe.d options apply exactly as they would to `modprobe vfio-pci`. */
#ifndef VG_HOST_KMODS_H
#define VG_HOST_KMODS_H

#include <stdbool.h>
#include <stddef.h>

/* The modules vfio-pci needs are vg_vfio_modules (lib/modload.h). */
#include "modload.h"

struct hv_modinfo {
	bool builtin;
	bool via_kmod;	/* answered by libkmod (modules.dep.bin), not the text files */
	char path[256]; /* module file, relative to lib/modules/KVER */
};

/* Where module name lives for kernel kver under root. Returns 0, -ENOENT when
 * neither modules.dep nor modules.builtin has it, or another -errno when the
 * files cannot be read. */
int hv_kmod_find(const char *root, const char *kver, const char *name, struct hv_modinfo *mi);

/* Load the vfio set and then the n variant modules of extra (the claims'
 * targets) into the running kernel with dependencies and options
 * (kmod_module_probe_insert_module). On failure *failed names the module. */
int hv_kmod_load_vfio(const char *const *extra, size_t n, const char **failed);

#endif
