/* iommu.c - the CPU vendor decides the option: Intel's IOMMU is off unless
 * intel_iommu=on (Debian's default), AMD's needs amd_iommu=on on some setups. */
#include "iommu.h"

#include <string.h>

#include "sysfs.h"

const char *vg_iommu_option(const char *root)
{
	char path[VG_PATH_MAX], buf[2048];

	if (vg_path(path, sizeof(path), root, "/proc/cpuinfo") == 0 &&
	    vg_read_file(path, buf, sizeof(buf)) > 0) {
		if (strstr(buf, "GenuineIntel"))
			return "intel_iommu=on";
		if (strstr(buf, "AuthenticAMD") || strstr(buf, "HygonGenuine"))
			return "amd_iommu=on";
	}
	return "intel_iommu=on|amd_iommu=on";
}
