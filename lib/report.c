/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.c - records to plan lines; where a line goes is the caller's
 * choice. Every free-text value is escaped by vg_escape, here and in the JSON
 * formatter (report_json.c), so a value reads the same in both and none can
 * end its field, start another or start a new line. */
#include "report.h"

#include <stdio.h>
#include <string.h>

#include "pciclass.h"

size_t vg_escape(const char *in, char *out, size_t len, bool bare)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *in && o + 5 < len; in++) {
		unsigned char c = (unsigned char)*in;

		if ((c > 0x20 || (c == ' ' && !bare)) && c < 0x7f && c != '\'' && c != '\\') {
			out[o++] = (char)c;
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	if (len)
		out[o] = '\0';
	return o;
}

static const char *group_str(char *buf, size_t len, int group)
{
	if (group == VG_NO_GROUP)
		return "none";
	snprintf(buf, len, "%d", group);
	return buf;
}

const char *vg_error_name(enum vg_error e)
{
	switch (e) {
	case VG_ERROR_NO_IOMMU:
		return "no-iommu";
	case VG_ERROR_MODULE_MISSING:
		return "module-missing";
	case VG_ERROR_MODULE_UNKNOWN:
		return "module-unknown";
	case VG_ERROR_NO_MODULES:
		return "no-modules";
	case VG_ERROR_PCI_UNREADABLE:
		return "pci-unreadable";
	case VG_ERROR_CMDLINE_TRUNCATED:
		return "cmdline-truncated";
	case VG_ERROR_VFS:
		return "vfs";
	case VG_ERROR_RESET:
		return "reset";
	case VG_ERROR_NO_MATCH:
		return "no-match";
	}
	return "unknown";
}

/* The fields of an error line in the order of the JSON layouts
 * (report_json.c error_layouts). */
static void error_text(const struct vg_rec *r, char *buf, size_t len)
{
	char a[VG_LINE_MAX], b[VG_LINE_MAX];
	const char *why = vg_error_name(r->error);

	switch (r->error) {
	case VG_ERROR_NO_IOMMU:
		vg_escape(r->option, a, sizeof(a), true);
		snprintf(buf, len, "error reason=%s option=%s", why, a);
		break;
	case VG_ERROR_MODULE_MISSING:
		vg_escape(r->mod->name, a, sizeof(a), true);
		vg_escape(r->mod->path, b, sizeof(b), true);
		snprintf(buf, len, "error reason=%s module=%s path=%s", why, a, b);
		break;
	case VG_ERROR_MODULE_UNKNOWN:
		vg_escape(r->mod->name, a, sizeof(a), true);
		vg_escape(r->dir, b, sizeof(b), true);
		snprintf(buf, len, "error reason=%s module=%s dir=%s", why, a, b);
		break;
	case VG_ERROR_NO_MODULES:
	case VG_ERROR_PCI_UNREADABLE:
		vg_escape(r->dir, a, sizeof(a), true);
		snprintf(buf, len, "error reason=%s dir=%s", why, a);
		break;
	case VG_ERROR_CMDLINE_TRUNCATED:
		vg_escape(r->token, a, sizeof(a), false);
		snprintf(buf, len, "error reason=%s limit=%u token='%s%s'", why, r->limit, a,
			 r->token_long ? "..." : "");
		break;
	case VG_ERROR_NO_MATCH:
		vg_escape(r->entry, a, sizeof(a), true);
		snprintf(buf, len, "error reason=%s entry=%s", why, a);
		break;
	case VG_ERROR_VFS:
	case VG_ERROR_RESET:
		vg_rec_field(r, VG_FIELD_DEV, a, sizeof(a));
		vg_escape(r->why, b, sizeof(b), false);
		snprintf(buf, len, "error reason=%s dev=%s why='%s'", why, a, b);
		break;
	}
}

const char *vg_source_name(unsigned source)
{
	return source == VG_SRC_FILE	  ? "file"
	       : source == VG_SRC_CMDLINE ? "cmdline"
					  : "file,cmdline";
}

void vg_rec_text(const struct vg_rec *r, char *buf, size_t len)
{
	const struct vg_dev *d = r->dev;
	/* g: a group number or a module name (64 bytes, escaped) */
	char g[sizeof(r->mod->name) * 4 + 1], a[VG_LINE_MAX], b[VG_LINE_MAX];
	int n;

	switch (r->kind) {
	case VG_REC_CLAIM:
		vg_escape(d->driver[0] ? d->driver : "-", a, sizeof(a), true);
		vg_escape(r->target ? r->target : "vfio_pci", b, sizeof(b), true);
		snprintf(buf, len, "claim %s %04x:%04x group=%s was=%s by=%s target=%s%s", d->name,
			 (unsigned)d->vendor, (unsigned)d->device,
			 group_str(g, sizeof(g), r->group), a, vg_by_name(r->by), b,
			 r->pinned ? " pin=ok" : "");
		break;
	case VG_REC_SKIP:
		snprintf(buf, len, "skip %s %04x:%04x group=%s reason=%s", d->name,
			 (unsigned)d->vendor, (unsigned)d->device,
			 group_str(g, sizeof(g), r->group), vg_reason_name(r->reason));
		break;
	case VG_REC_REFUSE:
		vg_rec_field(r, VG_FIELD_DEV, a, sizeof(a));
		vg_rec_field(r, r->reason == VG_REASON_CHANGED ? VG_FIELD_WANT : VG_FIELD_CLASS, b,
			     sizeof(b));
		n = snprintf(buf, len, "refuse group=%s reason=%s dev=%s %s=%s",
			     group_str(g, sizeof(g), r->group), vg_reason_name(r->reason), a,
			     r->reason == VG_REASON_CHANGED ? "want" : "class", b);
		/* card: dev is the card's function in the refused group (SPEC). */
		if (r->reason == VG_REASON_CARD)
			snprintf(buf, len, "refuse group=%s reason=card dev=%s",
				 group_str(g, sizeof(g), r->group), a);
		if (r->reason == VG_REASON_CHANGED && n > 0 && (size_t)n < len) {
			vg_rec_field(r, VG_FIELD_FOUND, a, sizeof(a));
			snprintf(buf + n, len - (size_t)n, " found=%s", a);
		}
		break;
	case VG_REC_BAD:
		vg_escape(r->bad->key, a, sizeof(a), true);
		vg_escape(r->bad->token, b, sizeof(b), false);
		n = snprintf(buf, len, "bad %s token='%s%s'", a, b, r->bad->truncated ? "..." : "");
		/* A token of the selection file: which file, which line. */
		if (r->bad->line && n > 0 && (size_t)n < len) {
			vg_escape(r->bad->file, a, sizeof(a), true);
			snprintf(buf + n, len - (size_t)n, " source=file at=%s:%u", a,
				 r->bad->line);
		}
		break;
	case VG_REC_ERROR:
		error_text(r, buf, len);
		break;
	case VG_REC_LOAD:
		vg_escape(r->mod->name, g, sizeof(g), true);
		vg_escape(r->mod->path, a, sizeof(a), true);
		vg_escape(r->mod->args, b, sizeof(b), false);
		snprintf(buf, len, "load %s path=%s args='%s'", g, a, b);
		break;
	case VG_REC_VFS:
		vg_addr_format(&r->at, a, sizeof(a));
		snprintf(buf, len, "vfs %s count=%u", a, r->count);
		break;
	case VG_REC_VF:
		vg_addr_format(&r->at, a, sizeof(a));
		vg_addr_format(&r->pf, b, sizeof(b));
		snprintf(buf, len, "vf %s pf=%s index=%u", a, b, r->index);
		break;
	case VG_REC_RESET:
		vg_addr_format(&r->at, a, sizeof(a));
		vg_escape(r->method, b, sizeof(b), true);
		snprintf(buf, len, "reset %s method=%s", a, b);
		break;
	}
	/* Last, so that every field before it stays where it was. */
	if (r->source && (r->kind != VG_REC_BAD && r->kind != VG_REC_LOAD)) {
		size_t used = strlen(buf);

		snprintf(buf + used, len - used, " source=%s", vg_source_name(r->source));
	}
}

/* The values of a refuse line that are not plain: shared with the JSON
 * formatter so that both show the same. */
void vg_rec_field(const struct vg_rec *r, enum vg_field f, char *buf, size_t len)
{
	const struct vg_dev *d = r->dev;
	struct vg_id found;

	switch (f) {
	case VG_FIELD_DEV:
		vg_addr_format(&r->at, buf, len);
		break;
	case VG_FIELD_CLASS:
		snprintf(buf, len, "%04x", d ? (unsigned)(d->class >> 8) & 0xffff : 0);
		break;
	case VG_FIELD_WANT:
		vg_pin_format(&r->want, buf, len);
		break;
	case VG_FIELD_FOUND:
		if (!d || (d->bad & VG_BAD_IDS)) {
			snprintf(buf, len, "%s", d ? "unreadable" : "none");
			break;
		}
		found = vg_pin_found(&r->want, d->vendor, d->device, d->subvendor, d->subdevice);
		vg_pin_format(&found, buf, len);
		break;
	}
}

struct vg_rec vg_rec_of_line(const struct vg_pci *pci, const struct vg_line *l)
{
	struct vg_rec r = {.dev = l->dev == VG_NO_DEV ? NULL : &pci->devs[l->dev],
			   .group = l->group,
			   .by = l->by,
			   .reason = l->reason,
			   .at = l->addr,
			   .want = l->want,
			   .pinned = l->pinned,
			   .source = l->source};

	r.target = vg_line_target(l);
	r.kind = l->kind == VG_LINE_CLAIM  ? VG_REC_CLAIM
		 : l->kind == VG_LINE_SKIP ? VG_REC_SKIP
					   : VG_REC_REFUSE;
	return r;
}

void vg_format_line(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len)
{
	struct vg_rec r = vg_rec_of_line(pci, l);

	vg_rec_text(&r, buf, len);
}

void vg_format_bad(const struct vg_bad *b, char *buf, size_t len)
{
	struct vg_rec r = {.kind = VG_REC_BAD, .bad = b};

	vg_rec_text(&r, buf, len);
}

void vg_format_load(const struct vg_module *m, char *buf, size_t len)
{
	struct vg_rec r = {.kind = VG_REC_LOAD, .mod = m};

	vg_rec_text(&r, buf, len);
}

/* "0000:00:14.0,0000:00:14.2": the refused line's function and the others
 * that offend alike, ready to paste after vfio-gpu.addrs=. */
static void offenders(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len)
{
	size_t o = 0;
	unsigned k;

	o += (size_t)snprintf(buf, len, "%s", pci->devs[l->dev].name);
	for (k = 0; k < l->n_others && o < len; k++)
		o += (size_t)snprintf(buf + o, len - o, ",%s", pci->devs[l->others[k]].name);
	if (l->more_others && o < len)
		snprintf(buf + o, len - o, " (and %u more)", l->more_others);
}

static const char *protected_kind(const struct vg_dev *d)
{
	switch (vg_class_base(d->class)) {
	case VG_CLASS_STORAGE:
		return "a storage controller";
	case VG_CLASS_NETWORK:
		return "a network device";
	default:
		return "a USB controller of the host (not on a display card's slot)";
	}
}

/* What a user can do about a group refused for a function it holds. */
static const char remedy[] = "; or move the card to a slot with an IOMMU group of its own "
			     "(vfio-gpu list shows the groups); an ACS override patch splits "
			     "groups at your own risk";

void vg_describe_refusal(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len)
{
	char who[VG_LINE_MAX / 2], g[16];
	const struct vg_dev *d;

	if (l->reason == VG_REASON_CHANGED) {
		struct vg_rec r = vg_rec_of_line(pci, l);
		char at[VG_ADDR_STR], want[VG_PIN_STR], found[VG_PIN_STR];

		vg_rec_field(&r, VG_FIELD_DEV, at, sizeof(at));
		vg_rec_field(&r, VG_FIELD_WANT, want, sizeof(want));
		vg_rec_field(&r, VG_FIELD_FOUND, found, sizeof(found));
		snprintf(buf, len,
			 "refusing IOMMU group %s: vfio-gpu.addrs=%s@%s but %s holds %s (a card "
			 "was moved or added?); nothing in the group was touched; write the "
			 "card's new address (vfio-gpu list)",
			 group_str(g, sizeof(g), l->group), at, want, at, found);
		return;
	}
	d = &pci->devs[l->dev];
	offenders(pci, l, who, sizeof(who));
	switch (l->reason) {
	case VG_REASON_PROTECTED:
		snprintf(buf, len,
			 "refusing IOMMU group %d: %s (class %04x) is %s not named by "
			 "vfio-gpu.addrs or an exact vfio-gpu.ids entry; nothing in the group was "
			 "touched; to pass it too name it: vfio-gpu.addrs=%s%s",
			 l->group, d->name, (unsigned)(d->class >> 8), protected_kind(d), who,
			 remedy);
		return;
	case VG_REASON_BYSTANDER:
		snprintf(
		    buf, len,
		    "refusing IOMMU group %d: %s (class %04x) shares the group but nothing "
		    "selects it (another card or a chipset function); nothing in the group was "
		    "touched; to pass it too name it: vfio-gpu.addrs=%s%s",
		    l->group, d->name, (unsigned)(d->class >> 8), who, remedy);
		return;
	case VG_REASON_CARD:
		snprintf(buf, len,
			 "refusing IOMMU group %d: it holds part of the card of %s, whose IOMMU "
			 "group %s is refused; a card is passed whole or not at all, so nothing in "
			 "this group was touched either",
			 l->group, d->name, group_str(g, sizeof(g), l->card_group));
		return;
	case VG_REASON_BOOT_VGA:
		snprintf(buf, len,
			 "refusing IOMMU group %d: %s (class %04x) is the boot VGA device (the "
			 "host's console); name it in vfio-gpu.addrs, or by an exact vfio-gpu.ids "
			 "entry with vfio-gpu.boot_vga=1; nothing in the group was touched",
			 l->group, d->name, (unsigned)(d->class >> 8));
		return;
	default:
		break;
	}
	if (l->group == VG_NO_GROUP)
		snprintf(buf, len, "refusing %s (class %04x): it has no IOMMU group", d->name,
			 (unsigned)(d->class >> 8));
	else
		snprintf(buf, len,
			 "refusing IOMMU group %d: %s (class %04x) has attributes that cannot be "
			 "read, so it cannot be checked; nothing in the group was touched",
			 l->group, d->name, (unsigned)(d->class >> 8));
}
