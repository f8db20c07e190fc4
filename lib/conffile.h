/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conffile.h - the selection file (SPEC "The same tokens from a file in the
 * image"): read it safely, strip its comments, hand its text to the one
 * parameter parser (params.c) tagged as the file's. */
#ifndef VG_CONFFILE_H
#define VG_CONFFILE_H

#include <stddef.h>

#include "params.h"

/* Comments out: '#' outside double quotes, to the end of its line, becomes
 * blanks (newlines stay, so that tokens keep their line numbers); a NUL
 * byte becomes a blank, never the end of the text. */
void vg_conf_strip(char *text, size_t len);

/* The file's tokens into cfg (after vg_config_begin, before the command
 * line): file NULL is ROOT/etc/vfio-gpu/vfio-gpu.conf (named without the
 * root), else the path file as given. Opened as every file under a root is
 * (lib/sysfs.c): not through a symbolic link, never blocking, a regular
 * file only, at most VG_CONF_MAX bytes. Returns 1 when read, 0 when there
 * is no file (silent: the file is optional), or -errno when it is refused
 * (-ELOOP a link, -EINVAL a FIFO or device, -EISDIR, -EFBIG too large):
 * then cfg holds nothing of it and the caller warns, naming *name. */
int vg_conf_load(struct vg_config *cfg, const char *root, const char *file, const char **name);

#endif
