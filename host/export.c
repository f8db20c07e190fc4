/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export.c - vfio-gpu export nova|kubevirt|libvirt: the configuration the
 * layer above needs for what the next boot claims, ready to paste. The claims
 * are the plan's own records (the binder's run in dry-run, as `vfio-gpu
 * plan`), grouped into cards here once, so that every export treats a card as
 * one unit: neither nova nor KubeVirt knows IOMMU groups, and a card's
 * functions offered one by one could go to two guests (the second then cannot
 * open the group's /dev/vfio/N). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "pci.h"
#include "pciclass.h"
#include "report.h"
#include "select.h"
#include "run.h"
#include "export.h"

static void on_rec(void *ctx, const struct vg_rec *rec)
{
	struct ex *e = ctx;
	struct ex_claim *c;

	if (rec->kind != VG_REC_CLAIM || !rec->dev)
		return;
	if (e->n >= EX_MAX) {
		e->lost = true;
		return;
	}
	c = &e->c[e->n++];
	c->dev = *rec->dev;
	snprintf(c->target, sizeof(c->target), "%s", rec->target ? rec->target : "vfio_pci");
}

/* Claims come in address order, so a card is a run of neighbours on one slot.
 * Its primary function is the one a guest asks for: the display controller
 * (03xx), else the lowest function. */
static void group_cards(struct ex *e)
{
	unsigned i, j, start = 0, card = 0;

	for (i = 0; i <= e->n; i++) {
		if (i > 0 && i < e->n && vg_same_slot(&e->c[i - 1].dev, &e->c[i].dev))
			continue;
		if (i > start) {
			unsigned p = start;

			for (j = start; j < i; j++)
				if (vg_class_base(e->c[j].dev.class) == VG_CLASS_DISPLAY) {
					p = j;
					break;
				}
			for (j = start; j < i; j++)
				e->c[j].card = card;
			e->c[p].primary = true;
			card++;
		}
		start = i;
	}
}

bool hv_ex_first_of_ids(const struct ex *e, unsigned i, bool (*keep)(const struct ex_claim *))
{
	unsigned j;

	for (j = 0; j < i; j++)
		if (keep(&e->c[j]) && e->c[j].dev.vendor == e->c[i].dev.vendor &&
		    e->c[j].dev.device == e->c[i].dev.device)
			return false;
	return true;
}

int hv_export(const struct hv_opts *o)
{
	struct vg_opts vo = {.root = o->root, .dry_run = true, .rec = on_rec};
	struct vg_pci pci = {0};
	struct hv_next nx;
	struct ex *e;
	bool nova;
	int r;

	if (o->nargs != 1 || (strcmp(o->args[0], "nova") && strcmp(o->args[0], "kubevirt") &&
			      strcmp(o->args[0], "libvirt"))) {
		hv_err("export takes one operand: nova, kubevirt or libvirt");
		return HV_EXIT_USAGE;
	}
	nova = strcmp(o->args[0], "nova") == 0;
	e = calloc(1, sizeof(*e));
	if (!e) {
		hv_err("out of memory");
		return HV_EXIT_FAIL;
	}
	hv_next_cmdline(o, false, &nx);
	vo.cmdline = nx.text;
	hv_next_conf(o, &vo);
	vo.rec_ctx = e;
	r = vg_run(&vo);
	hv_next_free(&nx);
	if (e->lost)
		hv_err("more than %d claimed functions: the export is incomplete", EX_MAX);
	if (e->n == 0) {
		hv_err("the next boot claims nothing: see vfio-gpu plan");
		free(e);
		return HV_EXIT_FAIL;
	}
	group_cards(e);
	if (nova && vg_pci_scan(o->root, &pci) < 0) {
		hv_err("cannot list PCI devices");
		free(e);
		return HV_EXIT_FAIL;
	}
	if (nova)
		hv_export_nova(e, o->root, &pci, o->with_siblings);
	else if (strcmp(o->args[0], "libvirt") == 0)
		hv_export_libvirt(e, o->hide_kvm);
	else
		hv_export_kubevirt(e);
	if (r)
		hv_err("the plan has bad, refuse or error lines: only what it claims is exported "
		       "(see vfio-gpu plan)");
	r = r || e->lost;
	vg_pci_free(&pci);
	free(e);
	return r ? HV_EXIT_FAIL : HV_EXIT_OK;
}
