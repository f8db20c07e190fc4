/* SPDX-License-Identifier: GPL-2.0-or-later */
/* claim.c - SPEC "Claiming a function", once for every caller: override
 * first (so that no host driver can take the function from here on), unbind
 * a bound driver, let the caller load vfio, probe (a built-in vfio-pci binds
 * only then), and read back the driver link: only that counts as claimed.
 * The driver is the claim's target: vfio-pci or a variant (SPEC "Variant
 * vfio drivers"), by the name its module registered. */
#include "claim.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "log.h"
#include "rootfs.h"
#include "sysfs.h"

#define VFIO_PREFIX "vfio"

const struct vg_claim_policy vg_policy_boot = {.failed = NULL};

/* vfio-pci itself starts so; its variants (mlx5_vfio_pci, nvgrace_gpu_vfio_pci,
 * xe_vfio_pci, virtio-vfio-pci, ...) end so. A driver named otherwise is still
 * recognised by its device's vfio-dev/ (the host tool looks there). */
bool vg_driver_is_vfio(const char *driver)
{
	size_t n = strlen(driver);

	return strncmp(driver, VFIO_PREFIX, sizeof(VFIO_PREFIX) - 1) == 0 ||
	       (n > 9 && (strcmp(driver + n - 9, "_vfio_pci") == 0 ||
			  strcmp(driver + n - 9, "-vfio-pci") == 0));
}

int vg_target_driver(const char *root, const char *mod, char *buf, size_t len)
{
	char path[VG_PATH_MAX];
	struct dirent *de;
	int r = -ENOENT;
	DIR *d;

	if (vg_path(path, sizeof(path), root, "/sys/module/%s/drivers", mod) == 0 &&
	    (d = vg_opendir(path))) {
		/* Only names are read: no link under the root is followed. */
		while (r < 0 && (de = readdir(d)))
			if (strncmp(de->d_name, "pci:", 4) == 0 && de->d_name[4] &&
			    strlen(de->d_name + 4) < len) {
				memcpy(buf, de->d_name + 4, strlen(de->d_name + 4) + 1);
				r = 0;
			}
		closedir(d);
	}
	if (r < 0)
		snprintf(buf, len, "%s", strcmp(mod, "vfio_pci") == 0 ? VG_TARGET_DRIVER : mod);
	return r;
}

static const struct vg_dev *dev_of(const struct vg_claim *c, size_t i)
{
	return &c->pci->devs[c->plan->lines[i].dev];
}

static bool is_claim(const struct vg_claim *c, size_t i)
{
	return c->plan->lines[i].kind == VG_LINE_CLAIM;
}

static int fail(struct vg_claim *c, size_t i, int r)
{
	c->fn[i].state = VG_CLAIM_FAILED;
	if (c->policy->failed)
		c->policy->failed(c, i);
	return r;
}

/* A group already failed under the host policy is not touched further. */
static bool skip(const struct vg_claim *c, size_t i)
{
	return !is_claim(c, i) || c->fn[i].state != VG_CLAIM_NONE;
}

static int override_unbind(struct vg_claim *c, size_t i)
{
	const struct vg_dev *d = dev_of(c, i);
	struct vg_claim_fn *f = &c->fn[i];
	int r;

	vg_target_driver(c->root, vg_line_target(&c->plan->lines[i]), f->driver, sizeof(f->driver));
	r = vg_bind_override(c->root, d, f->driver);
	if (r < 0) {
		vg_log(VG_ERR, "%s: cannot write driver_override: %s", d->name, strerror(-r));
		return fail(c, i, r);
	}
	f->done |= VG_DONE_OVERRIDE;
	if (d->driver[0] && strcmp(d->driver, f->driver) != 0) {
		r = vg_bind_unbind(c->root, d);
		if (r < 0) {
			vg_log(VG_ERR, "%s: cannot unbind from %s: %s", d->name, d->driver,
			       strerror(-r));
			return fail(c, i, r);
		}
		c->fn[i].done |= VG_DONE_UNBIND;
	}
	return 0;
}

static int probe_read_back(struct vg_claim *c, size_t i)
{
	const struct vg_dev *d = dev_of(c, i);
	const struct vg_line *l = &c->plan->lines[i];
	struct vg_claim_fn *f = &c->fn[i];
	char drv[VG_DRIVER_MAX];
	int r;

	/* A variant's driver is known once its module is in: when it is not
	 * called like its module, the override names it now. */
	if (vg_target_driver(c->root, vg_line_target(l), drv, sizeof(drv)) == 0 &&
	    strcmp(drv, f->driver) != 0) {
		r = vg_bind_override(c->root, d, drv);
		if (r < 0) {
			vg_log(VG_ERR, "%s: cannot write driver_override: %s", d->name,
			       strerror(-r));
			return fail(c, i, r);
		}
		memcpy(f->driver, drv, sizeof(drv));
	}
	r = vg_pci_read_driver(c->root, d, f->now, sizeof(f->now));
	if (r == 0 && strcmp(f->now, f->driver) != 0) {
		/* Loading vfio-pci binds overridden devices; a built-in one
		 * needs the bus to be asked again. */
		f->done |= VG_DONE_PROBE;
		r = vg_bind_probe(c->root, d);
		if (r < 0)
			vg_log(VG_ERR, "%s: drivers_probe failed: %s", d->name, strerror(-r));
		r = vg_pci_read_driver(c->root, d, f->now, sizeof(f->now));
	}
	if (r < 0) {
		vg_log(VG_ERR, "%s: cannot read its driver after binding: %s", d->name,
		       strerror(-r));
		return fail(c, i, r);
	}
	if (strcmp(f->now, f->driver) != 0) {
		vg_log(VG_ERR, "%s %04x:%04x group %d: did not bind to %s (driver now: %s)",
		       d->name, (unsigned)d->vendor, (unsigned)d->device, l->group, f->driver,
		       f->now[0] ? f->now : "none");
		return fail(c, i, -ENODEV);
	}
	f->state = VG_CLAIM_BOUND;
	return 0;
}

/* Counts: a group with any function not bound is failed (at boot each such
 * function was named in an error line as it failed). */
static void count(struct vg_claim *c)
{
	size_t i, j;

	for (i = 0; i < c->plan->n; i++) {
		int group = c->plan->lines[i].group;
		bool again = false;

		if (!is_claim(c, i))
			continue;
		if (c->fn[i].state == VG_CLAIM_BOUND) {
			c->claimed++;
			continue;
		}
		for (j = 0; j < i && !again; j++)
			again = is_claim(c, j) && c->fn[j].state != VG_CLAIM_BOUND &&
				c->plan->lines[j].group == group;
		c->failed_groups += !again;
	}
	c->groups = c->plan->n_groups - c->failed_groups;
}

int vg_claim_run(struct vg_claim *c)
{
	int first = 0, r;
	size_t i;

	c->claimed = c->groups = c->failed_groups = 0;
	c->fn = calloc(c->plan->n ? c->plan->n : 1, sizeof(*c->fn));
	if (!c->fn) {
		vg_log(VG_ERR, "out of memory");
		return -ENOMEM;
	}
	for (i = 0; i < c->plan->n; i++) {
		if (skip(c, i))
			continue;
		r = override_unbind(c, i);
		if (r < 0 && first == 0)
			first = r;
	}
	if (c->load)
		c->load(c->ctx);
	for (i = 0; i < c->plan->n; i++) {
		if (skip(c, i) || !(c->fn[i].done & VG_DONE_OVERRIDE))
			continue;
		r = probe_read_back(c, i);
		if (r < 0 && first == 0)
			first = r;
	}
	count(c);
	return first;
}

void vg_claim_free(struct vg_claim *c)
{
	free(c->fn);
	c->fn = NULL;
}
