/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_modprobe_d.c - "options" lines as kmod reads them; the other
 * modprobe.d commands must not leak into the options. */
#include "../../lib/modprobe_d.h"
#include "tap.h"

struct mp_case {
	const char *text;
	const char *module;
	const char *want;
};

static const struct mp_case cases[] = {
    {"options vfio_pci disable_vga=1\n", "vfio_pci", "disable_vga=1"},
    {"options vfio-pci ids=10de:13d7,10de:0fbb disable_vga=1\n", "vfio_pci",
     "ids=10de:13d7,10de:0fbb disable_vga=1"},
    {"options vfio_pci a=1\noptions vfio_pci b=2", "vfio_pci", "a=1 b=2"},
    {"# options vfio_pci a=1\n  options\tvfio_pci\t\tb=2  \n", "vfio_pci", "b=2"},
    {"options vfio_pci a=1 \\\n  b=2\n", "vfio_pci", "a=1 b=2"},
    {"options vfio_pci_core a=1\noptions vfio a=2\n", "vfio_pci", ""},
    {"softdep nouveau pre: vfio-pci\nblacklist nouveau\ninstall vfio_pci /bin/true\n", "vfio_pci",
     ""},
    {"optionsvfio_pci a=1\noption vfio_pci b=1\n", "vfio_pci", ""},
    {"options vfio_iommu_type1 allow_unsafe_interrupts=1\r\n", "vfio_iommu_type1",
     "allow_unsafe_interrupts=1"},
    {"options vfio_pci\n", "vfio_pci", ""},
    {"", "vfio_pci", ""},
};

void test_modprobe_d(void)
{
	char out[128];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		out[0] = '\0';
		vg_modprobe_options(cases[i].text, strlen(cases[i].text), cases[i].module, out,
				    sizeof(out));
		tap_streq(out, cases[i].want, "modprobe.d case %zu for %s", i, cases[i].module);
	}
	{
		char small[6] = "";
		const char *t = "options vfio_pci disable_vga=1\n";

		tap_ok(vg_modprobe_options(t, strlen(t), "vfio_pci", small, sizeof(small)) < 0 &&
			   small[0] == '\0',
		       "options that do not fit: error, nothing half written");
	}
}
