/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export_nova.c - vfio-gpu export nova: [pci] device_spec and alias lines
 * for each card's primary function. nova schedules PCI devices one by one and
 * knows nothing of IOMMU groups or cards, so a card's other functions (audio,
 * USB-C, UCSI) offered too could go to another guest, which then cannot open
 * the group. They stay bound to vfio (the group stays viable) but are only
 * offered when asked (--with-siblings). A vendor:device of which the host
 * keeps some functions (one of two identical cards picked by address) is
 * exported per address, so nova never offers the card that stays home. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "host.h"
#include "rootfs.h"
#include "sysfs.h"
#include "export.h"

static bool offered_primary(const struct ex_claim *c)
{
	return c->primary;
}

static bool offered_all(const struct ex_claim *c)
{
	(void)c;
	return true;
}

static unsigned count_pci(const struct vg_pci *pci, uint32_t v, uint32_t d)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < pci->n; i++)
		k += pci->devs[i].vendor == v && pci->devs[i].device == d;
	return k;
}

static unsigned count_offered(const struct ex *e, bool (*keep)(const struct ex_claim *), uint32_t v,
			      uint32_t d)
{
	unsigned k = 0, i;

	for (i = 0; i < e->n; i++)
		k += keep(&e->c[i]) && e->c[i].dev.vendor == v && e->c[i].dev.device == d;
	return k;
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
	if (vg_stat(path, &st, false) == 0)
		return "type-VF";
	snprintf(path, sizeof(path), "%s/sys/bus/pci/devices/%s/sriov_totalvfs", root, addr);
	if (vg_stat(path, &st, true) == 0)
		return "type-PF";
	return "type-PCI";
}

/* Whether an offered function is of this vendor's (the flavor advice below
 * matters to NVIDIA's consumer drivers only). */
static bool offers_vendor(const struct ex *e, bool (*keep)(const struct ex_claim *),
			  unsigned vendor)
{
	unsigned i;

	for (i = 0; i < e->n; i++)
		if (keep(&e->c[i]) && e->c[i].dev.vendor == vendor)
			return true;
	return false;
}

void hv_export_nova(struct ex *e, const char *root, const struct vg_pci *pci, bool with_siblings)
{
	bool (*keep)(const struct ex_claim *) = with_siblings ? offered_all : offered_primary;
	unsigned i, held = 0;

	for (i = 0; i < e->n; i++) {
		e->c[i].nova_type = nova_device_type(root, e->c[i].dev.name);
		held += !keep(&e->c[i]);
	}
	printf("# nova-compute.conf (and the alias lines on the API nodes too): the\n"
	       "# functions vfio-gpu-early claims at the next boot (vfio-gpu export nova),\n"
	       "# one primary function per card (display controller, else the lowest).\n");
	if (held)
		printf("# Not offered: %u function(s) of these cards (audio, USB, ...), bound to\n"
		       "# vfio all the same; --with-siblings offers them.\n",
		       held);
	if (with_siblings) {
		hv_warn("--with-siblings: nova schedules each function on its own and cannot "
			"keep a card's functions on one guest; a guest given a sibling without "
			"its card cannot open the card's IOMMU group");
		printf("# WARNING: --with-siblings: nova cannot keep a card's functions on one\n"
		       "# guest; a flavor must ask for the card's every alias, and even then two\n"
		       "# cards' functions may be mixed.\n");
	}
	printf("[pci]\n");
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];
		bool all;

		if (!keep(c))
			continue;
		all = count_offered(e, keep, c->dev.vendor, c->dev.device) ==
		      count_pci(pci, c->dev.vendor, c->dev.device);
		if (all && !hv_ex_first_of_ids(e, i, keep))
			continue;
		printf("device_spec = {\"vendor_id\": \"%04x\", \"product_id\": \"%04x\"",
		       c->dev.vendor, c->dev.device);
		if (!all)
			printf(", \"address\": \"%s\"", c->dev.name);
		printf("}\n");
	}
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];

		if (!keep(c) || !hv_ex_first_of_ids(e, i, keep))
			continue;
		printf("alias = {\"name\": \"vfio-gpu-%04x-%04x\", \"vendor_id\": \"%04x\", "
		       "\"product_id\": \"%04x\", \"device_type\": \"%s\"}\n",
		       c->dev.vendor, c->dev.device, c->dev.vendor, c->dev.device, c->nova_type);
	}
	printf("# nova-scheduler: enabled_filters must include PciPassthroughFilter.\n"
	       "# A flavor takes one with: openstack flavor set FLAVOR --property "
	       "\"pci_passthrough:alias\"=NAME:1\n");
	if (offers_vendor(e, keep, PCI_VENDOR_NVIDIA))
		printf("# NVIDIA: a consumer driver that sees KVM stops the card (Windows code\n"
		       "# 43); add --property hw:hide_hypervisor_id=true to that flavor (nova's\n"
		       "# name for libvirt's <kvm><hidden state='on'/></kvm>; export libvirt\n"
		       "# --hide-kvm prints it for a libvirt guest).\n");
}
