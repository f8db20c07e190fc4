/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ids.c - strict parsers for ids, addresses and group numbers: every field is
 * length-checked so that "00010de:13d7" or "01:00" is refused, not guessed. */
#include "ids.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hex.h"

/* Parse 1..maxdigits hex digits at *sp; a longer field is malformed. */
static int parse_hex(const char **sp, unsigned maxdigits, uint32_t *out)
{
	const char *s = *sp;

	if (vg_hex_digits(&s, maxdigits, out) < 0 || vg_hexval((unsigned char)*s) >= 0)
		return -EINVAL;
	*sp = s;
	return 0;
}

static int parse_id_field(const char **sp, uint32_t *out)
{
	if (**sp == '*') {
		(*sp)++;
		*out = VG_ANY;
		return 0;
	}
	return parse_hex(sp, 4, out);
}

int vg_parse_id(const char *s, struct vg_id *out)
{
	uint32_t f[4] = {VG_ANY, VG_ANY, VG_ANY, VG_ANY};
	unsigned n = 0;

	for (;;) {
		if (n == 4 || parse_id_field(&s, &f[n]) < 0)
			return -EINVAL;
		n++;
		if (*s == '\0')
			break;
		if (*s++ != ':')
			return -EINVAL;
	}
	if (n != 2 && n != 4)
		return -EINVAL;
	out->vendor = f[0];
	out->device = f[1];
	out->subvendor = f[2];
	out->subdevice = f[3];
	return 0;
}

int vg_parse_addr(const char *s, struct vg_addr *out)
{
	uint32_t part[3];
	unsigned digits[3];
	unsigned n = 0;

	/* Two or three ':'-separated hex parts, then ".F". */
	for (;;) {
		const char *start = s;

		if (n == 3 || parse_hex(&s, 8, &part[n]) < 0)
			return -EINVAL;
		digits[n++] = (unsigned)(s - start);
		if (*s == '.')
			break;
		if (*s++ != ':')
			return -EINVAL;
	}
	if (n < 2 || s[1] < '0' || s[1] > '7' || s[2] != '\0')
		return -EINVAL;
	out->func = (uint8_t)(s[1] - '0');
	if (n == 2) {
		part[2] = part[1];
		digits[2] = digits[1];
		part[1] = part[0];
		digits[1] = digits[0];
		part[0] = 0;
	}
	/* bus and slot are two hex digits at most, the slot below 32. */
	if (digits[1] > 2 || digits[2] > 2 || part[2] > 0x1f)
		return -EINVAL;
	out->domain = part[0];
	out->bus = (uint8_t)part[1];
	out->slot = (uint8_t)part[2];
	return 0;
}

int vg_parse_addr_pin(const char *s, struct vg_addr *addr, struct vg_id *pin)
{
	const char *at = strchr(s, '@');
	char a[VG_ADDR_STR];
	size_t n = at ? (size_t)(at - s) : strlen(s);

	pin->vendor = pin->device = pin->subvendor = pin->subdevice = VG_ANY;
	if (n >= sizeof(a))
		return -EINVAL;
	memcpy(a, s, n);
	a[n] = '\0';
	if (vg_parse_addr(a, addr) < 0)
		return -EINVAL;
	/* The id grammar, less its wildcards: a pin is one identity. */
	if (at && (strchr(at, '*') || vg_parse_id(at + 1, pin) < 0)) {
		pin->vendor = pin->device = pin->subvendor = pin->subdevice = VG_ANY;
		return -EBADMSG;
	}
	return 0;
}

bool vg_pin_set(const struct vg_id *pin)
{
	return pin->vendor != VG_ANY;
}

void vg_pin_format(const struct vg_id *pin, char *buf, size_t len)
{
	if (pin->subvendor == VG_ANY)
		snprintf(buf, len, "%04x:%04x", (unsigned)pin->vendor, (unsigned)pin->device);
	else
		snprintf(buf, len, "%04x:%04x:%04x:%04x", (unsigned)pin->vendor,
			 (unsigned)pin->device, (unsigned)pin->subvendor, (unsigned)pin->subdevice);
}

static bool field_within(uint32_t narrow, uint32_t wide)
{
	return wide == VG_ANY || wide == narrow;
}

int vg_id_covered_by(const struct vg_id *ids, unsigned n, unsigned i)
{
	const struct vg_id *a = &ids[i];
	unsigned j;

	for (j = 0; j < n; j++) {
		const struct vg_id *b = &ids[j];
		bool equal = memcmp(a, b, sizeof(*a)) == 0;

		if (j == i || (equal && j > i))
			continue;
		if (field_within(a->vendor, b->vendor) && field_within(a->device, b->device) &&
		    field_within(a->subvendor, b->subvendor) &&
		    field_within(a->subdevice, b->subdevice))
			return (int)j;
	}
	return -1;
}

struct vg_id vg_pin_found(const struct vg_id *pin, uint32_t vendor, uint32_t device,
			  uint32_t subvendor, uint32_t subdevice)
{
	struct vg_id f = {vendor, device, VG_ANY, VG_ANY};

	if (pin->subvendor != VG_ANY) {
		f.subvendor = subvendor;
		f.subdevice = subdevice;
	}
	return f;
}

int vg_parse_group(const char *s, uint32_t *out)
{
	uint64_t v = 0;
	unsigned n = 0;

	for (; *s; s++) {
		if (*s < '0' || *s > '9' || ++n > 10)
			return -EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (n == 0 || v > 0x7fffffffu)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static bool field_matches(uint32_t want, uint32_t have)
{
	return want == VG_ANY || want == have;
}

bool vg_id_matches(const struct vg_id *id, uint32_t vendor, uint32_t device, uint32_t subvendor,
		   uint32_t subdevice)
{
	return field_matches(id->vendor, vendor) && field_matches(id->device, device) &&
	       field_matches(id->subvendor, subvendor) && field_matches(id->subdevice, subdevice);
}

int vg_addr_cmp(const struct vg_addr *a, const struct vg_addr *b)
{
	if (a->domain != b->domain)
		return a->domain < b->domain ? -1 : 1;
	if (a->bus != b->bus)
		return a->bus < b->bus ? -1 : 1;
	if (a->slot != b->slot)
		return a->slot < b->slot ? -1 : 1;
	if (a->func != b->func)
		return a->func < b->func ? -1 : 1;
	return 0;
}

void vg_addr_format(const struct vg_addr *a, char *buf, size_t len)
{
	snprintf(buf, len, "%04x:%02x:%02x.%u", (unsigned)a->domain, a->bus, a->slot,
		 (unsigned)a->func);
}
