/* SPDX-License-Identifier: GPL-2.0-or-later */
/* list_sriov.c - the PF->VF links of `vfio-gpu list`, so that a vfs entry
 * (vfio-gpu.vfs=ADDR:N) can be chosen from what the machine shows. */
#include "list_sriov.h"

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "sriov.h"

/* A PF: it has sriov_totalvfs (numvfs 0 when unreadable). */
static bool read_pf(const char *root, const struct vg_dev *d, unsigned *num, unsigned *total)
{
	if (vg_sriov_read_uint(root, d->name, "sriov_totalvfs", total) < 0)
		return false;
	if (vg_sriov_read_uint(root, d->name, "sriov_numvfs", num) < 0)
		*num = 0;
	return true;
}

static bool is_vf_of(const struct vg_dev *vf, const struct vg_dev *pf)
{
	return vf->vf && vg_addr_cmp(&vf->pf, &pf->addr) == 0;
}

void hv_list_sriov_text(const char *root, const struct vg_pci *pci, const struct vg_dev *d)
{
	unsigned num, total;
	char pf[VG_ADDR_STR];
	size_t i;

	if (d->vf) {
		vg_addr_format(&d->pf, pf, sizeof(pf));
		printf("      SR-IOV VF of %s\n", pf);
		return;
	}
	if (!read_pf(root, d, &num, &total))
		return;
	printf("      SR-IOV PF: sriov_numvfs %u of sriov_totalvfs %u%s", num, total,
	       num ? ", VFs" : "");
	for (i = 0; i < pci->n; i++)
		if (is_vf_of(&pci->devs[i], d))
			printf(" %s", pci->devs[i].name);
	printf("\n");
}

void hv_list_sriov_json(const char *root, const struct vg_pci *pci, const struct vg_dev *d)
{
	unsigned num, total;
	char pf[VG_ADDR_STR];
	const char *sep = "";
	size_t i;

	printf(",\"physfn\":");
	if (d->vf) {
		vg_addr_format(&d->pf, pf, sizeof(pf));
		hv_json_str(stdout, pf);
	} else {
		hv_json_str(stdout, NULL);
	}
	printf(",\"sriov\":");
	if (d->vf || !read_pf(root, d, &num, &total)) {
		printf("null");
		return;
	}
	printf("{\"numvfs\":%u,\"totalvfs\":%u,\"vfs\":[", num, total);
	for (i = 0; i < pci->n; i++)
		if (is_vf_of(&pci->devs[i], d)) {
			printf("%s", sep);
			hv_json_str(stdout, pci->devs[i].name);
			sep = ",";
		}
	printf("]}");
}
