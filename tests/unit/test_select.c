/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_select.c - SPEC "What gets claimed" rule by rule, on hand-built device
 * tables: whole groups, bridges skipped, disks/NICs and the boot VGA refused
 * unless named, identical cards told apart, the plan in address order. */
#include <stdlib.h>

#include "../../lib/params.h"
#include "../../lib/report.h"
#include "../../lib/select.h"
#include "../../lib/selector.h"
#include "tap.h"

/* addr vendor:device class group driver [flags] */
struct d {
	const char *addr;
	uint32_t vendor, device, class;
	int group;
	const char *driver;
	int boot_vga, header, bad;
};

static const struct d machine[] = {
    {"0000:00:00.0", 0x8086, 0x29c0, 0x060000, 0, "", 0, 0, 0},
    {"0000:00:01.0", 0x1234, 0x1111, 0x030000, 1, "bochs-drm", 1, 0, 0},
    {"0000:00:02.0", 0x8086, 0x10d3, 0x020000, 2, "e1000e", 0, 0, 0},
    {"0000:00:1c.0", 0x8086, 0x7450, 0x060400, 3, "pcieport", 0, 1, 0},
    {"0000:00:1f.2", 0x8086, 0x2922, 0x010601, 4, "ahci", 0, 0, 0},
    {"0000:01:00.0", 0x10de, 0x1b81, 0x030000, 3, "nouveau", 0, 0, 0},
    {"0000:01:00.1", 0x10de, 0x10f0, 0x040300, 3, "snd_hda_intel", 0, 0, 0},
    {"0000:02:00.0", 0x10de, 0x1b81, 0x030000, 5, "nouveau", 0, 0, 0},
    {"0000:02:00.1", 0x10de, 0x10f0, 0x040300, 5, "", 0, 0, 0},
    {"0000:02:00.2", 0x10de, 0x1ad6, 0x0c0330, 5, "xhci_hcd", 0, 0, 0},
    {"0000:02:00.3", 0x10de, 0x1ad7, 0x0c8000, 5, "nvidia-gpu", 0, 0, 0},
    {"0000:03:00.0", 0x1002, 0x67df, 0x030000, 6, "amdgpu", 0, 0, 0},
    {"0000:03:00.1", 0x8086, 0x1533, 0x020000, 6, "igb", 0, 0, 0},
    {"0000:04:00.0", 0x1b36, 0x000d, 0, 7, "", 0, 0, VG_BAD_IDS | VG_BAD_CLASS},
    {"0000:04:00.1", 0x1b36, 0x0001, 0x030000, 7, "", 0, 0, 0},
    {"0000:05:00.0", 0x1af4, 0x1050, 0x030000, VG_NO_GROUP, "", 0, 0, 0},
};

static struct vg_pci *make_pci(bool groups)
{
	static struct vg_pci pci;
	static struct vg_dev devs[sizeof(machine) / sizeof(machine[0])];
	size_t i;

	memset(devs, 0, sizeof(devs));
	for (i = 0; i < sizeof(machine) / sizeof(machine[0]); i++) {
		struct vg_dev *v = &devs[i];
		const struct d *m = &machine[i];

		vg_parse_addr(m->addr, &v->addr);
		snprintf(v->name, sizeof(v->name), "%s", m->addr);
		v->vendor = m->vendor;
		v->device = m->device;
		v->subvendor = v->subdevice = 0x1af4;
		v->class = m->class;
		v->group = m->group;
		v->boot_vga = m->boot_vga;
		v->header_type = m->header;
		v->bad = (unsigned)m->bad;
		snprintf(v->driver, sizeof(v->driver), "%s", m->driver);
	}
	pci.devs = devs;
	pci.n = sizeof(machine) / sizeof(machine[0]);
	pci.have_groups = groups;
	return &pci;
}

/* The plan of a command line, lines joined with '\n'. */
static const char *plan_of(const char *cmdline, bool groups, struct vg_plan *plan)
{
	static char out[4096];
	static struct vg_config cfg;
	struct vg_pci *pci = make_pci(groups);
	char line[VG_LINE_MAX];
	size_t i;

	vg_config_parse(&cfg, cmdline, strlen(cmdline));
	out[0] = '\0';
	if (vg_select(&cfg, pci, plan) < 0)
		return "(error)";
	for (i = 0; i < plan->n; i++) {
		vg_format_line(pci, &plan->lines[i], line, sizeof(line));
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "\n" : "", line);
	}
	return out;
}

struct sel_case {
	const char *name;
	const char *cmdline;
	const char *want;
};

static const struct sel_case cases[] = {
    {"ids select the whole group, the bridge is skipped", "vfio-gpu.ids=10de:10f0,10de:1b81",
     "skip 0000:00:1c.0 8086:7450 group=3 reason=bridge\n"
     "claim 0000:01:00.0 10de:1b81 group=3 was=nouveau by=ids target=vfio_pci\n"
     "claim 0000:01:00.1 10de:10f0 group=3 was=snd_hda_intel by=ids target=vfio_pci\n"
     "claim 0000:02:00.0 10de:1b81 group=5 was=nouveau by=ids target=vfio_pci\n"
     "claim 0000:02:00.1 10de:10f0 group=5 was=- by=ids target=vfio_pci\n"
     "claim 0000:02:00.2 10de:1ad6 group=5 was=xhci_hcd by=group target=vfio_pci\n"
     "claim 0000:02:00.3 10de:1ad7 group=5 was=nvidia-gpu by=group target=vfio_pci"},
    {"addrs tell two identical cards apart", "vfio-gpu.addrs=02:00.0",
     "claim 0000:02:00.0 10de:1b81 group=5 was=nouveau by=addrs target=vfio_pci\n"
     "claim 0000:02:00.1 10de:10f0 group=5 was=- by=group target=vfio_pci\n"
     "claim 0000:02:00.2 10de:1ad6 group=5 was=xhci_hcd by=group target=vfio_pci\n"
     "claim 0000:02:00.3 10de:1ad7 group=5 was=nvidia-gpu by=group target=vfio_pci"},
    {"groups select directly", "vfio-gpu.groups=5",
     "claim 0000:02:00.0 10de:1b81 group=5 was=nouveau by=groups target=vfio_pci\n"
     "claim 0000:02:00.1 10de:10f0 group=5 was=- by=groups target=vfio_pci\n"
     "claim 0000:02:00.2 10de:1ad6 group=5 was=xhci_hcd by=groups target=vfio_pci\n"
     "claim 0000:02:00.3 10de:1ad7 group=5 was=nvidia-gpu by=groups target=vfio_pci"},
    {"a NIC dragged in by group expansion refuses the group", "vfio-gpu.ids=1002:67df",
     "refuse group=6 reason=protected dev=0000:03:00.1 class=0200"},
    {"a NIC in a group named by number is still refused", "vfio-gpu.groups=6",
     "refuse group=6 reason=protected dev=0000:03:00.1 class=0200"},
    {"a NIC named by addrs may go", "vfio-gpu.ids=1002:67df vfio-gpu.addrs=03:00.1",
     "claim 0000:03:00.0 1002:67df group=6 was=amdgpu by=ids target=vfio_pci\n"
     "claim 0000:03:00.1 8086:1533 group=6 was=igb by=addrs target=vfio_pci"},
    {"a NIC named by ids may go", "vfio-gpu.ids=8086:10d3",
     "claim 0000:00:02.0 8086:10d3 group=2 was=e1000e by=ids target=vfio_pci"},
    {"a disk controller named by group only is refused", "vfio-gpu.groups=4",
     "refuse group=4 reason=protected dev=0000:00:1f.2 class=0106"},
    {"boot VGA by ids alone is refused", "vfio-gpu.ids=1234:1111",
     "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300"},
    {"boot VGA by ids with consent", "vfio-gpu.ids=1234:1111 vfio-gpu.boot_vga=1",
     "claim 0000:00:01.0 1234:1111 group=1 was=bochs-drm by=ids target=vfio_pci"},
    {"boot VGA by addrs is consent", "vfio-gpu.addrs=00:01.0",
     "claim 0000:00:01.0 1234:1111 group=1 was=bochs-drm by=addrs target=vfio_pci"},
    {"boot VGA by groups is consent", "vfio-gpu.groups=1",
     "claim 0000:00:01.0 1234:1111 group=1 was=bochs-drm by=groups target=vfio_pci"},
    {"boot VGA with consent explicitly withdrawn",
     "vfio-gpu.boot_vga=1 vfio-gpu.ids=1234:1111 vfio-gpu.boot_vga=0",
     "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300"},
    {"a function whose class cannot be read refuses its group", "vfio-gpu.addrs=04:00.1",
     "refuse group=7 reason=unreadable dev=0000:04:00.0 class=0000"},
    {"a selected function without an IOMMU group is refused", "vfio-gpu.ids=1af4:1050",
     "refuse group=none reason=no-iommu-group dev=0000:05:00.0 class=0300"},
    {"plan lines in address order across groups", "vfio-gpu.groups=5,2 vfio-gpu.ids=1234:1111",
     "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300\n"
     "refuse group=2 reason=protected dev=0000:00:02.0 class=0200\n"
     "claim 0000:02:00.0 10de:1b81 group=5 was=nouveau by=groups target=vfio_pci\n"
     "claim 0000:02:00.1 10de:10f0 group=5 was=- by=groups target=vfio_pci\n"
     "claim 0000:02:00.2 10de:1ad6 group=5 was=xhci_hcd by=groups target=vfio_pci\n"
     "claim 0000:02:00.3 10de:1ad7 group=5 was=nvidia-gpu by=groups target=vfio_pci"},
    {"nothing matched, nothing planned",
     "vfio-gpu.ids=dead:beef vfio-gpu.addrs=09:00.0 vfio-gpu.groups=99", ""},
    {"a bad token selects nothing", "vfio-gpu.ids=1234:zzzz vfio-gpu.addrs=x9", ""},
    {"wildcard vendor match", "vfio-gpu.ids=1002:*",
     "refuse group=6 reason=protected dev=0000:03:00.1 class=0200"},
    {"a function with unreadable ids is never matched by ids", "vfio-gpu.ids=1b36:000d", ""},
    {"a wildcard is never consent for a disk or a NIC; bridges select nothing",
     "vfio-gpu.ids=8086:*",
     "skip 0000:00:00.0 8086:29c0 group=0 reason=bridge\n"
     "refuse group=2 reason=protected dev=0000:00:02.0 class=0200\n"
     "skip 0000:00:1c.0 8086:7450 group=3 reason=bridge\n"
     "refuse group=4 reason=protected dev=0000:00:1f.2 class=0106\n"
     "refuse group=6 reason=protected dev=0000:03:00.1 class=0200"},
    {"a vendor wildcard is no consent for a NIC", "vfio-gpu.ids=*:10d3",
     "refuse group=2 reason=protected dev=0000:00:02.0 class=0200"},
    {"exact vendor and device with wildcard subsystem is consent", "vfio-gpu.ids=8086:10d3:*:*",
     "claim 0000:00:02.0 8086:10d3 group=2 was=e1000e by=ids target=vfio_pci"},
    {"a device wildcard with exact subsystem is no consent", "vfio-gpu.ids=8086:*:1af4:1af4",
     "skip 0000:00:00.0 8086:29c0 group=0 reason=bridge\n"
     "refuse group=2 reason=protected dev=0000:00:02.0 class=0200\n"
     "skip 0000:00:1c.0 8086:7450 group=3 reason=bridge\n"
     "refuse group=4 reason=protected dev=0000:00:1f.2 class=0106\n"
     "refuse group=6 reason=protected dev=0000:03:00.1 class=0200"},
    {"a PCI bridge named by addrs selects nothing", "vfio-gpu.addrs=00:1c.0",
     "skip 0000:00:1c.0 8086:7450 group=3 reason=bridge"},
    {"a PCI bridge named by ids selects nothing", "vfio-gpu.ids=8086:7450",
     "skip 0000:00:1c.0 8086:7450 group=3 reason=bridge"},
    {"a host bridge (class 0600, header 0) is never claimed, even by groups", "vfio-gpu.groups=0",
     "skip 0000:00:00.0 8086:29c0 group=0 reason=bridge"},
    /* Rule 6: pins. */
    {"a pin that holds names the function and says so", "vfio-gpu.addrs=02:00.0@10de:1b81",
     "claim 0000:02:00.0 10de:1b81 group=5 was=nouveau by=addrs target=vfio_pci pin=ok\n"
     "claim 0000:02:00.1 10de:10f0 group=5 was=- by=group target=vfio_pci\n"
     "claim 0000:02:00.2 10de:1ad6 group=5 was=xhci_hcd by=group target=vfio_pci\n"
     "claim 0000:02:00.3 10de:1ad7 group=5 was=nvidia-gpu by=group target=vfio_pci"},
    {"a subsystem pin that holds", "vfio-gpu.addrs=03:00.0@1002:67df:1af4:1af4",
     "refuse group=6 reason=protected dev=0000:03:00.1 class=0200"},
    {"a wrong pin refuses the group that holds the address", "vfio-gpu.addrs=02:00.0@10de:1e87",
     "refuse group=5 reason=changed dev=0000:02:00.0 want=10de:1e87 found=10de:1b81"},
    {"a wrong subsystem pin shows the subsystem found",
     "vfio-gpu.addrs=02:00.0@10de:1b81:1458:3702",
     "refuse group=5 reason=changed dev=0000:02:00.0 want=10de:1b81:1458:3702 "
     "found=10de:1b81:1af4:1af4"},
    {"a pinned address that holds nothing is changed, found=none",
     "vfio-gpu.addrs=09:00.0@10de:1b81",
     "refuse group=none reason=changed dev=0000:09:00.0 want=10de:1b81 found=none"},
    {"a wrong pin on a bridge still refuses its group", "vfio-gpu.addrs=00:1c.0@8086:1234",
     "refuse group=3 reason=changed dev=0000:00:1c.0 want=8086:1234 found=8086:7450"},
    {"a wrong pin wins over an ids entry naming the same function",
     "vfio-gpu.ids=10de:1b81 vfio-gpu.addrs=02:00.0@10de:1e87",
     "skip 0000:00:1c.0 8086:7450 group=3 reason=bridge\n"
     "claim 0000:01:00.0 10de:1b81 group=3 was=nouveau by=ids target=vfio_pci\n"
     "claim 0000:01:00.1 10de:10f0 group=3 was=snd_hda_intel by=group target=vfio_pci\n"
     "refuse group=5 reason=changed dev=0000:02:00.0 want=10de:1e87 found=10de:1b81"},
    {"a wrong pin on a function without a group", "vfio-gpu.addrs=05:00.0@1af4:1051",
     "refuse group=none reason=changed dev=0000:05:00.0 want=1af4:1051 found=1af4:1050"},
    {"a function whose ids cannot be read holds no pin", "vfio-gpu.addrs=04:00.0@1b36:000d",
     "refuse group=7 reason=changed dev=0000:04:00.0 want=1b36:000d found=unreadable"},
};

/* The compiled selector: every way one function is named, in one answer. */
static void test_selector(void)
{
	static const char line[] = "vfio-gpu.ids=10de:*,10de:1b81,1b36:000d "
				   "vfio-gpu.addrs=02:00.0,09:00.0 vfio-gpu.groups=5,99";
	static struct vg_config cfg;
	struct vg_pci *pci = make_pci(true);
	struct vg_selector sel;

	vg_config_parse(&cfg, line, strlen(line));
	vg_selector_compile(&sel, &cfg);
	tap_ok(sel.exact == 0x6, "selector: 10de:* is not exact, 10de:1b81 and 1b36:000d are");
	tap_ok(vg_selector_match(&sel, &pci->devs[7]) ==
		   (VG_NAMED_IDS | VG_NAMED_EXACT | VG_NAMED_ADDRS | VG_NAMED_GROUPS),
	       "selector: 02:00.0 named by exact ids, addrs and groups");
	tap_ok(vg_selector_match(&sel, &pci->devs[8]) == (VG_NAMED_IDS | VG_NAMED_GROUPS),
	       "selector: 02:00.1 named by a wildcard and its group only");
	tap_ok(vg_selector_match(&sel, &pci->devs[13]) == 0,
	       "selector: unreadable ids are never matched");
	tap_ok(vg_selector_match(&sel, &pci->devs[15]) == 0,
	       "selector: no group, no groups naming");
	tap_ok(sel.ids_hit == 0x3 && sel.addrs_hit == 0x1 && sel.groups_hit == 0x1,
	       "selector: entries that matched nothing are known");
}

void test_select(void)
{
	struct vg_plan plan;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		tap_streq(plan_of(cases[i].cmdline, true, &plan), cases[i].want, "select: %s",
			  cases[i].name);
		vg_plan_free(&plan);
	}

	plan_of("vfio-gpu.ids=10de:1b81 vfio-gpu.groups=5", true, &plan);
	tap_ok(plan.n_claims == 6 && plan.n_groups == 2 && plan.n_refused == 0,
	       "counts: 6 claims in 2 groups");
	vg_plan_free(&plan);
	plan_of("vfio-gpu.ids=1002:67df,1234:1111 vfio-gpu.addrs=02:00.0", true, &plan);
	tap_ok(plan.n_claims == 4 && plan.n_groups == 1 && plan.n_refused == 2,
	       "counts: refused groups counted once each");
	vg_plan_free(&plan);

	plan_of("vfio-gpu.groups=0 vfio-gpu.addrs=00:1c.0", true, &plan);
	tap_ok(plan.n_claims == 0 && plan.n_groups == 0 && plan.n_refused == 0,
	       "counts: bridges claim nothing and count no group");
	vg_plan_free(&plan);

	tap_streq(plan_of("vfio-gpu.ids=10de:1b81", false, &plan), "", "IOMMU off: no lines");
	tap_ok(plan.no_iommu, "IOMMU off with a selection sets no_iommu");
	vg_plan_free(&plan);
	test_selector();
	plan_of("quiet", false, &plan);
	tap_ok(!plan.no_iommu, "IOMMU off without a selection is no error");
	vg_plan_free(&plan);
}
