/* SPDX-License-Identifier: GPL-2.0-or-later */
/* floor.c - the least the kernel lets a binder do on a fake or real sysfs:
 * list sys/bus/pci/devices and, per function, read its uevent file in one
 * read() (open, read, close: class, ids, subsystem ids and driver are all in
 * it) and readlink its iommu_group, by the same full paths the binder uses,
 * and nothing else: no parsing, no sorting, no plan, no boot_vga. bench/run
 * times the binder against it; the gap is the binder's own overhead.
 * Built with klcc like the binder, so that both pay the same libc.
 *
 * usage: floor ROOT   (prints the number of functions and bytes read)
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char base[1024], path[1536], buf[2048], link[1024];
	long bytes = 0, n = 0, got;
	struct dirent *de;
	DIR *dir;
	int r, fd;

	if (argc != 2) {
		fputs("usage: floor ROOT\n", stderr);
		return 2;
	}
	r = snprintf(base, sizeof(base), "%s/sys/bus/pci/devices", argv[1]);
	if (r < 0 || (size_t)r >= sizeof(base) || !(dir = opendir(base))) {
		perror(base);
		return 1;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.')
			continue;
		n++;
		snprintf(path, sizeof(path), "%s/%s/uevent", base, de->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0) {
			/* A short read is the whole attribute: one read. */
			got = read(fd, buf, sizeof(buf));
			bytes += got > 0 ? got : 0;
			close(fd);
		}
		snprintf(path, sizeof(path), "%s/%s/iommu_group", base, de->d_name);
		got = readlink(path, link, sizeof(link));
		bytes += got > 0 ? got : 0;
	}
	closedir(dir);
	printf("%ld functions, %ld bytes\n", n, bytes);
	return 0;
}
