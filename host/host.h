/* SPDX-License-Identifier: GPL-2.0-or-later */
/* host.h - vfio-gpu, the host-side tool: the options every subcommand shares
 * and the subcommands main() dispatches to. Each returns the exit status. */
#ifndef VG_HOST_H
#define VG_HOST_H

#include <stdbool.h>

#include "pci.h"

/* Exit statuses (vfio-gpu(8) "EXIT STATUS"). */
enum {
	HV_EXIT_OK = 0,
	HV_EXIT_FAIL = 1,  /* a FAIL, a refusal, a failed write */
	HV_EXIT_USAGE = 2, /* the command line itself is wrong */
};

struct hv_opts {
	const char *root; /* "" for the running system */
	bool json;
	bool force;	     /* bind/release --force: go on when a group is in use */
	bool hide_kvm;	     /* export libvirt --hide-kvm: the domain's features too */
	bool with_siblings;  /* export nova --with-siblings: a card's other functions too */
	const char *cmdline; /* plan/check --cmdline, or NULL */
	const char *conf;    /* plan/check/export --conf FILE, or NULL: ROOT's */
	const char *arch;    /* plan --arch MACHINE, or NULL: uname's */
	char **args;	     /* operands after the subcommand */
	int nargs;
};

int hv_list(const struct hv_opts *o);
int hv_plan(const struct hv_opts *o);
int hv_check(const struct hv_opts *o);
int hv_bind(const struct hv_opts *o);
int hv_release(const struct hv_opts *o);
int hv_status(const struct hv_opts *o);
int hv_export(const struct hv_opts *o);

/* Where the next boot's vfio-gpu.* parameters come from (nextline.c). */
enum hv_from {
	HV_FROM_OPTION,	    /* --cmdline STRING */
	HV_FROM_BOOTLOADER, /* vfio-gpu-cmdline show --cmdline-only */
	HV_FROM_PROC,	    /* fallback: ROOT/proc/cmdline, the running boot's */
};

struct hv_next {
	const char *text; /* the command line; NULL: read ROOT/proc/cmdline */
	char *owned;	  /* text, when it was read from the tool */
	enum hv_from from;
	char source[512]; /* for --json: "--cmdline", "bootloader (grub: FILE)", "/proc/cmdline" */
};

/* --cmdline STRING, else what `vfio-gpu-cmdline [--root DIR] show
 * --cmdline-only` prints (the tool found on PATH, or $VFIO_GPU_CMDLINE_TOOL),
 * else NULL with a one-line note on stderr. name_it: also run a plain `show`
 * to name the back end and file in source. */
void hv_next_cmdline(const struct hv_opts *o, bool name_it, struct hv_next *nx);
void hv_next_free(struct hv_next *nx);

/* The selection file a run of the binder's core reads: --conf FILE, none
 * for --conf '', else (NULL) ROOT/etc/vfio-gpu/vfio-gpu.conf as at boot. */
struct vg_opts;
void hv_next_conf(const struct hv_opts *o, struct vg_opts *vo);

/* "error: " messages on stderr, prefixed with the program name. */
void hv_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "warning: " messages, the same way. */
void hv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Group viability (SPEC "vfio-gpu list"): a function may stay where it is
 * when it is on a vfio driver, pci-stub or no driver, or is a bridge on
 * pcieport. */
bool hv_dev_vfio_ready(const struct vg_dev *d);
/* Mark the functions on a driver whose name does not say vfio but whose
 * device has vfio-dev/ (any vfio driver has it, 6.1+). */
void hv_mark_vfio_dev(const char *root, struct vg_pci *pci);

#endif
