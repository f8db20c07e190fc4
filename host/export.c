/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export.c - vfio-gpu export nova|kubevirt: the configuration the layer above
 * needs for what the next boot claims, ready to paste. The claims are the
 * plan's own records (the binder's run in dry-run, as `vfio-gpu plan`), one
 * entry per vendor:device. A vendor:device of which the host keeps some
 * functions (one of two identical cards picked by address) is exported per
 * address, so nova never offers the card that stays with the host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host.h"
#include "pci.h"
#include "report.h"
#include "sysfs.h"
#include "run.h"
#include "export.h"

#define EX_MAX 256

struct ex_claim {
	uint32_t vendor, device;
	char addr[VG_ADDR_STR];
	const char *nova_type; /* device_type as nova will see the function */
};

struct ex {
	struct ex_claim c[EX_MAX];
	struct vg_addr addrs[EX_MAX]; /* c[i]'s address, in plan (address) order */
	unsigned n;
	bool lost; /* more claims than fit */
};

static void on_rec(void *ctx, const struct vg_rec *rec)
{
	struct ex *e = ctx;

	if (rec->kind != VG_REC_CLAIM || !rec->dev)
		return;
	if (e->n >= EX_MAX) {
		e->lost = true;
		return;
	}
	e->c[e->n].vendor = rec->dev->vendor;
	e->c[e->n].device = rec->dev->device;
	memcpy(e->c[e->n].addr, rec->dev->name, sizeof(e->c[e->n].addr));
	e->addrs[e->n] = rec->dev->addr;
	e->n++;
}

/* How many functions of the machine, and how many of the claims, have these ids. */
static unsigned count_pci(const struct vg_pci *pci, uint32_t v, uint32_t d)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < pci->n; i++)
		k += pci->devs[i].vendor == v && pci->devs[i].device == d;
	return k;
}

static unsigned count_claims(const struct ex *e, uint32_t v, uint32_t d)
{
	unsigned k = 0, i;

	for (i = 0; i < e->n; i++)
		k += e->c[i].vendor == v && e->c[i].device == d;
	return k;
}

/* The first claim of its vendor:device (entries are per vendor:device). */
static bool first_of_ids(const struct ex *e, unsigned i)
{
	unsigned j;

	for (j = 0; j < i; j++)
		if (e->c[j].vendor == e->c[i].vendor && e->c[j].device == e->c[i].device)
			return false;
	return true;
}

/* nova's libvirt driver (nova/virt/libvirt/host.py, _get_device_type) calls a
 * function with libvirt's virt_functions capability a PF and one with a
 * phys_function a VF; libvirt gives the first to every SR-IOV capable function
 * (sysfs sriov_totalvfs) and the second to a VF (its physfn link). An alias
 * whose device_type differs never matches ("No valid host"). */
static const char *nova_device_type(const char *root, const char *addr)
{
	char path[VG_PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/physfn", root, addr);
	if (lstat(path, &st) == 0)
		return "type-VF";
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/sriov_totalvfs", root, addr);
	if (stat(path, &st) == 0)
		return "type-PF";
	return "type-PCI";
}

static void print_nova(const struct ex *e, const struct vg_pci *pci)
{
	unsigned i;

	printf("# nova-compute.conf (and the alias lines on the API nodes too): the\n"
	       "# functions vfio-gpu-early claims at the next boot (vfio-gpu export nova)\n"
	       "[pci]\n");
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];
		bool all =
		    count_claims(e, c->vendor, c->device) == count_pci(pci, c->vendor, c->device);

		if (all && !first_of_ids(e, i))
			continue;
		printf("device_spec = {\"vendor_id\": \"%04x\", \"product_id\": \"%04x\"",
		       c->vendor, c->device);
		if (!all)
			printf(", \"address\": \"%s\"", c->addr);
		printf("}\n");
	}
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];

		if (!first_of_ids(e, i))
			continue;
		printf("alias = {\"name\": \"vfio-gpu-%04x-%04x\", \"vendor_id\": \"%04x\", "
		       "\"product_id\": \"%04x\", \"device_type\": \"%s\"}\n",
		       c->vendor, c->device, c->vendor, c->device, c->nova_type);
	}
	printf("# nova-scheduler: enabled_filters must include PciPassthroughFilter.\n"
	       "# A flavor takes one with: openstack flavor set FLAVOR --property "
	       "\"pci_passthrough:alias\"=NAME:1\n");
}

static void print_kubevirt(const struct ex *e)
{
	unsigned i;

	printf("# KubeVirt CR, spec.configuration: the functions vfio-gpu-early claims at\n"
	       "# the next boot (vfio-gpu export kubevirt)\n"
	       "permittedHostDevices:\n"
	       "  pciHostDevices:\n");
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];

		if (!first_of_ids(e, i))
			continue;
		printf("  - pciVendorSelector: \"%04X:%04X\"\n"
		       "    resourceName: \"vfio-gpu/%04X_%04X\"\n"
		       "    externalResourceProvider: false\n",
		       c->vendor, c->device, c->vendor, c->device);
	}
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
	if (nova && vg_pci_scan(o->root, &pci) < 0) {
		hv_err("cannot list PCI devices");
		free(e);
		return HV_EXIT_FAIL;
	}
	for (unsigned i = 0; nova && i < e->n; i++)
		e->c[i].nova_type = nova_device_type(o->root, e->c[i].addr);
	if (nova)
		print_nova(e, &pci);
	else if (strcmp(o->args[0], "libvirt") == 0)
		hv_export_libvirt(e->addrs, e->n, o->hide_kvm);
	else
		print_kubevirt(e);
	if (r)
		hv_err("the plan has bad, refuse or error lines: only what it claims is exported "
		       "(see vfio-gpu plan)");
	r = r || e->lost;
	vg_pci_free(&pci);
	free(e);
	return r ? HV_EXIT_FAIL : HV_EXIT_OK;
}
