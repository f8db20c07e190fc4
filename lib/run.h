/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.h - one run of the early binder, as kinit's run_init(): every step in
 * order, each failure logged with its context, the boot always going on. */
#ifndef VG_RUN_H
#define VG_RUN_H

#include <stdbool.h>

struct vg_rec;

struct vg_opts {
	const char *root;    /* "" for the real machine */
	const char *cmdline; /* NULL: read root/proc/cmdline */
	bool dry_run;	     /* --dry-run: plan on stdout, touch nothing */
	bool verbose;
	bool boot; /* no test options: log to /dev/kmsg */
	/* When set, the records whose lines --dry-run would print go here
	 * instead of stdout (vfio-gpu plan --json formats them itself). */
	void (*rec)(void *ctx, const struct vg_rec *rec);
	void *rec_ctx;
	bool quiet; /* no summary line: the caller reports the records itself */
	/* --device ADDR (SPEC "Late devices"): the whole machine's plan, then
	 * only ADDR's lines, under the lock of the host tool. */
	const char *device;
	/* COMMAND_LINE_SIZE of the kernel the line is for (vfio-gpu plan
	 * --arch); 0: this binary's architecture, as at boot. */
	unsigned cmdline_size;
	/* The selection file read before the command line: NULL is
	 * ROOT/etc/vfio-gpu/vfio-gpu.conf (vfio-gpu --conf FILE names another);
	 * no_conf: none (the host tool's --conf ''). */
	const char *conf;
	bool no_conf;
};

/* Returns the exit status: always 0 except for --dry-run (1 when the plan has
 * a bad, refuse or error line). */
int vg_run(const struct vg_opts *opts);

#endif
