/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iommu.h - what turns the IOMMU on for this CPU (root/proc/cpuinfo). */
#ifndef VG_IOMMU_H
#define VG_IOMMU_H

enum vg_cpu_vendor { VG_CPU_INTEL, VG_CPU_AMD, VG_CPU_UNKNOWN };

/* vendor_id of root/proc/cpuinfo (Hygon counts as AMD). */
enum vg_cpu_vendor vg_cpu_vendor(const char *root);

/* The plan's option= field: "intel_iommu=on" on Intel, "firmware" on AMD
 * (no kernel option turns AMD-Vi on: mainline has no amd_iommu=on), both
 * joined by '|' when the vendor is unknown. */
const char *vg_iommu_option(const char *root);

/* The same as advice, a clause that follows "the IOMMU is off; ". */
const char *vg_iommu_fix(const char *root);

#endif
