/* iommu.h - which kernel option turns the IOMMU on for this CPU. */
#ifndef VG_IOMMU_H
#define VG_IOMMU_H

/* "intel_iommu=on", "amd_iommu=on", or both named when the vendor is unknown
 * (root/proc/cpuinfo vendor_id). */
const char *vg_iommu_option(const char *root);

#endif
