/* SPDX-License-Identifier: GPL-2.0-or-later */
/* export_libvirt.c - vfio-gpu export libvirt: the <hostdev> elements for
 * `virsh attach-device --config`, one per claimed function. managed='no':
 * vfio-gpu-early has bound them already, and libvirt must not hand them back
 * to their host drivers when the guest stops. A card's functions share one
 * guest slot (function 0 multifunction='on'), so the guest sees the card as
 * the host does and its driver finds the audio and USB functions beside it. */
#include <stdio.h>

#include "host.h"
#include "export.h"

/* Guest slots from 0x10 up: clear of what libvirt puts on bus 0 by itself
 * (q35: 0x01 VGA, 0x02.. root ports, 0x1f ICH9); the guest bus is 0 so that
 * every card keeps its functions together on one slot. */
#define GUEST_SLOT0 0x10
#define GUEST_SLOTS 0x0f

void hv_export_libvirt(const struct ex *e, bool hide_kvm)
{
	unsigned i, fn = 0;

	printf("<!-- libvirt: the functions vfio-gpu-early claims at the next boot\n"
	       "     (vfio-gpu export libvirt), one card per guest slot. Each <hostdev>\n"
	       "     goes in its own FILE for: virsh attach-device DOMAIN FILE, with the\n"
	       "     config option (the persistent definition). -->\n");
	for (i = 0; i < e->n; i++) {
		const struct vg_addr *a = &e->c[i].dev.addr;
		unsigned card = e->c[i].card;
		bool first = i == 0 || e->c[i - 1].card != card;
		bool multi = first && i + 1 < e->n && e->c[i + 1].card == card;

		fn = first ? 0 : fn + 1;
		if (card >= GUEST_SLOTS) {
			hv_warn("more than %d cards: the rest need guest addresses of your choice",
				GUEST_SLOTS);
			break;
		}
		printf("<hostdev mode='subsystem' type='pci' managed='no'>\n"
		       "  <source>\n"
		       "    <address domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>\n"
		       "  </source>\n"
		       "  <address type='pci' domain='0x0000' bus='0x00' slot='0x%02x' "
		       "function='0x%x'%s/>\n"
		       "</hostdev>\n",
		       a->domain, a->bus, a->slot, a->func, GUEST_SLOT0 + card, fn,
		       multi ? " multifunction='on'" : "");
	}
	if (hide_kvm)
		printf(
		    "<!-- the domain's <features> (virsh edit DOMAIN): NVIDIA consumer drivers\n"
		    "     stop with error 43 when they see KVM (nova: hw:hide_hypervisor_id) -->\n"
		    "<features>\n"
		    "  <kvm>\n"
		    "    <hidden state='on'/>\n"
		    "  </kvm>\n"
		    "  <hyperv>\n"
		    "    <vendor_id state='on' value='vfiogpu'/>\n"
		    "  </hyperv>\n"
		    "</features>\n");
}
