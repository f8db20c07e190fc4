/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pciclass.h - the PCI class codes the rules name (PCI Code and ID Assignment
 * specification), once. struct vg_dev's class is 24 bits: base class,
 * subclass, programming interface. */
#ifndef VG_PCICLASS_H
#define VG_PCICLASS_H

#include <stdint.h>

#define VG_CLASS_STORAGE 0x01 /* mass storage: a disk the host may boot from */
#define VG_CLASS_NETWORK 0x02
#define VG_CLASS_DISPLAY 0x03 /* VGA, XGA, 3D, other display controllers */
#define VG_CLASS_BRIDGE	 0x06 /* host, ISA/LPC, PCI-PCI, CardBus, ... */
/* Bridge subclasses 00-0a (host ... InfiniBand-to-PCI) are bridges; 0680
 * "other bridge" with a type-0 header (an NVSwitch) is an ordinary function. */
#define VG_CLASS_BRIDGE_LAST_SUB 0x0a

/* Base class and subclass together (the "0604" of lspci). */
#define VG_CLASS_PCI_BRIDGE	0x0604
#define VG_CLASS_CARDBUS_BRIDGE 0x0607
#define VG_CLASS_USB		0x0c03 /* USB controller: the host's keyboard */

static inline uint32_t vg_class_base(uint32_t class)
{
	return class >> 16;
}

static inline uint32_t vg_class_sub(uint32_t class)
{
	return class >> 8;
}

#endif
