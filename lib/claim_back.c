/* SPDX-License-Identifier: GPL-2.0-or-later */
/* claim_back.c - giving functions back to their host drivers: vfio-gpu
 * release, and the host policy of the claim engine (a group is all or
 * nothing). Apart from claim.c so that the boot binder, whose policy keeps
 * the overrides, does not carry it. */
#include "claim.h"

#include <string.h>

#include "bind.h"
#include "log.h"

int vg_claim_give_back(const char *root, const struct vg_dev *d, bool unbind_vfio, bool probe,
		       char *now, size_t len)
{
	int r = vg_bind_override(root, d, NULL);

	if (r < 0) {
		vg_log(VG_ERR, "%s: cannot clear driver_override: %s", d->name, strerror(-r));
		return r;
	}
	r = vg_pci_read_driver(root, d, now, len);
	/* A variant named like no vfio driver is known by the vfio-dev/ its
	 * device had when scanned (host tool: hv_mark_vfio_dev). */
	if (r == 0 && unbind_vfio &&
	    (vg_driver_is_vfio(now) || (d->vfio_dev && strcmp(now, d->driver) == 0))) {
		r = vg_bind_unbind(root, d);
		if (r < 0) {
			vg_log(VG_ERR, "%s: cannot unbind from %s: %s", d->name, now, strerror(-r));
			return r;
		}
		probe = true;
	}
	if (probe) {
		r = vg_bind_probe(root, d);
		if (r < 0) {
			vg_log(VG_ERR, "%s: drivers_probe failed: %s", d->name, strerror(-r));
			return r;
		}
	}
	r = vg_pci_read_driver(root, d, now, len);
	if (r < 0)
		vg_log(VG_ERR, "%s: cannot read its driver link: %s", d->name, strerror(-r));
	return r;
}

/* Host policy: every function of the group that was written to is given
 * back; the rest of the group is not tried. */
static void roll_back(struct vg_claim *c, size_t failed)
{
	int group = c->plan->lines[failed].group;
	size_t i;

	for (i = 0; i < c->plan->n; i++) {
		const struct vg_line *l = &c->plan->lines[i];
		struct vg_claim_fn *f = &c->fn[i];

		if (l->kind != VG_LINE_CLAIM || l->group != group)
			continue;
		if (f->done) {
			const struct vg_dev *d = &c->pci->devs[l->dev];

			/* One that was on vfio before stays there. */
			vg_claim_give_back(c->root, d,
					   !vg_driver_is_vfio(d->driver) && !d->vfio_dev,
					   (f->done & (VG_DONE_UNBIND | VG_DONE_PROBE)) != 0,
					   f->now, sizeof(f->now));
			if (f->state != VG_CLAIM_FAILED)
				f->state = VG_CLAIM_GIVEN_BACK;
		} else if (f->state == VG_CLAIM_NONE) {
			f->state = VG_CLAIM_GIVEN_BACK; /* never touched */
		}
	}
}

const struct vg_claim_policy vg_policy_host = {.failed = roll_back};
