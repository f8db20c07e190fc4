/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.h - the one logging module: one "<prio>vfio-gpu: msg" record per write()
 * to /dev/kmsg in the initramfs, or "vfio-gpu: [level: ]msg" lines on stderr. */
#ifndef VG_LOG_H
#define VG_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum vg_prio {
	VG_ERR = 3,
	VG_WARNING = 4,
	VG_INFO = 6,
	VG_DEBUG = 7,
};

/* kmsg_path: the kernel log device to write to, or NULL for stderr. When it
 * cannot be opened the log falls back to stderr. With debug set, debug
 * messages are written at info level (vfio-gpu.debug); otherwise dropped. */
void vg_log_open(const char *kmsg_path, bool debug);
void vg_log_close(void);
void vg_log_set_debug(bool debug);
/* While held, every message is dropped (vg_log_open releases it): a
 * late-device run computes the whole machine's plan, whose warnings the boot
 * run logged already, and speaks only about its own device. */
void vg_log_hold(bool hold);

/* Text from outside (a file, the command line, a lock note) for a terminal
 * or a log: a control byte (below 0x20, and DEL) is shown as '?', so that no
 * such text can drive a terminal; UTF-8 (bytes from 0x80) passes, as names
 * in pci.ids have it. out may be in. */
void vg_printable(const char *in, char *out, size_t len);

/* Every message: one record within the kernel's limit (longer is cut), its
 * control bytes shown as '?' whatever the arguments held. */
void vg_log(enum vg_prio prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
