/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_moddep.c - modules.dep and modules.builtin readers on text shaped as
 * depmod writes it for Debian 6.1 (vfio_virqfd separate) and for 6.8-style
 * kernels (compressed, iommufd, no vfio_virqfd). */
#include "../../lib/moddep.h"
#include "tap.h"

static const char dep61[] =
    "kernel/drivers/vfio/pci/vfio-pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko "
    "kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_virqfd.ko kernel/virt/lib/irqbypass.ko\n"
    "kernel/drivers/vfio/pci/vfio-pci-core.ko: kernel/drivers/vfio/vfio.ko "
    "kernel/drivers/vfio/vfio_virqfd.ko kernel/virt/lib/irqbypass.ko\n"
    "kernel/drivers/vfio/vfio.ko:\n"
    "kernel/drivers/vfio/vfio_iommu_type1.ko: kernel/drivers/vfio/vfio.ko\n"
    "kernel/drivers/vfio/vfio_virqfd.ko:\n"
    "kernel/virt/lib/irqbypass.ko:"; /* no final newline */

static const char dep68[] =
    "kernel/drivers/vfio/vfio.ko.zst: kernel/drivers/iommu/iommufd/iommufd.ko.zst\n"
    "kernel/drivers/vfio/pci/vfio-pci.ko.zst:\tkernel/drivers/vfio/pci/vfio-pci-core.ko.zst\n";

static const char builtin[] = "kernel/drivers/vfio/vfio.ko\nkernel/virt/lib/irqbypass.ko  \n";

static const char *span(struct vg_span s)
{
	static char buf[256];

	snprintf(buf, sizeof(buf), "%.*s", (int)s.len, s.p);
	return buf;
}

struct name_case {
	const char *path;
	const char *want; /* NULL: refused */
};

static const struct name_case names[] = {
    {"kernel/drivers/vfio/pci/vfio-pci.ko", "vfio_pci"},
    {"kernel/drivers/vfio/pci/vfio-pci-core.ko.zst", "vfio_pci_core"},
    {"vfio.ko.xz", "vfio"},
    {"a/b/irqbypass.ko.gz", "irqbypass"},
    {"kernel/drivers/vfio/vfio.o", NULL},
    {"kernel/drivers/vfio/.ko", NULL},
    {"kernel/drivers/vfio/vfio.ko.bz2", NULL},
    {"", NULL},
};

void test_moddep(void)
{
	struct vg_span path, deps, dep;
	char out[VG_MODNAME_MAX];
	char all[512] = "";
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		int r = vg_modname(names[i].path, strlen(names[i].path), out, sizeof(out));

		if (names[i].want)
			tap_ok(r == 0 && strcmp(out, names[i].want) == 0, "modname '%s' is %s",
			       names[i].path, names[i].want);
		else
			tap_ok(r < 0, "modname '%s' refused", names[i].path);
	}

	tap_ok(vg_moddep_find(dep61, sizeof(dep61) - 1, "vfio_pci", &path, &deps) == 0,
	       "find vfio_pci in 6.1 modules.dep");
	tap_streq(span(path), "kernel/drivers/vfio/pci/vfio-pci.ko", "path of vfio_pci");
	while (vg_moddep_next(&deps, &dep))
		snprintf(all + strlen(all), sizeof(all) - strlen(all), "%s;", span(dep));
	tap_streq(all,
		  "kernel/drivers/vfio/pci/vfio-pci-core.ko;kernel/drivers/vfio/vfio.ko;"
		  "kernel/drivers/vfio/vfio_virqfd.ko;kernel/virt/lib/irqbypass.ko;",
		  "dependencies of vfio_pci in order");
	tap_ok(vg_moddep_find(dep61, sizeof(dep61) - 1, "vfio-pci", &path, &deps) == 0,
	       "names compare with - and _ equal");
	tap_ok(vg_moddep_find(dep61, sizeof(dep61) - 1, "irqbypass", &path, &deps) == 0 &&
		   !vg_moddep_next(&deps, &dep),
	       "last line without newline, no dependencies");
	tap_ok(vg_moddep_find(dep61, sizeof(dep61) - 1, "vfio_pci_cor", &path, &deps) < 0,
	       "a prefix of a name is not the name");
	tap_ok(vg_moddep_find(dep61, sizeof(dep61) - 1, "iommufd", &path, &deps) < 0,
	       "6.1 has no iommufd");
	tap_ok(vg_moddep_find(dep68, sizeof(dep68) - 1, "vfio", &path, &deps) == 0 &&
		   vg_moddep_next(&deps, &dep) &&
		   strcmp(span(dep), "kernel/drivers/iommu/iommufd/iommufd.ko.zst") == 0,
	       "6.8: vfio needs iommufd (compressed names)");
	tap_ok(vg_moddep_find(dep68, sizeof(dep68) - 1, "vfio_pci", &path, &deps) == 0 &&
		   vg_moddep_next(&deps, &dep) &&
		   strcmp(span(dep), "kernel/drivers/vfio/pci/vfio-pci-core.ko.zst") == 0,
	       "tab after the colon");
	tap_ok(vg_moddep_find(dep68, sizeof(dep68) - 1, "vfio_virqfd", &path, &deps) < 0,
	       "6.8 has no vfio_virqfd");
	tap_ok(vg_moddep_find("garbage without colon\n:\n", 24, "vfio", &path, &deps) < 0,
	       "lines without a module path are skipped");

	tap_ok(vg_builtin_has(builtin, sizeof(builtin) - 1, "vfio"), "builtin: vfio listed");
	tap_ok(vg_builtin_has(builtin, sizeof(builtin) - 1, "irqbypass"),
	       "builtin: trailing blanks ignored");
	tap_ok(!vg_builtin_has(builtin, sizeof(builtin) - 1, "vfio_pci"), "builtin: vfio_pci not");
	tap_ok(!vg_builtin_has("", 0, "vfio"), "builtin: empty file");
}
