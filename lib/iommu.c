/* SPDX-License-Identifier: GPL-2.0-or-later */
/* iommu.c - what turns the IOMMU on depends on the CPU vendor: Intel's is off
 * unless intel_iommu=on (the default of most distribution kernels); AMD-Vi
 * is enabled by the kernel whenever the firmware exposes it, and mainline's
 * parse_amd_iommu_options knows no "on" value, so the fix there is the
 * firmware setup (or an amd_iommu=off/iommu=off to remove). */
#include "iommu.h"

#include <string.h>

#include "sysfs.h"

enum vg_cpu_vendor vg_cpu_vendor(const char *root)
{
	char path[VG_PATH_MAX], buf[2048];

	if (vg_path(path, sizeof(path), root, "/proc/cpuinfo") == 0 &&
	    vg_read_file(path, buf, sizeof(buf)) > 0) {
		if (strstr(buf, "GenuineIntel"))
			return VG_CPU_INTEL;
		if (strstr(buf, "AuthenticAMD") || strstr(buf, "HygonGenuine"))
			return VG_CPU_AMD;
	}
	return VG_CPU_UNKNOWN;
}

const char *vg_iommu_option(const char *root)
{
	static const char *const opt[] = {"intel_iommu=on", "firmware", "intel_iommu=on|firmware"};

	return opt[vg_cpu_vendor(root)];
}

const char *vg_iommu_fix(const char *root)
{
	static const char *const fix[] = {
	    "add intel_iommu=on to the kernel command line",
	    "enable the IOMMU (AMD-Vi) in the firmware setup; check there is no "
	    "amd_iommu=off or iommu=off on the kernel command line",
	    "add intel_iommu=on to the kernel command line (Intel), or enable the IOMMU "
	    "(AMD-Vi) in the firmware setup (AMD)"};

	return fix[vg_cpu_vendor(root)];
}
