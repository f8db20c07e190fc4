/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pci.c - read each function's attributes once, defensively: one read of
 * its uevent file (ids, class, subsystem ids, bound driver, as the kernel's
 * pci_uevent prints them from struct pci_dev, without touching the device)
 * and one readlink of iommu_group; boot_vga only where the kernel has one,
 * the config header only where the class cannot tell the header type.
 * ENOENT is normal for the optional ones (boot_vga, iommu_group). */
#include "pci.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "log.h"
#include "pciclass.h"
#include "rootfs.h"
#include "sysfs.h"

#define PCI_HEADER_TYPE 0x0e

/* drivers/pci/pci-driver.c pci_uevent, after dev_uevent's DRIVER= (only
 * when bound); MODALIAS= is derived from the ids, other lines (OF_* on
 * device-tree machines) are skipped. The index is the VG_UEV_* bit. */
#define KEY(k)                                                                                     \
	{                                                                                          \
		k, sizeof(k) - 1                                                                   \
	}
static const struct {
	const char *s;
	unsigned char len;
} uev_keys[] = {KEY("DRIVER="), KEY("PCI_CLASS="), KEY("PCI_ID="), KEY("PCI_SUBSYS_ID="),
		KEY("PCI_SLOT_NAME=")};

/* "%04X:%04X" as the kernel prints 16-bit ids: exactly four digits each.
 * Written only when whole, like every field (a bad one stays 0). */
static int parse_pair(const char *s, const char *end, uint32_t *a, uint32_t *b)
{
	uint32_t x, y;

	if (vg_hex_digits(&s, 4, &x) != 4 || *s++ != ':' || vg_hex_digits(&s, 4, &y) != 4 ||
	    s != end)
		return -EINVAL;
	*a = x;
	*b = y;
	return 0;
}

static int parse_field(unsigned i, const char *s, const char *end, struct vg_dev *d)
{
	size_t n = (size_t)(end - s);
	const char *p = s;
	uint32_t v;

	switch (i) {
	case VG_UEV_DRIVER:
		if (n == 0 || n >= sizeof(d->driver) || memchr(s, '/', n) || memchr(s, '\0', n))
			return -EINVAL;
		memcpy(d->driver, s, n);
		d->driver[n] = '\0';
		return 0;
	case VG_UEV_CLASS: /* "%04X" of 24 bits: 4 to 6 digits */
		if (vg_hex_digits(&p, 6, &v) < 4 || p != end)
			return -EINVAL;
		d->class = v;
		return 0;
	case VG_UEV_ID:
		return parse_pair(s, end, &d->vendor, &d->device);
	case VG_UEV_SUBSYS:
		return parse_pair(s, end, &d->subvendor, &d->subdevice);
	default: /* the file must be this function's */
		return n == strlen(d->name) && memcmp(s, d->name, n) == 0 ? 0 : -EINVAL;
	}
}

unsigned vg_parse_uevent(const char *buf, size_t len, struct vg_dev *d)
{
	const char *p = buf, *end = buf + len, *nl;
	unsigned seen = 0, bad = 0, i;

	d->driver[0] = '\0';
	/* Only whole lines: the kernel ends each with a newline, so a line
	 * without one was cut short and its value cannot be trusted. */
	for (; p < end && (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1)
		for (i = 0; i < VG_UEV_N; i++) {
			size_t kl = uev_keys[i].len;

			if ((size_t)(nl - p) < kl || memcmp(p, uev_keys[i].s, kl) != 0)
				continue;
			seen |= 1u << i;
			if (parse_field(i, p + kl, nl, d) < 0)
				bad |= 1u << i;
			else
				bad &= ~(1u << i);
			break;
		}
	/* Every line but DRIVER= is always there. */
	bad |= ~seen & (VG_UEV_N_MASK & ~(1u << VG_UEV_DRIVER));
	if (bad & (1u << VG_UEV_DRIVER))
		d->driver[0] = '\0';
	if (bad & ((1u << VG_UEV_ID) | (1u << VG_UEV_SLOT)))
		d->bad |= VG_BAD_IDS;
	if (bad & (1u << VG_UEV_CLASS))
		d->bad |= VG_BAD_CLASS;
	/* Without subsystem ids the function matches only '*' there. */
	if (bad & (1u << VG_UEV_SUBSYS))
		d->subvendor = d->subdevice = VG_ANY - 1;
	return bad;
}

/* The header type, from the class where the kernel makes it tell
 * (pci_setup_device: header type 1 needs class 0604, type 2 class 0607,
 * and a class that does not match its header becomes 0000); config space
 * only for the rest, as reading it can wake a runtime-suspended GPU.
 * When config cannot be read either, it is taken as normal. */
static void read_header_type(const char *root, struct vg_dev *d)
{
	char path[VG_PATH_MAX], cfg[PCI_HEADER_TYPE + 2];
	ssize_t n = -ENAMETOOLONG;
	uint32_t sub = vg_class_sub(d->class);

	d->header_type = 0;
	if (!(d->bad & VG_BAD_CLASS) && sub != 0) {
		if (sub == VG_CLASS_PCI_BRIDGE)
			d->header_type = 1;
		else if (sub == VG_CLASS_CARDBUS_BRIDGE)
			d->header_type = 2;
		return;
	}
	if (vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/config", d->name) == 0)
		n = vg_read_file(path, cfg, sizeof(cfg));
	if (n > PCI_HEADER_TYPE)
		d->header_type = (unsigned char)cfg[PCI_HEADER_TYPE] & 0x7f;
	else
		vg_log(VG_DEBUG, "%s: config header unreadable (%s), type taken as normal", d->name,
		       n < 0 ? strerror((int)-n) : "short");
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

/* A VF's physfn link (ENOENT: not a VF, the usual case). */
static void read_physfn(const char *root, struct vg_dev *d)
{
	char path[VG_PATH_MAX], name[VG_ADDR_STR + 8];

	d->vf = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/physfn", d->name) == 0 &&
		vg_read_link_name(path, name, sizeof(name)) == 0 &&
		vg_parse_addr(name, &d->pf) == 0;
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

/* The kernel gives boot_vga to VGA functions only (pci_is_vga: class 0300,
 * or 0001 for pre-2.0 VGA devices). */
static bool has_boot_vga(const struct vg_dev *d)
{
	uint32_t sub = vg_class_sub(d->class);

	return !(d->bad & VG_BAD_CLASS) && (sub == 0x0300 || sub == 0x0001);
}

static void read_dev(const char *root, struct vg_dev *d)
{
	/* A PCI uevent is about 200 bytes; the kernel builds it in a 2 KiB
	 * buffer (UEVENT_BUFFER_SIZE), so this holds any of them whole. */
	char path[VG_PATH_MAX], buf[2048];
	ssize_t n;
	unsigned bad, i;
	int r;

	r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/uevent", d->name);
	n = r < 0 ? r : vg_read_attr(path, buf, sizeof(buf));
	if (n == (ssize_t)sizeof(buf) - 1)
		n = -EFBIG; /* longer than the kernel ever makes one: not its uevent */
	if (n < 0)
		vg_log(VG_WARNING, "%s: cannot read %s: %s", d->name, "uevent", strerror((int)-n));
	bad = vg_parse_uevent(buf, n < 0 ? 0 : (size_t)n, d);
	for (i = 0; n >= 0 && i < VG_UEV_N; i++)
		if (bad & (1u << i))
			vg_log(VG_WARNING, "%s: cannot read %s: %.*s missing or garbled", d->name,
			       "uevent", uev_keys[i].len - 1, uev_keys[i].s);
	read_header_type(root, d);
	read_group(root, d);
	read_physfn(root, d);

	if (!has_boot_vga(d))
		return;
	r = vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/boot_vga", d->name);
	if (r == 0)
		r = (int)vg_read_attr(path, buf, 8);
	d->boot_vga = r > 0 && buf[0] == '1';
	if (r < 0 && r != -ENOENT)
		vg_log(VG_WARNING, "%s: cannot read %s: %s", d->name, "boot_vga", strerror(-r));
}

/* Sorting is done on small keys, then the devices copied once in order:
 * klibc's qsort swaps byte-wise, and swapping whole vg_dev records cost
 * more than parsing all the uevent files. */
struct dev_key {
	uint64_t key; /* domain, bus, slot, function: vg_addr_cmp's order */
	size_t i;
};

static int key_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct dev_key *)a)->key, y = ((const struct dev_key *)b)->key;

	return x < y ? -1 : x > y;
}

static int sort_devs(struct vg_pci *pci)
{
	struct dev_key *keys = malloc(pci->n * sizeof(*keys));
	struct vg_dev *sorted = malloc(pci->n * sizeof(*sorted));
	size_t i;

	if (!keys || !sorted) {
		free(keys);
		free(sorted);
		return -ENOMEM;
	}
	for (i = 0; i < pci->n; i++) {
		const struct vg_addr *a = &pci->devs[i].addr;

		keys[i].key = (uint64_t)a->domain << 24 | (uint32_t)a->bus << 16 |
			      (uint32_t)a->slot << 8 | a->func;
		keys[i].i = i;
	}
	qsort(keys, pci->n, sizeof(*keys), key_cmp);
	for (i = 0; i < pci->n; i++)
		sorted[i] = pci->devs[keys[i].i];
	free(keys);
	free(pci->devs);
	pci->devs = sorted;
	return 0;
}

static bool dir_has_entries(const char *path)
{
	DIR *dir = vg_opendir(path);
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
	dir = vg_opendir(path);
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
	if (pci->n > 1 && sort_devs(pci) < 0) {
		vg_pci_free(pci);
		return -ENOMEM;
	}
	for (size_t i = 0; i < pci->n; i++)
		read_dev(root, &pci->devs[i]);
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
	return dev->header_type != 0 ||
	       (vg_class_base(dev->class) == VG_CLASS_BRIDGE &&
		(vg_class_sub(dev->class) & 0xff) <= VG_CLASS_BRIDGE_LAST_SUB);
}
