/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriov_seam.c - test builds only (VG_TEST_HOOKS, never the static binder):
 * a fake root whose .vg-faults has the line "sriov" answers a write of N to
 * a PF's sriov_numvfs as the kernel's sriov_enable does, so that the tests
 * see VFs appear: N VF device directories beside the PF (at the routing ids
 * of sriov_offset and sriov_stride), their attributes and uevent as
 * tests/fixtures/mkroot writes them (vendor the PF's, device sriov_vf_device,
 * the PF's class and subsystem ids), a physfn link, the PF's virtfnI links,
 * the bus link, and an IOMMU group of its own each. A write of 0 removes
 * them. Without the line nothing appears (the wait's timeout is tested). */
#ifdef VG_TEST_HOOKS
#include "sriov_seam.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ids.h"
#include "sriov_params.h"
#include "sysfs.h"

/* An attribute the seam's kernel reads back as a number (0 when absent). */
static unsigned num_file(const char *dir, const char *name, int base)
{
	char path[VG_PATH_MAX], buf[32];

	if (vg_path(path, sizeof(path), dir, "/%s", name) < 0 ||
	    vg_read_file(path, buf, sizeof(buf)) < 0)
		return 0;
	return (unsigned)strtoul(buf, NULL, base);
}

static void put_file(const char *dir, const char *name, const char *val)
{
	char path[VG_PATH_MAX];
	FILE *f;

	if (vg_path(path, sizeof(path), dir, "/%s", name) == 0 && (f = fopen(path, "w"))) {
		fputs(val, f);
		fclose(f);
	}
}

static void put_hex(const char *dir, const char *name, unsigned v, int width)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "0x%0*x\n", width, v);
	put_file(dir, name, buf);
}

/* "../" once per component of rel. */
static void ups(const char *rel, char *buf, size_t len)
{
	const char *p;

	buf[0] = '\0';
	for (p = rel; p; p = strchr(p + 1, '/'))
		if (strlen(buf) + 4 < len)
			strcat(buf, "../");
}

static int next_group(const char *root)
{
	char path[VG_PATH_MAX];
	struct dirent *de;
	int max = -1;
	DIR *d;

	if (vg_path(path, sizeof(path), root, "/sys/kernel/iommu_groups") < 0 ||
	    !(d = opendir(path)))
		return 1000;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && atoi(de->d_name) > max)
			max = atoi(de->d_name);
	closedir(d);
	return max + 1;
}

/* One VF, as the kernel's pci_iov_add_virtfn leaves it (unbound). */
static void add_vf(const char *root, const char *pfdir, const char *pf, unsigned i,
		   const struct vg_addr *at)
{
	char vf[VG_ADDR_STR], dir[VG_PATH_MAX], rel[VG_PATH_MAX], up[VG_PATH_MAX],
	    path[VG_PATH_MAX], target[VG_PATH_MAX * 2], sys[VG_PATH_MAX];
	unsigned ven = num_file(pfdir, "vendor", 16), dev = num_file(pfdir, "sriov_vf_device", 16);
	unsigned sv = num_file(pfdir, "subsystem_vendor", 16),
		 sd = num_file(pfdir, "subsystem_device", 16);
	unsigned cls = num_file(pfdir, "class", 16);
	int group = next_group(root);
	FILE *f;

	vg_addr_format(at, vf, sizeof(vf));
	if (vg_path(dir, sizeof(dir), "", "%.*s/%s", (int)(strrchr(pfdir, '/') - pfdir), pfdir,
		    vf) < 0 ||
	    mkdir(dir, 0755) < 0)
		return;
	put_hex(dir, "vendor", ven, 4);
	put_hex(dir, "device", dev, 4);
	put_hex(dir, "subsystem_vendor", sv, 4);
	put_hex(dir, "subsystem_device", sd, 4);
	put_hex(dir, "class", cls, 6);
	put_hex(dir, "revision", 0, 2);
	put_file(dir, "enable", "0\n");
	put_file(dir, "driver_override", "(null)\n");
	if (vg_path(path, sizeof(path), dir, "/uevent") == 0 && (f = fopen(path, "w"))) {
		fprintf(f,
			"PCI_CLASS=%04X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\n"
			"PCI_SLOT_NAME=%s\nMODALIAS=pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X\n",
			cls, ven, dev, sv, sd, vf, ven, dev, sv, sd, cls >> 16, (cls >> 8) & 255,
			cls & 255);
		fclose(f);
	}
	/* Links: physfn, the PF's virtfnI, the bus's, the group's. */
	snprintf(target, sizeof(target), "../%s", pf);
	if (vg_path(path, sizeof(path), dir, "/physfn") < 0 || symlink(target, path) < 0)
		return;
	snprintf(target, sizeof(target), "../%s", vf);
	if (vg_path(path, sizeof(path), pfdir, "/virtfn%u", i) < 0 || symlink(target, path) < 0)
		return;
	if (vg_path(sys, sizeof(sys), root, "/sys/") < 0 || strncmp(dir, sys, strlen(sys)) != 0)
		return;
	snprintf(rel, sizeof(rel), "%s", dir + strlen(sys));
	ups(rel, up, sizeof(up));
	if (vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s", vf) < 0)
		return;
	snprintf(target, sizeof(target), "../../../%s", rel);
	if (symlink(target, path) < 0)
		return;
	if (vg_path(path, sizeof(path), root, "/sys/kernel/iommu_groups/%d", group) < 0 ||
	    mkdir(path, 0755) < 0 || strlen(path) + 9 >= sizeof(path))
		return;
	strcat(path, "/devices");
	mkdir(path, 0755);
	if (vg_path(target, sizeof(target), path, "/%s", vf) < 0 ||
	    vg_path(path, sizeof(path), "../../../../", "%s", rel) < 0 || symlink(path, target) < 0)
		return;
	if (vg_path(path, sizeof(path), dir, "/iommu_group") < 0 ||
	    vg_path(target, sizeof(target), up, "kernel/iommu_groups/%d", group) < 0)
		return;
	if (symlink(target, path) < 0)
		return;
}

/* Remove one VF: its directory (files and links only), the bus's and the
 * group's links (the group directory stays, as an empty one would go). */
static void remove_vf(const char *root, const char *pfdir, unsigned i)
{
	char link[VG_PATH_MAX], vf[64], path[VG_PATH_MAX], grp[64];
	struct dirent *de;
	DIR *d;

	if (vg_path(link, sizeof(link), pfdir, "/virtfn%u", i) < 0 ||
	    vg_read_link_name(link, vf, sizeof(vf)) < 0 ||
	    vg_path(path, sizeof(path), "", "%.*s/%s", (int)(strrchr(pfdir, '/') - pfdir), pfdir,
		    vf) < 0 ||
	    vg_path(link, sizeof(link), path, "/iommu_group") < 0)
		return;
	if (vg_read_link_name(link, grp, sizeof(grp)) == 0 &&
	    vg_path(link, sizeof(link), root, "/sys/kernel/iommu_groups/%s/devices/%s", grp, vf) ==
		0)
		unlink(link);
	if (vg_path(link, sizeof(link), root, "/sys/bus/pci/devices/%s", vf) == 0)
		unlink(link);
	if ((d = opendir(path))) {
		while ((de = readdir(d)))
			if (de->d_name[0] != '.' || (de->d_name[1] && strcmp(de->d_name, "..")))
				if (vg_path(link, sizeof(link), path, "/%s", de->d_name) == 0)
					unlink(link);
		closedir(d);
	}
	rmdir(path);
	if (vg_path(link, sizeof(link), pfdir, "/virtfn%u", i) == 0)
		unlink(link);
}

void vg_seam_numvfs(const char *root, const char *rel, const char *val)
{
	static const char dev_prefix[] = "/sys/bus/pci/devices/";
	char pf[64], link[VG_PATH_MAX], pfdir[PATH_MAX];
	unsigned n = (unsigned)strtoul(val, NULL, 10), offset, stride, i;
	struct vg_addr pfa, at;
	size_t len;

	if (strncmp(rel, dev_prefix, sizeof(dev_prefix) - 1) != 0)
		return;
	len = strcspn(rel + sizeof(dev_prefix) - 1, "/");
	if (len >= sizeof(pf))
		return;
	memcpy(pf, rel + sizeof(dev_prefix) - 1, len);
	pf[len] = '\0';
	if (vg_parse_addr(pf, &pfa) < 0 ||
	    vg_path(link, sizeof(link), root, "%s%s", dev_prefix, pf) < 0 || !realpath(link, pfdir))
		return;
	for (i = 0; i < 0x10000; i++) {
		struct stat st;

		if (vg_path(link, sizeof(link), pfdir, "/virtfn%u", i) < 0 || lstat(link, &st) < 0)
			break;
		remove_vf(root, pfdir, i);
	}
	offset = num_file(pfdir, "sriov_offset", 10);
	stride = num_file(pfdir, "sriov_stride", 10);
	for (i = 0; i < n; i++)
		if (vg_vf_addr(&pfa, offset, stride, i, &at) == 0)
			add_vf(root, pfdir, pf, i, &at);
}
#endif
