/* report.c - formatting only; where a line goes is the caller's choice. */
#include "report.h"

#include <stdio.h>

#include "pciclass.h"

void vg_format_line(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len)
{
	const struct vg_dev *d = &pci->devs[l->dev];
	char group[16];

	if (l->group == VG_NO_GROUP)
		snprintf(group, sizeof(group), "none");
	else
		snprintf(group, sizeof(group), "%d", l->group);
	switch (l->kind) {
	case VG_LINE_CLAIM:
		snprintf(buf, len, "claim %s %04x:%04x group=%s was=%s by=%s", d->name,
			 (unsigned)d->vendor, (unsigned)d->device, group,
			 d->driver[0] ? d->driver : "-", vg_by_name(l->by));
		break;
	case VG_LINE_SKIP:
		snprintf(buf, len, "skip %s %04x:%04x group=%s reason=%s", d->name,
			 (unsigned)d->vendor, (unsigned)d->device, group,
			 vg_reason_name(l->reason));
		break;
	case VG_LINE_REFUSE:
		snprintf(buf, len, "refuse group=%s reason=%s dev=%s class=%04x", group,
			 vg_reason_name(l->reason), d->name, (unsigned)(d->class >> 8));
		break;
	}
}

void vg_format_bad(const struct vg_bad *b, char *buf, size_t len)
{
	char q[VG_ITEM_MAX * 4 + 1], k[sizeof(b->key) * 4 + 1];

	/* The key comes from the command line too: a quoted key may hold a
	 * newline, which must not start a forged plan line. */
	vg_quote_token(b->key, k, sizeof(k));
	vg_quote_token(b->token, q, sizeof(q));
	snprintf(buf, len, "bad %s token='%s%s'", k, q, b->truncated ? "..." : "");
}

void vg_format_load(const struct vg_module *m, char *buf, size_t len)
{
	snprintf(buf, len, "load %s path=%s args='%s'", m->name, m->path, m->args);
}

void vg_format_no_iommu(const char *option, char *buf, size_t len)
{
	snprintf(buf, len, "error reason=no-iommu option=%s", option);
}

void vg_describe_refusal(const struct vg_pci *pci, const struct vg_line *l, char *buf,
			 size_t len)
{
	const struct vg_dev *d = &pci->devs[l->dev];
	const char *why;

	switch (l->reason) {
	case VG_REASON_PROTECTED:
		why = vg_class_base(d->class) == VG_CLASS_STORAGE
			      ? "is a storage controller not named in vfio-gpu.ids or vfio-gpu.addrs"
			      : "is a network device not named in vfio-gpu.ids or vfio-gpu.addrs";
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
