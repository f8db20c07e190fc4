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

/* SPEC v3 "What gets claimed" (cards): a GPU behind a root port in its
 * group; a chipset group of USB (0c03, host-critical off a display slot)
 * and a management engine; a Radeon split over two groups; two cards in one
 * group; an HGX-like GPU and NVSwitch (0680, header 0) in one group; a boot
 * VGA card split over two groups. */
static const struct d cards[] = {
    {"0000:00:00.0", 0x8086, 0x3e30, 0x060000, 0, "", 0, 0, 0},
    {"0000:00:01.0", 0x8086, 0x1901, 0x060400, 1, "pcieport", 0, 1, 0},
    {"0000:00:14.0", 0x8086, 0xa36d, 0x0c0330, 2, "xhci_hcd", 0, 0, 0},
    {"0000:00:16.0", 0x8086, 0xa360, 0x078000, 2, "mei_me", 0, 0, 0},
    {"0000:01:00.0", 0x10de, 0x2204, 0x030000, 1, "nouveau", 0, 0, 0},
    {"0000:01:00.1", 0x10de, 0x1aef, 0x040300, 1, "snd_hda_intel", 0, 0, 0},
    {"0000:02:00.0", 0x1002, 0x67df, 0x030000, 3, "amdgpu", 0, 0, 0},
    {"0000:02:00.1", 0x1002, 0xaab0, 0x040300, 4, "snd_hda_intel", 0, 0, 0},
    {"0000:03:00.0", 0x10de, 0x1e87, 0x030000, 5, "nouveau", 0, 0, 0},
    {"0000:04:00.0", 0x1002, 0x6fdf, 0x030000, 5, "amdgpu", 0, 0, 0},
    {"0000:04:00.1", 0x1002, 0xaaf0, 0x040300, 5, "snd_hda_intel", 0, 0, 0},
    {"0000:05:00.0", 0x10de, 0x2330, 0x030200, 6, "", 0, 0, 0},
    {"0000:06:00.0", 0x10de, 0x22a3, 0x068000, 6, "", 0, 0, 0},
    {"0000:07:00.0", 0x1002, 0x1234, 0x030000, 7, "amdgpu", 1, 0, 0},
    {"0000:07:00.1", 0x1002, 0xab38, 0x040300, 8, "snd_hda_intel", 0, 0, 0},
};

static const struct d *table = machine;
static size_t table_n = sizeof(machine) / sizeof(machine[0]);

static struct vg_pci *make_pci(bool groups)
{
	static struct vg_pci pci;
	static struct vg_dev devs[32];
	size_t i;

	memset(devs, 0, sizeof(devs));
	for (i = 0; i < table_n; i++) {
		struct vg_dev *v = &devs[i];
		const struct d *m = &table[i];

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
	pci.n = table_n;
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
    /* v3: a group number is no consent for the host's console (v2 took it). */
    {"boot VGA by groups is no consent", "vfio-gpu.groups=1",
     "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300"},
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

static const struct sel_case card_cases[] = {
    {"rule 3: another card in the group is a bystander; the group is refused",
     "vfio-gpu.ids=10de:1e87", "refuse group=5 reason=bystander dev=0000:04:00.0 class=0300"},
    {"rule 3: naming the other card too claims the group", "vfio-gpu.ids=10de:1e87,1002:6fdf",
     "claim 0000:03:00.0 10de:1e87 group=5 was=nouveau by=ids target=vfio_pci\n"
     "claim 0000:04:00.0 1002:6fdf group=5 was=amdgpu by=ids target=vfio_pci\n"
     "claim 0000:04:00.1 1002:aaf0 group=5 was=snd_hda_intel by=group target=vfio_pci"},
    {"rule 4: a chipset USB controller (off a display slot) needs an exact name",
     "vfio-gpu.groups=2", "refuse group=2 reason=protected dev=0000:00:14.0 class=0c03"},
    {"rule 3: named USB, its chipset neighbour is a bystander", "vfio-gpu.addrs=00:14.0",
     "refuse group=2 reason=bystander dev=0000:00:16.0 class=0780"},
    {"rules 3-4: both named by address: claimed", "vfio-gpu.addrs=00:14.0,00:16.0",
     "claim 0000:00:14.0 8086:a36d group=2 was=xhci_hcd by=addrs target=vfio_pci\n"
     "claim 0000:00:16.0 8086:a360 group=2 was=mei_me by=addrs target=vfio_pci"},
    {"rule 4: a wildcard is no consent for the chipset USB", "vfio-gpu.ids=8086:a36d:*:*,8086:a360",
     "claim 0000:00:14.0 8086:a36d group=2 was=xhci_hcd by=ids target=vfio_pci\n"
     "claim 0000:00:16.0 8086:a360 group=2 was=mei_me by=ids target=vfio_pci"},
    {"rule 4: ... but a vendor wildcard is none", "vfio-gpu.ids=8086:*",
     "skip 0000:00:00.0 8086:3e30 group=0 reason=bridge\n"
     "skip 0000:00:01.0 8086:1901 group=1 reason=bridge\n"
     "refuse group=2 reason=protected dev=0000:00:14.0 class=0c03"},
    {"rules 1, 5: a card split over two groups is claimed in both, by its audio's id",
     "vfio-gpu.ids=1002:aab0",
     "claim 0000:02:00.0 1002:67df group=3 was=amdgpu by=group target=vfio_pci\n"
     "claim 0000:02:00.1 1002:aab0 group=4 was=snd_hda_intel by=ids target=vfio_pci"},
    {"rule 5: half a card is never left: the boot VGA's group refused, its audio's falls as card",
     "vfio-gpu.ids=1002:ab38",
     "refuse group=7 reason=boot-vga dev=0000:07:00.0 class=0300\n"
     "refuse group=8 reason=card dev=0000:07:00.0"},
    {"rule 4: the boot VGA by an exact id with consent takes the whole card",
     "vfio-gpu.ids=1002:1234,1002:ab38 vfio-gpu.boot_vga=1",
     "claim 0000:07:00.0 1002:1234 group=7 was=amdgpu by=ids target=vfio_pci\n"
     "claim 0000:07:00.1 1002:ab38 group=8 was=snd_hda_intel by=ids target=vfio_pci"},
    {"rule 4: a group number is no consent for the boot VGA", "vfio-gpu.groups=7",
     "refuse group=7 reason=boot-vga dev=0000:07:00.0 class=0300\n"
     "refuse group=8 reason=card dev=0000:07:00.0"},
    {"bridge: a 0680 NVSwitch with a type-0 header is a function, claimed when named",
     "vfio-gpu.addrs=05:00.0,06:00.0",
     "claim 0000:05:00.0 10de:2330 group=6 was=- by=addrs target=vfio_pci\n"
     "claim 0000:06:00.0 10de:22a3 group=6 was=- by=addrs target=vfio_pci"},
    {"bridge: ... and a bystander when only its GPU is named", "vfio-gpu.addrs=05:00.0",
     "refuse group=6 reason=bystander dev=0000:06:00.0 class=0680"},
    {"a root port in the GPU's group is skipped, never a bystander", "vfio-gpu.addrs=01:00.0",
     "skip 0000:00:01.0 8086:1901 group=1 reason=bridge\n"
     "claim 0000:01:00.0 10de:2204 group=1 was=nouveau by=addrs target=vfio_pci\n"
     "claim 0000:01:00.1 10de:1aef group=1 was=snd_hda_intel by=group target=vfio_pci"},
    {"order: changed before protected", "vfio-gpu.addrs=00:14.0@1111:2222",
     "refuse group=2 reason=changed dev=0000:00:14.0 want=1111:2222 found=8086:a36d"},
    {"order: a wrong pin on one group of a card takes the other as card",
     "vfio-gpu.addrs=02:00.1@1002:aaf0",
     "refuse group=3 reason=card dev=0000:02:00.1\n"
     "refuse group=4 reason=changed dev=0000:02:00.1 want=1002:aaf0 found=1002:aab0"},
};

/* The card rules' terms and no-match bookkeeping on the cards table. */
static void test_cards(void)
{
	static struct vg_config cfg;
	struct vg_plan plan;
	struct vg_pci *pci;
	char entry[64];
	size_t i;

	table = cards;
	table_n = sizeof(cards) / sizeof(cards[0]);
	for (i = 0; i < sizeof(card_cases) / sizeof(card_cases[0]); i++) {
		tap_streq(plan_of(card_cases[i].cmdline, true, &plan), card_cases[i].want,
			  "select v3: %s", card_cases[i].name);
		vg_plan_free(&plan);
	}
	pci = make_pci(true);
	tap_ok(vg_same_slot(&pci->devs[4], &pci->devs[5]) &&
		   !vg_same_slot(&pci->devs[4], &pci->devs[6]),
	       "slot: 01:00.0 and 01:00.1 are siblings, 02:00.0 is not theirs");
	tap_ok(!vg_same_slot(&pci->devs[0], &pci->devs[0]), "slot: a bridge is nobody's sibling");
	/* An SR-IOV VF is nobody's sibling (lib/select.c vg_same_slot): with
	 * ARI a PF's VFs sit on its own slot number. */
	pci->devs[5].vf = true;
	pci->devs[5].pf = pci->devs[4].addr;
	tap_ok(!vg_same_slot(&pci->devs[4], &pci->devs[5]) &&
		   !vg_same_slot(&pci->devs[5], &pci->devs[4]),
	       "slot: a VF on its PF's slot is not its sibling");
	pci->devs[4].vf = true;
	tap_ok(!vg_same_slot(&pci->devs[4], &pci->devs[5]), "slot: two VFs are not siblings");
	pci->devs[4].vf = pci->devs[5].vf = false;
	tap_ok(vg_host_critical(pci, 2) && !vg_host_critical(pci, 3) && vg_host_critical(pci, 13),
	       "host-critical: chipset USB and the boot VGA, not a management engine");
	tap_ok(!vg_dev_is_bridge(&pci->devs[12]) && vg_dev_is_bridge(&pci->devs[0]),
	       "bridge: 0680 with a type-0 header is not one; 0600 is");
	plan_of("vfio-gpu.addrs=09:00.0,01:00.0 vfio-gpu.ids=dead:*,10de:2204 vfio-gpu.groups=4,42",
		true, &plan);
	tap_ok(plan.unmatched_addrs == 1 && plan.unmatched_ids == 1 && plan.unmatched_groups == 2,
	       "no-match: the entries that name nothing are known, per list");
	vg_plan_free(&plan);
	plan_of("vfio-gpu.addrs=09:00.0@10de:2204", true, &plan);
	tap_ok(plan.unmatched_addrs == 0 && plan.n_refused == 1,
	       "no-match: a pinned address that holds nothing is a refusal, not no-match");
	vg_plan_free(&plan);
	{
		static const char line[] =
		    "vfio-gpu.ids=10de:*:1458:* vfio-gpu.groups=42 vfio-gpu.addrs=09:00.1";

		vg_config_parse(&cfg, line, strlen(line));
	}
	vg_format_entry(&cfg, VG_LIST_IDS, 0, entry, sizeof(entry));
	tap_streq(entry, "vfio-gpu.ids=10de:*:1458:*", "no-match entry: an ids entry as written");
	vg_format_entry(&cfg, VG_LIST_GROUPS, 0, entry, sizeof(entry));
	tap_streq(entry, "vfio-gpu.groups=42", "no-match entry: a group");
	vg_format_entry(&cfg, VG_LIST_ADDRS, 0, entry, sizeof(entry));
	tap_streq(entry, "vfio-gpu.addrs=0000:09:00.1",
		  "no-match entry: an address, with its domain");
	table = machine;
	table_n = sizeof(machine) / sizeof(machine[0]);
}

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
		   (VG_NAMED_IDS | VG_NAMED_EXACT | VG_NAMED_ADDRS | VG_NAMED_GROUPS |
		    VG_NAMED_FROM_CMDLINE),
	       "selector: 02:00.0 named by exact ids, addrs and groups");
	tap_ok(vg_selector_match(&sel, &pci->devs[8]) ==
		   (VG_NAMED_IDS | VG_NAMED_GROUPS | VG_NAMED_FROM_CMDLINE),
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

	test_cards();
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
