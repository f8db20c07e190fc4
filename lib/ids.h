/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ids.h - the values the command line names: vendor:device ids, PCI addresses
 * and IOMMU group numbers. Pure parsers, no I/O. */
#ifndef VG_IDS_H
#define VG_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VG_ANY 0xffffffffu /* a '*' field, or a subsystem that was not given */

struct vg_id {
	uint32_t vendor, device, subvendor, subdevice;
};

struct vg_addr {
	uint32_t domain;
	uint8_t bus, slot, func;
};

/* "10de:13d7", "10de:*", "10de:1b81:1458:3702": 1-4 hex digits or '*' per field. */
int vg_parse_id(const char *s, struct vg_id *out);
/* "01:00.0" or "0000:01:00.0" (domain defaults to 0000; 1-8 hex digits so
 * that VMD domains such as 10000 can be named). */
int vg_parse_addr(const char *s, struct vg_addr *out);
/* An addrs entry, [DDDD:]BB:SS.F[@VVVV:DDDD[:SSSS:ssss]] (SPEC "What gets
 * claimed" rule 6): the address, and the identity pin after '@', hex fields
 * without '*'. No pin: pin->vendor is VG_ANY (vg_pin_set). Returns 0,
 * -EINVAL for a malformed address, -EBADMSG for a malformed pin. */
int vg_parse_addr_pin(const char *s, struct vg_addr *addr, struct vg_id *pin);
bool vg_pin_set(const struct vg_id *pin);
/* "10de:1b81", or "10de:1b81:1458:3702" for a pin with subsystem ids. */
#define VG_PIN_STR 20
void vg_pin_format(const struct vg_id *pin, char *buf, size_t len);
/* What a function with these ids shows of a pin: its vendor and device, and
 * its subsystem ids only when the pin names them (for "found="). */
struct vg_id vg_pin_found(const struct vg_id *pin, uint32_t vendor, uint32_t device,
			  uint32_t subvendor, uint32_t subdevice);
/* Decimal IOMMU group number, no sign, at most 2^31-1. */
int vg_parse_group(const char *s, uint32_t *out);

bool vg_id_matches(const struct vg_id *id, uint32_t vendor, uint32_t device, uint32_t subvendor,
		   uint32_t subdevice);
/* The first entry of ids[0..n) other than i that matches everything entry i
 * matches (each of its fields '*' or equal; of two equal entries, the
 * earlier), or -1: entry i then selects nothing more than that one (issue
 * "Bad input": an ids entry that is a subset of another is warned about). */
int vg_id_covered_by(const struct vg_id *ids, unsigned n, unsigned i);
int vg_addr_cmp(const struct vg_addr *a, const struct vg_addr *b);
/* "0000:01:00.0"; buf of at least VG_ADDR_STR bytes. */
#define VG_ADDR_STR 20
void vg_addr_format(const struct vg_addr *a, char *buf, size_t len);

/* One slot (domain:bus:device), the card of SPEC "What gets claimed". */
static inline bool vg_addr_same_slot(const struct vg_addr *a, const struct vg_addr *b)
{
	return a->domain == b->domain && a->bus == b->bus && a->slot == b->slot;
}

#endif
