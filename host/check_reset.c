/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check_reset.c - `vfio-gpu check`: the reset methods of the functions the
 * next boot claims (their reset_method lists, kernel 5.15+), and a warning on
 * the AMD GPUs of the reset bug when nothing offers them device_specific. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "pciclass.h"
#include "sriov.h"
#include "sysfs.h"

/* AMD GPUs (vendor 1002) whose function-level reset leaves them unusable
 * until the host reboots ("the AMD reset bug"), by family. The device ids
 * are those vendor-reset handles (gnif/vendor-reset src/device-db.h, the
 * _AMD_POLARIS10/11/12, _AMD_VEGA10/20, _AMD_NAVI10/12/14 and _AMD_ARCTURUS
 * tables), written as the blocks of the kernel's amdgpu_drv.c pciidlist that
 * hold them; vendor-reset acts only through reset_method device_specific. */
static const struct reset_bug {
	uint16_t lo, hi;
	const char *family;
} reset_bugs[] = {
    {0x67c0, 0x67df, "Polaris 10"}, {0x6fdf, 0x6fdf, "Polaris 10"}, {0x67e0, 0x67ff, "Polaris 11"},
    {0x6980, 0x699f, "Polaris 12"}, {0x6860, 0x687f, "Vega 10"},    {0x66a0, 0x66af, "Vega 20"},
    {0x738c, 0x738c, "Arcturus"},   {0x7310, 0x731f, "Navi 10"},    {0x1681, 0x1681, "Navi 10"},
    {0x7340, 0x734f, "Navi 14"},    {0x7360, 0x7362, "Navi 12"},
};

/* The family of an AMD GPU with the reset bug, or NULL. */
static const char *reset_bug_family(const struct vg_dev *d)
{
	size_t i;

	if (d->vendor != 0x1002 || vg_class_base(d->class) != VG_CLASS_DISPLAY)
		return NULL;
	for (i = 0; i < sizeof(reset_bugs) / sizeof(reset_bugs[0]); i++)
		if (d->device >= reset_bugs[i].lo && d->device <= reset_bugs[i].hi)
			return reset_bugs[i].family;
	return NULL;
}

static void check_one(struct check *c, const struct vg_dev *d)
{
	char path[VG_PATH_MAX], have[256], what[48];
	const char *family = reset_bug_family(d);
	bool known;

	snprintf(what, sizeof(what), "reset %s", d->name);
	known = vg_path(path, sizeof(path), c->o->root, "/sys/bus/pci/devices/%s/reset_method",
			d->name) == 0 &&
		vg_read_attr(path, have, sizeof(have)) >= 0;
	if (known) {
		have[strcspn(have, "\n")] = '\0';
		hv_check_item(c, HV_PASS, what, "reset_method: %s", have[0] ? have : "(none)");
	}
	if (family && !(known && vg_reset_listed(have, "device_specific")))
		hv_check_item(c, HV_WARN, what,
			      "%04x:%04x is an AMD %s GPU, which a plain reset can leave unusable "
			      "until the host reboots; %s: install vendor-reset and add "
			      "vfio-gpu.reset=%s:device_specific",
			      (unsigned)d->vendor, (unsigned)d->device, family,
			      known ? "reset_method has no device_specific"
				    : "reset_method is not there (kernel before 5.15?)",
			      d->name);
}

void hv_check_reset(struct check *c)
{
	size_t i;

	for (i = 0; i < c->plan.n; i++)
		if (c->plan.lines[i].kind == VG_LINE_CLAIM && c->plan.lines[i].dev != VG_NO_DEV)
			check_one(c, &c->pci.devs[c->plan.lines[i].dev]);
}
