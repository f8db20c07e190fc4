/* SPDX-License-Identifier: GPL-2.0-or-later */
/* claim.h - the one claim engine (SPEC "What gets claimed" 4 and 6), used by
 * the boot run, vfio-gpu bind/release and late devices: override, unbind,
 * (load), probe, read back the driver link, under an explicit policy for a
 * group that cannot be claimed whole. */
#ifndef VG_CLAIM_H
#define VG_CLAIM_H

#include <stdbool.h>

#include "pci.h"
#include "select.h"

struct vg_claim;

/* What becomes of a group when one of its functions cannot be claimed. */
struct vg_claim_policy {
	/* Called after function i failed; NULL leaves the others as they are. */
	void (*failed)(struct vg_claim *c, size_t i);
};
/* At boot: a failed function is an error naming it, the others keep their
 * override (keeping a host driver off the card is the point), and the group
 * is counted failed. */
extern const struct vg_claim_policy vg_policy_boot;
/* On a running host: a group is all or nothing; a failed function gives the
 * whole group back (lib/claim_back.c, not linked into the binder). */
extern const struct vg_claim_policy vg_policy_host;

enum vg_claim_state {
	VG_CLAIM_NONE,	     /* not a claim line, or never reached */
	VG_CLAIM_BOUND,	     /* read back on the target driver */
	VG_CLAIM_FAILED,     /* a step failed; the error was logged */
	VG_CLAIM_GIVEN_BACK, /* rolled back with its group (host policy) */
};

/* Steps written, for the rollback. */
enum { VG_DONE_OVERRIDE = 1, VG_DONE_UNBIND = 2, VG_DONE_PROBE = 4 };

struct vg_claim_fn {
	enum vg_claim_state state;
	unsigned done;		 /* VG_DONE_* */
	char now[VG_DRIVER_MAX]; /* driver read back ("" none) */
	/* The target's driver name as written to driver_override (SPEC
	 * "Variant vfio drivers"; vg_target_driver). */
	char driver[VG_DRIVER_MAX];
};

struct vg_claim {
	const char *root;
	const struct vg_pci *pci;
	const struct vg_plan *plan;
	const struct vg_claim_policy *policy;
	/* Called once after the overrides and unbinds and before the probes
	 * (the boot loads the vfio modules here); NULL when loaded before. */
	void (*load)(void *ctx);
	void *ctx;

	/* Results: one per plan line, and the counts. */
	struct vg_claim_fn *fn;
	unsigned claimed;	/* functions read back on the target */
	unsigned groups;	/* groups whose every claim is bound */
	unsigned failed_groups; /* groups with a function not claimed */
};

/* Claim every claim line of c->plan. Errors are logged with the function
 * and errno text. Returns 0, -ENOMEM, or the first step's -errno. */
int vg_claim_run(struct vg_claim *c);
void vg_claim_free(struct vg_claim *c);

/* Give one function back to the host: clear its override; when unbind_vfio
 * and it is on a vfio driver now, unbind it; probe when it was unbound (here
 * or, with probe, before); read back into now. Returns 0 or -errno, logged. */
int vg_claim_give_back(const char *root, const struct vg_dev *d, bool unbind_vfio, bool probe,
		       char *now, size_t len);

/* The driver name of target module mod (vfio_pci or a variant): the entry
 * pci:NAME of root/sys/module/MOD/drivers/, where the kernel names the
 * drivers a loaded (or built-in) module registered. Without one (not loaded
 * yet, or a kernel that does not list it) vfio_pci is "vfio-pci" and a
 * variant its module name: until it loads, that override keeps every host
 * driver off the function, and no other driver can match it. Returns 0
 * when read from sysfs, -ENOENT when guessed so. */
int vg_target_driver(const char *root, const char *mod, char *buf, size_t len);

/* A vfio driver by its name: vfio-pci or one of its variants ("vfio" named once). */
bool vg_driver_is_vfio(const char *driver);

#endif
