/* SPDX-License-Identifier: GPL-2.0-or-later */
/* hex.h - the one hex-digit reader of the project: ids and addresses on the
 * command line, sysfs attributes, pci.ids lines and cpio headers all go
 * through it (fuzz/fuzz_hexattr.c keeps an independent copy as its oracle). */
#ifndef VG_HEX_H
#define VG_HEX_H

#include <stddef.h>
#include <stdint.h>

/* The value of hex digit c, or -1. */
int vg_hexval(int c);

/* Read hex digits at *sp, at most max of them (it stops there even when more
 * follow: fixed-width fields), and advance *sp past them. Returns the number
 * of digits read, or -EINVAL when there is none or the value does not fit
 * 32 bits (*sp and *out unchanged). */
int vg_hex_digits(const char **sp, size_t max, uint32_t *out);

#endif
