/* pci.c - read each function's attributes once, defensively: ENOENT is normal
 * for optional files (boot_vga, driver, iommu_group), anything else is named. */
#include "pci.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pciclass.h"
#include "sysfs.h"

#define PCI_HEADER_TYPE 0x0e

static int read_dev_hex(const char *root, struct vg_dev *d, const char *attr, uint32_t *out)
{
	char path[VG_PATH_MAX];
	int r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/%s", d->name, attr);

	if (r == 0)
		r = vg_read_hex(path, out);
	if (r < 0)
		vg_log(VG_WARNING, "%s: cannot read %s: %s", d->name, attr, strerror(-r));
	return r;
}

/* Header type from config space byte 0x0e; when config cannot be read (it
 * can always be read by root), fall back to the bridge classes. */
static void read_header_type(const char *root, struct vg_dev *d)
{
	char path[VG_PATH_MAX], cfg[PCI_HEADER_TYPE + 2];
	ssize_t n = -ENAMETOOLONG;

	if (vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/config", d->name) == 0)
		n = vg_read_file(path, cfg, sizeof(cfg));
	if (n > PCI_HEADER_TYPE) {
		d->header_type = (unsigned char)cfg[PCI_HEADER_TYPE] & 0x7f;
		return;
	}
	vg_log(VG_DEBUG, "%s: config header unreadable (%s), type taken from class",
	       d->name, n < 0 ? strerror((int)-n) : "short");
	if (vg_class_sub(d->class) == VG_CLASS_PCI_BRIDGE)
		d->header_type = 1;
	else if (vg_class_sub(d->class) == VG_CLASS_CARDBUS_BRIDGE)
		d->header_type = 2;
	else
		d->header_type = 0;
}

static void read_group(const char *root, struct vg_dev *d)
{
	char path[VG_PATH_MAX], name[16];
	uint32_t g;
	int r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/iommu_group", d->name);

	d->group = VG_NO_GROUP;
	if (r == 0)
		r = vg_read_link_name(path, name, sizeof(name));
	if (r == 0 && vg_parse_group(name, &g) == 0)
		d->group = (int)g;
	else if (r != -ENOENT)
		vg_log(VG_WARNING, "%s: cannot read %s: %s", d->name, "iommu_group",
		       r < 0 ? strerror(-r) : "not a group number");
}

int vg_pci_read_driver(const char *root, const struct vg_dev *dev, char *buf, size_t len)
{
	char path[VG_PATH_MAX];
	int r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/driver", dev->name);

	buf[0] = '\0';
	if (r == 0)
		r = vg_read_link_name(path, buf, len);
	if (r == -ENOENT) {
		buf[0] = '\0';
		return 0;
	}
	return r;
}

static void read_dev(const char *root, struct vg_dev *d)
{
	char path[VG_PATH_MAX], buf[8];
	int r;

	if (read_dev_hex(root, d, "vendor", &d->vendor) < 0 ||
	    read_dev_hex(root, d, "device", &d->device) < 0)
		d->bad |= VG_BAD_IDS;
	/* Subsystem ids are absent on some functions: they then match only '*'. */
	if (read_dev_hex(root, d, "subsystem_vendor", &d->subvendor) < 0)
		d->subvendor = VG_ANY - 1;
	if (read_dev_hex(root, d, "subsystem_device", &d->subdevice) < 0)
		d->subdevice = VG_ANY - 1;
	if (read_dev_hex(root, d, "class", &d->class) < 0)
		d->bad |= VG_BAD_CLASS;
	read_header_type(root, d);
	read_group(root, d);

	r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/boot_vga", d->name);
	if (r == 0)
		r = (int)vg_read_file(path, buf, sizeof(buf));
	d->boot_vga = r > 0 && buf[0] == '1';
	if (r < 0 && r != -ENOENT)
		vg_log(VG_WARNING, "%s: cannot read %s: %s", d->name, "boot_vga", strerror(-r));

	r = vg_pci_read_driver(root, d, d->driver, sizeof(d->driver));
	if (r < 0)
		vg_log(VG_WARNING, "%s: cannot read %s: %s", d->name, "driver link", strerror(-r));
}

static int dev_cmp(const void *a, const void *b)
{
	return vg_addr_cmp(&((const struct vg_dev *)a)->addr, &((const struct vg_dev *)b)->addr);
}

static bool dir_has_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	bool found = false;

	if (!dir)
		return false;
	while (!found && (de = readdir(dir)))
		found = de->d_name[0] != '.';
	closedir(dir);
	return found;
}

int vg_pci_scan(const char *root, struct vg_pci *pci)
{
	char path[VG_PATH_MAX];
	size_t cap = 0;
	struct dirent *de;
	DIR *dir;
	int r;

	memset(pci, 0, sizeof(*pci));
	r = vg_path(path, sizeof(path), root, "/sys/kernel/iommu_groups");
	pci->have_groups = r == 0 && dir_has_entries(path);

	r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices");
	if (r < 0)
		return r;
	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((de = readdir(dir))) {
		struct vg_dev *d;
		struct vg_addr a;

		if (de->d_name[0] == '.')
			continue;
		if (strlen(de->d_name) >= VG_ADDR_STR || vg_parse_addr(de->d_name, &a) < 0) {
			vg_log(VG_WARNING, "ignoring unexpected entry '%s' in %s", de->d_name,
			       path);
			continue;
		}
		if (pci->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct vg_dev *nd = realloc(pci->devs, ncap * sizeof(*nd));

			if (!nd) {
				closedir(dir);
				vg_pci_free(pci);
				return -ENOMEM;
			}
			pci->devs = nd;
			cap = ncap;
		}
		d = &pci->devs[pci->n++];
		memset(d, 0, sizeof(*d));
		d->addr = a;
		memcpy(d->name, de->d_name, strlen(de->d_name) + 1);
	}
	closedir(dir);
	for (size_t i = 0; i < pci->n; i++)
		read_dev(root, &pci->devs[i]);
	if (pci->n > 1)
		qsort(pci->devs, pci->n, sizeof(*pci->devs), dev_cmp);
	return 0;
}

void vg_pci_free(struct vg_pci *pci)
{
	free(pci->devs);
	pci->devs = NULL;
	pci->n = 0;
}

/* SPEC rule 3: bridges of every kind, by header type or by class (a host or
 * LPC bridge has a normal header but is no more ours to take). */
bool vg_dev_is_bridge(const struct vg_dev *dev)
{
	return dev->header_type != 0 || vg_class_base(dev->class) == VG_CLASS_BRIDGE;
}
