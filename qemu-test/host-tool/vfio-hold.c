/* SPDX-License-Identifier: GPL-2.0-or-later */
/* vfio-hold GROUP ADDR - what a VM does to a function, no more: open the vfio
 * container and group GROUP, attach an IOMMU, take ADDR's device fd and keep
 * it until killed. While it does, the kernel blocks whoever writes ADDR's
 * driver/unbind (vfio's release-request loop): the host-tool boot test's
 * unbind that must not hang vfio-gpu. Static, for the busybox guest. */
#include <fcntl.h>
#include <linux/vfio.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[64];
	int container, group, device;

	if (argc != 3) {
		fprintf(stderr, "usage: vfio-hold GROUP ADDR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%s", argv[1]);
	container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	group = open(path, O_RDWR | O_CLOEXEC);
	if (container < 0 || group < 0) {
		perror("vfio-hold: open");
		return 1;
	}
	if (ioctl(group, VFIO_GROUP_SET_CONTAINER, &container) < 0 ||
	    ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU) < 0) {
		perror("vfio-hold: container");
		return 1;
	}
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, argv[2]);
	if (device < 0) {
		perror("vfio-hold: VFIO_GROUP_GET_DEVICE_FD");
		return 1;
	}
	printf("vfio-hold: holding %s of group %s\n", argv[2], argv[1]);
	fflush(stdout);
	for (;;)
		pause();
}
