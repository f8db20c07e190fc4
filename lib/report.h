/* report.h - the plan lines of SPEC "Command-line interface" (claim, skip,
 * refuse, bad, load, and error for a machine without IOMMU), formatted in one
 * place for vfio-gpu-early --dry-run, the boot log and vfio-gpu plan. */
#ifndef VG_REPORT_H
#define VG_REPORT_H

#include <stddef.h>

#include "modload.h"
#include "params.h"
#include "pci.h"
#include "select.h"

#define VG_LINE_MAX 600

void vg_format_line(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len);
void vg_format_bad(const struct vg_bad *b, char *buf, size_t len);
void vg_format_load(const struct vg_module *m, char *buf, size_t len);
void vg_format_no_iommu(const char *option, char *buf, size_t len);

/* Human sentence for a refusal, for the error log. */
void vg_describe_refusal(const struct vg_pci *pci, const struct vg_line *l, char *buf,
			 size_t len);

#endif
