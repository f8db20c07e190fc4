/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export_kubevirt.c - vfio-gpu export kubevirt: the KubeVirt CR's
 * permittedHostDevices for each card's primary function, and the HostDevices
 * feature gate without which KubeVirt offers none of them. */
#include <stdio.h>
#include <string.h>

#include "host.h"
#include "export.h"

static bool primary(const struct ex_claim *c)
{
	return c->primary;
}

void hv_export_kubevirt(const struct ex *e)
{
	unsigned i;

	printf("# KubeVirt CR (kubectl edit kubevirt -n kubevirt): the functions\n"
	       "# vfio-gpu-early claims at the next boot (vfio-gpu export kubevirt).\n"
	       "# KubeVirt's device plugin uses a function's IOMMU group as its device\n"
	       "# id, so one group is one allocatable resource: only each card's primary\n"
	       "# function (display controller, else the lowest) is offered, and the\n"
	       "# rest of the card stays bound to vfio with it, never a second resource\n"
	       "# that another VM could take.\n");
	/* virt-handler's discoverPermittedHostPCIDevices skips every device whose
	 * driver is not vfio-pci: a variant driver's function is never offered. */
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];

		if (!c->primary || strcmp(c->target, "vfio_pci") == 0)
			continue;
		hv_warn("%s goes to %s, not vfio-pci: KubeVirt offers only devices on "
			"vfio-pci, so its resource stays empty (vfio-gpu.variants=0 binds "
			"vfio-pci)",
			c->dev.name, c->target);
		printf("# WARNING: %s goes to %s, not vfio-pci: KubeVirt offers only\n"
		       "# devices on vfio-pci, so its resource stays empty.\n",
		       c->dev.name, c->target);
	}
	printf("spec:\n"
	       "  configuration:\n"
	       "    developerConfiguration:\n"
	       "      featureGates: [HostDevices]\n"
	       "    permittedHostDevices:\n"
	       "      pciHostDevices:\n");
	for (i = 0; i < e->n; i++) {
		const struct ex_claim *c = &e->c[i];

		if (!c->primary || !hv_ex_first_of_ids(e, i, primary))
			continue;
		printf("      - pciVendorSelector: \"%04X:%04X\"\n"
		       "        resourceName: \"vfio-gpu/%04X_%04X\"\n"
		       "        externalResourceProvider: false\n",
		       c->dev.vendor, c->dev.device, c->dev.vendor, c->dev.device);
	}
}
