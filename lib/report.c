/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.c - records to plan lines; where a line goes is the caller's
 * choice. Every free-text value is escaped by vg_escape, here and in the JSON
 * formatter (report_json.c), so a value reads the same in both and none can
 * end its field, start another or start a new line. */
#include "report.h"

#include <stdio.h>

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
	}
}

void vg_rec_text(const struct vg_rec *r, char *buf, size_t len)
{
	const struct vg_dev *d = r->dev;
	/* g: a group number or a module name (64 bytes, escaped) */
	char g[sizeof(r->mod->name) * 4 + 1], a[VG_LINE_MAX], b[VG_LINE_MAX];

	switch (r->kind) {
	case VG_REC_CLAIM:
		vg_escape(d->driver[0] ? d->driver : "-", a, sizeof(a), true);
		vg_escape(r->target ? r->target : "vfio_pci", b, sizeof(b), true);
		snprintf(buf, len, "claim %s %04x:%04x group=%s was=%s by=%s target=%s", d->name,
			 (unsigned)d->vendor, (unsigned)d->device,
			 group_str(g, sizeof(g), r->group), a, vg_by_name(r->by), b);
		break;
	case VG_REC_SKIP:
		snprintf(buf, len, "skip %s %04x:%04x group=%s reason=%s", d->name,
			 (unsigned)d->vendor, (unsigned)d->device,
			 group_str(g, sizeof(g), r->group), vg_reason_name(r->reason));
		break;
	case VG_REC_REFUSE:
		snprintf(buf, len, "refuse group=%s reason=%s dev=%s class=%04x",
			 group_str(g, sizeof(g), r->group), vg_reason_name(r->reason), d->name,
			 (unsigned)(d->class >> 8) & 0xffff);
		break;
	case VG_REC_BAD:
		vg_escape(r->bad->key, a, sizeof(a), true);
		vg_escape(r->bad->token, b, sizeof(b), false);
		snprintf(buf, len, "bad %s token='%s%s'", a, b, r->bad->truncated ? "..." : "");
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
	}
}

struct vg_rec vg_rec_of_line(const struct vg_pci *pci, const struct vg_line *l)
{
	struct vg_rec r = {
	    .dev = &pci->devs[l->dev], .group = l->group, .by = l->by, .reason = l->reason};

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

void vg_describe_refusal(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len)
{
	const struct vg_dev *d = &pci->devs[l->dev];
	const char *why;

	switch (l->reason) {
	case VG_REASON_PROTECTED:
		why = vg_class_base(d->class) == VG_CLASS_STORAGE
			  ? "is a storage controller not named by vfio-gpu.addrs or an exact "
			    "vfio-gpu.ids entry"
			  : "is a network device not named by vfio-gpu.addrs or an exact "
			    "vfio-gpu.ids entry";
		break;
	case VG_REASON_BOOT_VGA:
		why = "is the boot VGA device, selected only by vfio-gpu.ids (name it in "
		      "vfio-gpu.addrs or add vfio-gpu.boot_vga=1)";
		break;
	case VG_REASON_UNREADABLE:
		why = "has attributes that cannot be read, so it cannot be checked";
		break;
	case VG_REASON_NO_GROUP:
		why = "has no IOMMU group";
		break;
	default:
		why = "is not safe to take";
		break;
	}
	if (l->group == VG_NO_GROUP)
		snprintf(buf, len, "refusing %s (class %04x): it %s", d->name,
			 (unsigned)(d->class >> 8), why);
	else
		snprintf(buf, len,
			 "refusing IOMMU group %d: %s (class %04x) %s; nothing in the group was "
			 "touched",
			 l->group, d->name, (unsigned)(d->class >> 8), why);
}
