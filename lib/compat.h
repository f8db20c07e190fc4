/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compat.h - the few differences between klibc (the static early binary) and
 * glibc (unit tests, sanitizers, host tool), kept in one place. */
#ifndef VG_COMPAT_H
#define VG_COMPAT_H

#include <stddef.h>

#ifndef MODULE_INIT_COMPRESSED_FILE
/* include/uapi/linux/module.h: the kernel decompresses the file itself. */
#define MODULE_INIT_COMPRESSED_FILE 4
#endif

/* klibc has both calls in libc.a but declares neither; glibc has no wrapper.
 * vg_ prefixed so the two libcs never disagree about a prototype. */
int vg_finit_module(int fd, const char *args, int flags);

/* Milliseconds on a clock that only moves forward (klibc has no clock_gettime). */
unsigned long vg_now_ms(void);
/* The same clock in microseconds, for the phase times of the boot report
 * (most phases take well under a millisecond). */
unsigned long long vg_now_us(void);

#endif
