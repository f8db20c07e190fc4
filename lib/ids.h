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
/* Decimal IOMMU group number, no sign, at most 2^31-1. */
int vg_parse_group(const char *s, uint32_t *out);

bool vg_id_matches(const struct vg_id *id, uint32_t vendor, uint32_t device, uint32_t subvendor,
		   uint32_t subdevice);
int vg_addr_cmp(const struct vg_addr *a, const struct vg_addr *b);
/* "0000:01:00.0"; buf of at least VG_ADDR_STR bytes. */
#define VG_ADDR_STR 20
void vg_addr_format(const struct vg_addr *a, char *buf, size_t len);

#endif
