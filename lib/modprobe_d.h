/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modprobe_d.h - module options from modprobe.d, read as kmod reads them. */
#ifndef VG_MODPROBE_D_H
#define VG_MODPROBE_D_H

#include <stddef.h>

/* Append the "options NAME ..." of one file's text for module name (compared
 * with '-' == '_') to out, space separated. Pure. Returns 0 or -E2BIG. */
int vg_modprobe_options(const char *buf, size_t len, const char *name, char *out, size_t outlen);

/* The *.conf files of /etc, /run, /usr/local/lib, /lib and /usr/lib
 * modprobe.d under root: a name in an earlier directory hides the same name
 * in a later one, and the files are read in name order. */
int vg_modprobe_d_options(const char *root, const char *name, char *out, size_t outlen);

#endif
