/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_pci.c - the uevent parser of the scan (vg_parse_uevent): the kernel's
 * own files (bound, unbound, 6-digit class, device-tree lines), and every
 * damaged one that must mark the function bad rather than be guessed. */
#include "../../lib/ids.h"
#include "../../lib/pci.h"
#include "tap.h"

#define HEAD_ID "PCI_ID=10DE:1B81\n"
#define SUBSYS	"PCI_SUBSYS_ID=1458:3702\n"
#define SLOT	"PCI_SLOT_NAME=0000:01:00.0\n"
#define ALIAS	"MODALIAS=pci:v000010DEd00001B81sv00001458sd00003702bc03sc00i00\n"
#define GOOD	"PCI_CLASS=30000\n" HEAD_ID SUBSYS SLOT ALIAS

#define P(b) (1u << VG_UEV_##b)
#define ANY1 (VG_ANY - 1)

struct uevent_case {
	const char *name, *in;
	unsigned problems, bad;
	uint32_t class, vendor, subvendor;
	const char *driver;
};

static const struct uevent_case cases[] = {
    {"bound", "DRIVER=nouveau\n" GOOD, 0, 0, 0x030000, 0x10de, 0x1458, "nouveau"},
    {"unbound: no DRIVER line", GOOD, 0, 0, 0x030000, 0x10de, 0x1458, ""},
    {"6-digit class", "DRIVER=xhci_hcd\nPCI_CLASS=C0330\n" HEAD_ID SUBSYS SLOT, 0, 0, 0x0c0330,
     0x10de, 0x1458, "xhci_hcd"},
    {"lower-case hex", "PCI_CLASS=c0330\nPCI_ID=10de:1b81\n" SUBSYS SLOT, 0, 0, 0x0c0330, 0x10de,
     0x1458, ""},
    {"device-tree lines skipped", "DRIVER=nvme\nOF_NAME=pcie\nOF_COMPATIBLE_0=pci1\n" GOOD, 0, 0,
     0x030000, 0x10de, 0x1458, "nvme"},
    {"order free", SLOT SUBSYS HEAD_ID "PCI_CLASS=30000\n", 0, 0, 0x030000, 0x10de, 0x1458, ""},
    {"missing PCI_ID", "PCI_CLASS=30000\n" SUBSYS SLOT, P(ID), VG_BAD_IDS, 0x030000, 0, 0x1458, ""},
    {"missing PCI_CLASS", HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de, 0x1458, ""},
    {"missing subsystem ids: match only *", "PCI_CLASS=30000\n" HEAD_ID SLOT, P(SUBSYS), 0,
     0x030000, 0x10de, ANY1, ""},
    {"missing slot name", "PCI_CLASS=30000\n" HEAD_ID SUBSYS, P(SLOT), VG_BAD_IDS, 0x030000, 0x10de,
     0x1458, ""},
    {"another function's file", "PCI_CLASS=30000\n" HEAD_ID SUBSYS "PCI_SLOT_NAME=0000:02:00.0\n",
     P(SLOT), VG_BAD_IDS, 0x030000, 0x10de, 0x1458, ""},
    {"empty file", "", P(CLASS) | P(ID) | P(SUBSYS) | P(SLOT), VG_BAD_IDS | VG_BAD_CLASS, 0, 0,
     ANY1, ""},
    {"blank after =", "PCI_CLASS=30000\nPCI_ID= 10DE:1B81\n" SUBSYS SLOT, P(ID), VG_BAD_IDS,
     0x030000, 0, 0x1458, ""},
    {"blank before =", "PCI_CLASS =30000\n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de,
     0x1458, ""},
    {"trailing blank", "PCI_CLASS=30000 \n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de,
     0x1458, ""},
    {"CRLF", "PCI_CLASS=30000\r\n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de, 0x1458,
     ""},
    {"0x prefix", "PCI_CLASS=0x30000\n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de,
     0x1458, ""},
    {"class of 3 digits", "PCI_CLASS=300\n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de,
     0x1458, ""},
    {"class of 7 digits", "PCI_CLASS=1030000\n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0,
     0x10de, 0x1458, ""},
    {"short vendor", "PCI_CLASS=30000\nPCI_ID=10D:1B81\n" SUBSYS SLOT, P(ID), VG_BAD_IDS, 0x030000,
     0, 0x1458, ""},
    {"third id", "PCI_CLASS=30000\nPCI_ID=10DE:1B81:0\n" SUBSYS SLOT, P(ID), VG_BAD_IDS, 0x030000,
     0, 0x1458, ""},
    {"garbage ids", "PCI_CLASS=30000\nPCI_ID=ZZZZ:1B81\n" SUBSYS SLOT, P(ID), VG_BAD_IDS, 0x030000,
     0, 0x1458, ""},
    {"garbled subsystem ids", "PCI_CLASS=30000\n" HEAD_ID "PCI_SUBSYS_ID=1458-3702\n" SLOT,
     P(SUBSYS), 0, 0x030000, 0x10de, ANY1, ""},
    {"truncated in PCI_ID: the cut line is not trusted", "PCI_CLASS=30000\nPCI_ID=10DE:1B",
     P(ID) | P(SUBSYS) | P(SLOT), VG_BAD_IDS, 0x030000, 0, ANY1, ""},
    {"truncated after the last newline", GOOD "MODALI", 0, 0, 0x030000, 0x10de, 0x1458, ""},
    {"last line without newline", "PCI_CLASS=30000\n" HEAD_ID SUBSYS "PCI_SLOT_NAME=0000:01:00.0",
     P(SLOT), VG_BAD_IDS, 0x030000, 0x10de, 0x1458, ""},
    {"empty DRIVER", "DRIVER=\n" GOOD, P(DRIVER), 0, 0x030000, 0x10de, 0x1458, ""},
    {"DRIVER with a slash", "DRIVER=../x\n" GOOD, P(DRIVER), 0, 0x030000, 0x10de, 0x1458, ""},
    {"DRIVER too long",
     "DRIVER=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" GOOD, P(DRIVER),
     0, 0x030000, 0x10de, 0x1458, ""},
    {"key without =", "PCI_CLASS\n" HEAD_ID SUBSYS SLOT, P(CLASS), VG_BAD_CLASS, 0, 0x10de, 0x1458,
     ""},
    {"prefix of a key is not the key", "PCI_IDX=10DE:1B81\nPCI_CLASS=30000\n" SUBSYS SLOT, P(ID),
     VG_BAD_IDS, 0x030000, 0, 0x1458, ""},
};

void test_pci(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct uevent_case *c = &cases[i];
		struct vg_dev d = {.name = "0000:01:00.0"};
		unsigned p = vg_parse_uevent(c->in, strlen(c->in), &d);

		tap_ok(p == c->problems, "uevent %s: problems %#x (want %#x)", c->name, p,
		       c->problems);
		tap_ok(d.bad == c->bad, "uevent %s: bad %#x (want %#x)", c->name, d.bad, c->bad);
		/* A garbled field is not half taken: it stays 0. */
		tap_ok(d.class == c->class, "uevent %s: class %06x", c->name, d.class);
		tap_ok(d.vendor == c->vendor && d.device == (c->vendor ? 0x1b81 : 0),
		       "uevent %s: ids %04x:%04x", c->name, d.vendor, d.device);
		tap_ok(d.subvendor == c->subvendor, "uevent %s: subvendor %x", c->name,
		       d.subvendor);
		tap_streq(d.driver, c->driver, "uevent %s: driver", c->name);
	}
	/* A NUL inside a line (not the kernel's) garbles that line only. */
	{
		static const char in[] = "PCI_CLASS=30000\nPCI_ID=10DE\0:1B81\n" SUBSYS SLOT;
		struct vg_dev d = {.name = "0000:01:00.0"};
		unsigned p = vg_parse_uevent(in, sizeof(in) - 1, &d);

		tap_ok(p == P(ID) && d.bad == VG_BAD_IDS, "uevent NUL in PCI_ID: problems %#x", p);
	}
}
