/* SPDX-License-Identifier: GPL-2.0-or-later */
/* late.c - late devices (SPEC "Late devices", vfio-gpu-early --device ADDR):
 * the steps vg_run adds for one device added after the boot: ADDR checked,
 * the lock shared with the host tool taken, the whole machine's plan
 * narrowed to ADDR. */
#include "late.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "claim.h"
#include "log.h"

/* --device: ADDR must be a PCI address (udev passes $kernel, 0000:01:00.0);
 * anything else is a warning and no run, never a failure udev would see. */
int vg_late_parse(const char *device, struct vg_addr *out)
{
	if (vg_parse_addr(device, out) < 0) {
		vg_log_hold(false);
		vg_log(VG_WARNING, "late device '%s': not a PCI address, nothing done", device);
		return -EINVAL;
	}
	return 0;
}

/* --device: the lock of the host tool, so that a late device and a
 * vfio-gpu bind/release never change the same group at once (SPEC "Host-side
 * tool"). On timeout nothing is done: a warning, and the boot's exit 0. */
int vg_late_lock(const char *root, const char *device, struct vg_lock *l)
{
	char what[96], who[300];
	unsigned wait_s;
	int r;

	/* A malformed VFIO_GPU_LOCK_WAIT (set by tests, never by udev) leaves
	 * the default in wait_s: a late device is never refused for it. */
	(void)vg_lock_wait_seconds(&wait_s);
	snprintf(what, sizeof(what), "vfio-gpu-early --device %s", device);
	r = vg_lock_take(root, what, wait_s, l);
	if (r < 0)
		vg_log_hold(false);
	if (r == -ETIMEDOUT) {
		vg_lock_holder_text(l->holder, who, sizeof(who));
		vg_log(VG_WARNING,
		       "late device %s: %s is held by %s; waited %u s, nothing was claimed", device,
		       l->path, who, wait_s);
	} else if (r < 0) {
		vg_log(VG_WARNING,
		       "late device %s: cannot take the lock %s: %s, nothing was claimed", device,
		       l->path, strerror(-r));
	}
	return r;
}

/* --device: keep ADDR's own line, the claim lines of its group-mates that are
 * not on a vfio driver yet, and the refusal of its group (SPEC "Late
 * devices": the run decides ADDR's whole group). The plan was computed over
 * the whole machine, so the group's safety is the boot's. Whichever
 * function's add event comes first claims the group; a later event finds the
 * mates on vfio and leaves them, so the runs (serialised by the lock) never
 * write the same function twice. A mate the claim engine cannot bind is its
 * error line and a failed group, as at boot. Returns false when ADDR is not
 * selected (or absent). */
bool vg_late_filter(const char *device, const struct vg_addr *addr, const struct vg_pci *pci,
		    struct vg_plan *p)
{
	size_t i, n = 0, di;
	bool selected = false;
	int g;

	/* From here on the run speaks about ADDR only. */
	vg_log_hold(false);
	for (di = 0; di < pci->n; di++)
		if (vg_addr_cmp(&pci->devs[di].addr, addr) == 0)
			break;
	if (di == pci->n) {
		vg_log(VG_WARNING, "late device '%s': no such PCI device, nothing done", device);
		return false;
	}
	g = pci->devs[di].group;
	p->n_claims = p->n_groups = p->n_refused = 0;
	for (i = 0; i < p->n; i++) {
		struct vg_line l = p->lines[i];

		bool mate = l.dev != di && g != VG_NO_GROUP && l.group == g;

		if (l.dev != di && !(mate && (l.kind == VG_LINE_REFUSE ||
					      (l.kind == VG_LINE_CLAIM &&
					       !vg_driver_is_vfio(pci->devs[l.dev].driver)))))
			continue;
		p->lines[n++] = l;
		selected |= (l.dev == di || l.kind == VG_LINE_REFUSE) && l.kind != VG_LINE_SKIP;
		if (l.kind == VG_LINE_CLAIM) {
			/* One group however many of its functions are claimed. */
			p->n_groups += p->n_claims == 0;
			p->n_claims++;
		} else if (l.kind == VG_LINE_REFUSE) {
			p->n_refused++;
		}
	}
	p->n = n;
	if (!selected) {
		vg_log(VG_DEBUG, "late device %s: not selected, nothing to do", device);
		return false;
	}
	vg_log(VG_INFO, "late device %s (group %d)", pci->devs[di].name, g);
	return true;
}
