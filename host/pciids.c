/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pciids.c - a bounded reader of pci.ids. The format: "vvvv  name" vendor
 * lines, "\tdddd  name" device lines under them, "\t\t" subsystem lines, and a
 * "C cc  name" class section with "\tss  name" subclasses. Lines that do not
 * fit the shape are skipped, so a damaged file can only lose names. */
#include "pciids.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "sysfs.h"

/* The 2023 file is 1.3 MB; anything far beyond is not a pci.ids. */
#define PCI_IDS_MAX (16u << 20)

int hv_ids_load(struct hv_ids *ids, const char *root)
{
	static const char *const where[] = {"/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids"};
	char path[VG_PATH_MAX];
	int r = -ENOENT;
	size_t i;

	memset(ids, 0, sizeof(*ids));
	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		r = vg_path(path, sizeof(path), root, "%s", where[i]);
		if (r == 0)
			r = vg_read_whole(path, PCI_IDS_MAX, &ids->buf, &ids->len);
		if (r != -ENOENT) {
			ids->path = where[i];
			break;
		}
	}
	return r;
}

void hv_ids_free(struct hv_ids *ids)
{
	free(ids->buf);
	memset(ids, 0, sizeof(*ids));
}

struct line {
	const char *p;
	size_t len;
};

static bool next_line(const struct hv_ids *ids, size_t *pos, struct line *l)
{
	const char *nl;

	if (!ids->buf || *pos >= ids->len)
		return false;
	l->p = ids->buf + *pos;
	nl = memchr(l->p, '\n', ids->len - *pos);
	l->len = nl ? (size_t)(nl - l->p) : ids->len - *pos;
	*pos += l->len + 1;
	return true;
}

/* Parse `digits` hex digits at p followed by two spaces and a name. */
static bool id_and_name(const char *p, size_t len, unsigned digits, uint32_t *id, struct line *name)
{
	const char *q = p;

	if (len < digits + 3 || p[digits] != ' ' || p[digits + 1] != ' ' ||
	    vg_hex_digits(&q, digits, id) != (int)digits)
		return false;
	name->p = p + digits + 2;
	name->len = len - digits - 2;
	if (name->len && name->p[name->len - 1] == '\r')
		name->len--;
	return true;
}

static int copy_name(const struct line *n, char *buf, size_t len)
{
	size_t k = n->len < len - 1 ? n->len : len - 1;

	memcpy(buf, n->p, k);
	buf[k] = '\0';
	return 0;
}

/* Both lookups walk the same tree: a top-level line, then its tab lines. */
static int lookup(const struct hv_ids *ids, bool classes, uint32_t top, unsigned top_digits,
		  int sub, unsigned sub_digits, char *buf, size_t len)
{
	struct line l, name, found = {NULL, 0};
	size_t pos = 0;
	bool in_top = false;
	uint32_t v;

	if (len == 0)
		return -EINVAL;
	while (next_line(ids, &pos, &l)) {
		if (l.len == 0 || l.p[0] == '#')
			continue;
		if (l.p[0] != '\t') {
			if (in_top)
				break; /* the next vendor/class: no such sub entry */
			if (classes && l.len > 2 && l.p[0] == 'C' && l.p[1] == ' ')
				in_top = id_and_name(l.p + 2, l.len - 2, top_digits, &v, &name) &&
					 v == top;
			else if (!classes && l.p[0] != 'C')
				in_top = id_and_name(l.p, l.len, top_digits, &v, &name) && v == top;
			if (in_top) {
				found = name;
				if (sub < 0)
					break;
			}
			continue;
		}
		if (!in_top || (l.len > 1 && l.p[1] == '\t'))
			continue;
		if (id_and_name(l.p + 1, l.len - 1, sub_digits, &v, &name) && v == (uint32_t)sub) {
			copy_name(&name, buf, len);
			return 0;
		}
	}
	if (found.p && (sub < 0 || classes)) /* a class falls back to its base name */
		return copy_name(&found, buf, len);
	return -ENOENT;
}

int hv_ids_vendor(const struct hv_ids *ids, uint32_t vendor, char *buf, size_t len)
{
	return lookup(ids, false, vendor, 4, -1, 0, buf, len);
}

int hv_ids_device(const struct hv_ids *ids, uint32_t vendor, uint32_t device, char *buf, size_t len)
{
	return lookup(ids, false, vendor, 4, (int)device, 4, buf, len);
}

int hv_ids_class(const struct hv_ids *ids, uint32_t class, char *buf, size_t len)
{
	return lookup(ids, true, class >> 16, 2, (int)((class >> 8) & 0xff), 2, buf, len);
}
