/* SPDX-License-Identifier: GPL-2.0-or-later */
/* log.c - kmsg or stderr; every message is formatted first and written once,
 * so that a kmsg record is never split and lines never interleave.
 * /dev/kmsg is opened anew for every record: the kernel rate-limits writers
 * per open file (10 records in 5 s unless printk.devkmsg=on, which systemd
 * sets but initramfs-tools and shell dracut do not), and a run logs more. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define VG_LOG_LINE 960 /* under the kernel's 1024-byte record limit */

static const char *log_kmsg_path;
static bool log_kmsg;
static bool log_debug;
static bool log_held;

void vg_log_open(const char *kmsg_path, bool debug)
{
	log_debug = debug;
	log_held = false;
	log_kmsg = false;
	log_kmsg_path = kmsg_path;
	if (kmsg_path) {
		int fd = open(kmsg_path, O_WRONLY | O_NOCTTY | O_CLOEXEC);

		if (fd >= 0) {
			close(fd);
			log_kmsg = true;
		}
	}
}

void vg_log_close(void)
{
	log_kmsg = false;
}

/* One record: kmsg when it takes it, stderr otherwise. */
static void write_record(const char *line, size_t n)
{
	if (log_kmsg) {
		int fd = open(log_kmsg_path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		ssize_t w = fd >= 0 ? write(fd, line, n) : -1;

		if (fd >= 0)
			close(fd);
		if (w >= 0)
			return;
		/* A kmsg that refuses us must not silence the run. */
		log_kmsg = false;
		line += 3; /* drop "<N>" for the terminal */
		n -= 3;
	}
	(void)!write(2, line, n);
}

void vg_log_set_debug(bool debug)
{
	log_debug = debug;
}

void vg_log_hold(bool hold)
{
	log_held = hold;
}

static const char *level_word(enum vg_prio prio)
{
	switch (prio) {
	case VG_ERR:
		return "error: ";
	case VG_WARNING:
		return "warning: ";
	default:
		return "";
	}
}

void vg_printable(const char *in, char *out, size_t len)
{
	size_t i;

	for (i = 0; in[i] && i + 1 < len; i++)
		out[i] = (unsigned char)in[i] < 0x20 || in[i] == 0x7f ? '?' : in[i];
	if (len)
		out[i] = '\0';
}

void vg_log(enum vg_prio prio, const char *fmt, ...)
{
	char line[VG_LOG_LINE];
	va_list ap;
	int n, i;
	int saved = errno;

	if (log_held)
		return;
	if (prio == VG_DEBUG) {
		if (!log_debug)
			return;
		prio = VG_INFO; /* vfio-gpu.debug: every decision at info level */
	}

	if (log_kmsg)
		n = snprintf(line, sizeof(line), "<%d>vfio-gpu: ", (int)prio);
	else
		n = snprintf(line, sizeof(line), "vfio-gpu: %s", level_word(prio));
	i = n;
	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	/* Outside text (a path, an argument) never drives the console. */
	line[n] = '\0';
	vg_printable(line + i, line + i, sizeof(line) - (size_t)i);
	line[n++] = '\n';
	write_record(line, (size_t)n);
	errno = saved;
}
