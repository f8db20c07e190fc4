/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list.c - `vfio-gpu list`: every IOMMU group with its functions, the way an
 * administrator reads them before choosing what to pass through (the usual
 * lsiommu.sh loop), with pci.ids names and whether each group is viable. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "iommu.h"
#include "json.h"
#include "list_cards.h"
#include "log.h"
#include "list_sriov.h"
#include "pci.h"
#include "pciids.h"

#define NAME_MAX_LEN 160

struct names {
	char vendor[NAME_MAX_LEN], device[NAME_MAX_LEN], class[NAME_MAX_LEN];
	bool has_vendor, has_device, has_class;
};

static void get_names(const struct hv_ids *ids, const struct vg_dev *d, struct names *n)
{
	n->has_vendor = hv_ids_vendor(ids, d->vendor, n->vendor, sizeof(n->vendor)) == 0;
	n->has_device = hv_ids_device(ids, d->vendor, d->device, n->device, sizeof(n->device)) == 0;
	n->has_class = hv_ids_class(ids, d->class, n->class, sizeof(n->class)) == 0;
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The distinct group numbers, ascending. */
static int collect_groups(const struct vg_pci *pci, int **out, size_t *n)
{
	int *g = malloc((pci->n ? pci->n : 1) * sizeof(*g));
	size_t i, k = 0;

	if (!g)
		return -ENOMEM;
	for (i = 0; i < pci->n; i++)
		if (pci->devs[i].group != VG_NO_GROUP)
			g[k++] = pci->devs[i].group;
	qsort(g, k, sizeof(*g), int_cmp);
	*n = 0;
	for (i = 0; i < k; i++)
		if (i == 0 || g[i] != g[i - 1])
			g[(*n)++] = g[i];
	*out = g;
	return 0;
}

static bool group_viable(const struct vg_pci *pci, int group)
{
	size_t i;

	for (i = 0; i < pci->n; i++)
		if (pci->devs[i].group == group && !hv_dev_vfio_ready(&pci->devs[i]))
			return false;
	return true;
}

static void text_dev(const struct hv_ids *ids, const struct vg_dev *d)
{
	struct names n;
	char line[4 * NAME_MAX_LEN], *end;
	int k;

	get_names(ids, d, &n);
	k = snprintf(line, sizeof(line), "  %s [%04x] %04x:%04x %-16s %-8s", d->name,
		     (unsigned)(d->class >> 8), (unsigned)d->vendor, (unsigned)d->device,
		     d->driver[0] ? d->driver : "(no driver)", d->boot_vga ? "boot-vga" : "");
	if (!n.has_class)
		snprintf(n.class, sizeof(n.class), "Class %04x", (unsigned)(d->class >> 8));
	if (k > 0 && (size_t)k < sizeof(line) && (n.has_class || n.has_vendor)) {
		if (n.has_device)
			snprintf(line + k, sizeof(line) - (size_t)k, " %s: %s %s", n.class,
				 n.vendor, n.device);
		else if (n.has_vendor)
			snprintf(line + k, sizeof(line) - (size_t)k, " %s: %s Device %04x", n.class,
				 n.vendor, (unsigned)d->device);
		else
			snprintf(line + k, sizeof(line) - (size_t)k, " %s: Device %04x:%04x",
				 n.class, (unsigned)d->vendor, (unsigned)d->device);
	}
	for (end = line + strlen(line); end > line && end[-1] == ' ';)
		*--end = '\0';
	/* Names from pci.ids and the driver links' text: never raw control bytes. */
	vg_printable(line, line, sizeof(line));
	puts(line);
}

static void text_group(const char *root, const struct hv_ids *ids, const struct vg_pci *pci,
		       int group)
{
	const char *sep = "";
	size_t i;

	printf("IOMMU group %d: ", group);
	if (group_viable(pci, group)) {
		printf("viable\n");
	} else {
		printf("not viable (");
		for (i = 0; i < pci->n; i++) {
			const struct vg_dev *d = &pci->devs[i];

			if (d->group == group && !hv_dev_vfio_ready(d)) {
				printf("%s%s on %s", sep, d->name, d->driver);
				sep = ", ";
			}
		}
		printf(")\n");
	}
	hv_list_cards_text(pci, group);
	for (i = 0; i < pci->n; i++)
		if (pci->devs[i].group == group) {
			text_dev(ids, &pci->devs[i]);
			hv_list_sriov_text(root, pci, &pci->devs[i]);
		}
}

static void json_dev(const char *root, const struct hv_ids *ids, const struct vg_pci *pci,
		     const struct vg_dev *d, const char *sep)
{
	struct names n;
	char hex[8];

	get_names(ids, d, &n);
	printf("%s{\"address\":", sep);
	hv_json_str(stdout, d->name);
	snprintf(hex, sizeof(hex), "%06x", (unsigned)d->class);
	printf(",\"class\":\"%s\",\"class_name\":", hex);
	hv_json_str(stdout, n.has_class ? n.class : NULL);
	printf(",\"vendor\":\"%04x\",\"device\":\"%04x\",\"vendor_name\":", (unsigned)d->vendor,
	       (unsigned)d->device);
	hv_json_str(stdout, n.has_vendor ? n.vendor : NULL);
	printf(",\"device_name\":");
	hv_json_str(stdout, n.has_device ? n.device : NULL);
	printf(",\"driver\":");
	hv_json_str(stdout, d->driver[0] ? d->driver : NULL);
	printf(",\"boot_vga\":%s,\"bridge\":%s,\"vfio_ready\":%s", d->boot_vga ? "true" : "false",
	       vg_dev_is_bridge(d) ? "true" : "false", hv_dev_vfio_ready(d) ? "true" : "false");
	hv_list_sriov_json(root, pci, d);
	printf("}");
}

static void json_list(const char *root, const struct hv_ids *ids, const struct vg_pci *pci,
		      const int *groups, size_t ng, const char *option)
{
	const char *sep = "";
	size_t g, i;

	printf("{\"iommu\":%s,\"iommu_option\":", pci->have_groups ? "true" : "false");
	hv_json_str(stdout, option);
	printf(",\"groups\":[");
	for (g = 0; g < ng; g++) {
		const char *dsep = "";

		printf("%s{\"group\":%d,\"viable\":%s,\"functions\":[", g ? "," : "", groups[g],
		       group_viable(pci, groups[g]) ? "true" : "false");
		for (i = 0; i < pci->n; i++)
			if (pci->devs[i].group == groups[g]) {
				json_dev(root, ids, pci, &pci->devs[i], dsep);
				dsep = ",";
			}
		printf("]");
		hv_list_cards_json(pci, groups[g]);
		printf("}");
	}
	printf("],\"ungrouped\":[");
	for (i = 0; i < pci->n; i++)
		if (pci->devs[i].group == VG_NO_GROUP) {
			json_dev(root, ids, pci, &pci->devs[i], sep);
			sep = ",";
		}
	printf("]}\n");
}

int hv_list(const struct hv_opts *o)
{
	struct vg_pci pci;
	struct hv_ids ids;
	const char *option = vg_iommu_option(o->root);
	int *groups = NULL;
	size_t ng = 0, i;
	bool header = false;
	int r;

	if (o->nargs) {
		hv_err("list takes no operands ('%s')", o->args[0]);
		return HV_EXIT_USAGE;
	}
	r = vg_pci_scan(o->root, &pci);
	if (r < 0) {
		hv_err("cannot list PCI devices under %s/sys/bus/pci/devices: %s", o->root,
		       strerror(-r));
		return HV_EXIT_FAIL;
	}
	hv_mark_vfio_dev(o->root, &pci);
	r = hv_ids_load(&ids, o->root);
	if (r < 0 && r != -ENOENT)
		hv_err("cannot read pci.ids (%s), names left out", strerror(-r));
	if (collect_groups(&pci, &groups, &ng) < 0) {
		hv_err("out of memory");
		vg_pci_free(&pci);
		hv_ids_free(&ids);
		return HV_EXIT_FAIL;
	}
	if (o->json) {
		json_list(o->root, &ids, &pci, groups, ng, option);
	} else {
		if (!pci.have_groups)
			printf("IOMMU is off: no IOMMU groups (%s)\n", vg_iommu_fix(o->root));
		for (i = 0; i < ng; i++)
			text_group(o->root, &ids, &pci, groups[i]);
		for (i = 0; i < pci.n; i++) {
			if (pci.devs[i].group != VG_NO_GROUP)
				continue;
			if (!header)
				printf("No IOMMU group:\n");
			header = true;
			text_dev(&ids, &pci.devs[i]);
			hv_list_sriov_text(o->root, &pci, &pci.devs[i]);
		}
	}
	free(groups);
	vg_pci_free(&pci);
	hv_ids_free(&ids);
	return HV_EXIT_OK;
}
