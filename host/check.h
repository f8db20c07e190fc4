/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check.h - the state `vfio-gpu check` shares between its files: check.c
 * (IOMMU, modules, images, selection) and check_boot.c (what the next boot
 * will really load and read: conflicting options, the images' modules and
 * age, lockdown). */
#ifndef VG_HOST_CHECK_H
#define VG_HOST_CHECK_H

#include "host.h"
#include "params.h"
#include "pci.h"
#include "select.h"

enum hv_status { HV_PASS, HV_WARN, HV_FAIL };

struct check {
	const struct hv_opts *o;
	unsigned count[3];
	struct vg_config *cfg; /* the next boot's */
	struct hv_next next;
	struct vg_pci pci;
	struct vg_plan plan;	 /* the next boot's */
	struct vg_plan run_plan; /* the running boot's: which groups must be on vfio now */
};

/* One PASS/WARN/FAIL line (or --json object) for item what. */
void hv_check_item(struct check *c, enum hv_status st, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Options on the next boot's line that turn the IOMMU or the binder off. */
void hv_check_off_options(struct check *c);

/* For one image (path under root, name in /boot): the vfio modules of its
 * kernel present in it, and the image not older than the binder or a
 * modprobe.d file about vfio. */
void hv_check_image_kernel(struct check *c, const char *path, const char *name);

/* Kernel lockdown (Secure Boot): unsigned modules will not load. */
void hv_check_lockdown(struct check *c);

/* cfg as the binder reads it (check_conf.c): the selection file (--conf, or
 * ROOT's), then line (len bytes); warn: a refused file is a WARN item. */
void hv_check_config(struct check *c, struct vg_config *cfg, const char *line, size_t len,
		     bool warn);
/* A WARN for each selection key the boot line (line) and the selection file
 * both give, with different values, and for a file that selects while the
 * line says vfio-gpu.off; PASS when they agree; nothing without a file. */
void hv_check_conf_agrees(struct check *c, const char *line, size_t len);
/* The reset_method of each function the next boot claims; a WARN for an
 * AMD GPU of the reset bug without device_specific (check_reset.c). */
void hv_check_reset(struct check *c);

#endif
