/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_uevent.c - the scan's uevent parser (vg_parse_uevent) on any bytes,
 * given without a terminating NUL so that ASan catches a read past the end.
 * Invariants: the problem bits and dev->bad agree; what is taken fits its
 * field; and what was taken, printed back the way the kernel prints it
 * (pci_uevent), parses again to the same fields with no problem. */
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "ids.h"
#include "pci.h"

#define NAME   "0000:01:00.0"
#define BIT(b) (1u << VG_UEV_##b)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vg_dev d = {.name = NAME}, e = {.name = NAME};
	char out[256], *in;
	unsigned p, q;
	int n;

	if (size > 4096)
		return 0;
	in = fuzz_dup(data, size, 0);
	p = vg_parse_uevent(in, size, &d);
	free(in);
	CHECK((p & ~VG_UEV_N_MASK) == 0);
	CHECK(!!(d.bad & VG_BAD_IDS) == !!(p & (BIT(ID) | BIT(SLOT))));
	CHECK(!!(d.bad & VG_BAD_CLASS) == !!(p & BIT(CLASS)));
	CHECK(d.class <= 0xffffff && d.vendor <= 0xffff && d.device <= 0xffff);
	CHECK(strlen(d.driver) < sizeof(d.driver) && !strchr(d.driver, '/'));
	if (p & BIT(SUBSYS))
		CHECK(d.subvendor == VG_ANY - 1 && d.subdevice == VG_ANY - 1);
	else
		CHECK(d.subvendor <= 0xffff && d.subdevice <= 0xffff);
	if (p)
		return 0;
	n = snprintf(out, sizeof(out),
		     "%s%s%sPCI_CLASS=%04X\nPCI_ID=%04X:%04X\nPCI_SUBSYS_ID=%04X:%04X\n"
		     "PCI_SLOT_NAME=" NAME "\n",
		     d.driver[0] ? "DRIVER=" : "", d.driver, d.driver[0] ? "\n" : "", d.class,
		     d.vendor, d.device, d.subvendor, d.subdevice);
	CHECK(n > 0 && (size_t)n < sizeof(out));
	q = vg_parse_uevent(out, (size_t)n, &e);
	CHECK(q == 0 && e.bad == 0);
	CHECK(e.class == d.class && e.vendor == d.vendor && e.device == d.device);
	CHECK(e.subvendor == d.subvendor && e.subdevice == d.subdevice);
	CHECK(strcmp(e.driver, d.driver) == 0);
	return 0;
}
