/* floor.c - the least a binder must do on a fake or real sysfs: list
 * sys/bus/pci/devices and read, per function, the files vfio-gpu-early reads
 * (vendor, device, subsystem_vendor, subsystem_device, class, the config
 * header, boot_vga, the iommu_group and driver links), by the same full
 * paths, and nothing else: no parsing, no sorting, no plan. bench/run times
 * the binder against it; the gap is the binder's own overhead.
 * Built with klcc like the binder, so that both pay the same libc.
 *
 * usage: floor ROOT   (prints the number of functions and bytes read)
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *const attrs[] = {"vendor", "device", "subsystem_vendor", "subsystem_device",
				    "class",  "config", "boot_vga"};

static long read_one(const char *path, size_t want)
{
	char buf[32];
	long got;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return 0; /* boot_vga is absent on all but VGA functions */
	got = read(fd, buf, want < sizeof(buf) ? want : sizeof(buf));
	close(fd);
	return got > 0 ? got : 0;
}

int main(int argc, char **argv)
{
	char base[1024], path[1536], link[1024];
	long bytes = 0, n = 0;
	struct dirent *de;
	unsigned i;
	DIR *dir;
	int r;

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
		for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s/%s", base, de->d_name, attrs[i]);
			/* The binder reads config up to the header type byte. */
			bytes += read_one(path, strcmp(attrs[i], "config") == 0 ? 15 : 31);
		}
		snprintf(path, sizeof(path), "%s/%s/iommu_group", base, de->d_name);
		bytes += readlink(path, link, sizeof(link)) > 0;
		snprintf(path, sizeof(path), "%s/%s/driver", base, de->d_name);
		bytes += readlink(path, link, sizeof(link)) > 0;
	}
	closedir(dir);
	printf("%ld functions, %ld bytes\n", n, bytes);
	return 0;
}
