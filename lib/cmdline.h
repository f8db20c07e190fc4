/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.h - split a kernel command line exactly as the kernel's next_arg()
 * does: double quotes group a value, a lone "--" ends the kernel's part. */
#ifndef VG_CMDLINE_H
#define VG_CMDLINE_H

#include <stddef.h>

struct vg_arg {
	char *key;
	char *val; /* NULL when the token has no '=' */
};

/* Split the NUL-terminated buf in place into at most max args. Stops at a lone
 * "--" (the rest belongs to init). *dropped (may be NULL) counts the args that
 * did not fit. Returns the number of args stored. */
size_t vg_cmdline_split(char *buf, struct vg_arg *args, size_t max, size_t *dropped);

/* The kernel's isspace(): C whitespace and Latin-1 NBSP (0xa0). */
int vg_kspace(unsigned char c);

#endif
