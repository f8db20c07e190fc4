/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mkroot-fast.c - tests/fixtures/mkroot in C, for the benchmark trees.
 *
 * The shell mkroot forks a dozen processes per function and looks up every
 * parent with awk over the whole description (quadratic): 18 s for 1 024
 * functions, many minutes for 32 768. This program builds the identical tree
 * (same files, contents, modes and relative symlink targets) from the same
 * description; tests/faults/generators.bats diffs the two on a small
 * description so that the layouts cannot drift apart.
 *
 * usage: mkroot-fast DESC DIR
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIELD 128

struct fn {
	char addr[FIELD], ids[FIELD], subids[FIELD], class[FIELD], group[FIELD], driver[FIELD];
	char parent[FIELD], boot_vga[FIELD], header[FIELD], mf[FIELD];
	char *dir; /* relative to sys/devices, filled on demand */
};

static struct fn *fns;
static size_t n_fns;
static const char *root;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("mkroot-fast: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		die("out of memory");
	return s;
}

/* mkdir -p */
static void mkdirs(const char *path)
{
	char *p = xasprintf("%s", path), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			die("mkdir %s: %s", p, strerror(errno));
		*s = '/';
	}
	if (mkdir(p, 0777) < 0 && errno != EEXIST)
		die("mkdir %s: %s", p, strerror(errno));
	free(p);
}

static void put(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len || close(fd) < 0)
		die("%s: %s", path, strerror(errno));
}

static void put_str(const char *dir, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put_str(const char *dir, const char *name, const char *fmt, ...)
{
	char buf[256], path[4096];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	put(path, buf, (size_t)n);
}

static void link_to(const char *target, const char *path)
{
	if (symlink(target, path) < 0)
		die("ln -s %s %s: %s", target, path, strerror(errno));
}

/* Linear search by address is too slow at 32 768 functions: sort a copy of
 * the indexes by address once and bisect. */
static size_t *by_addr;

static int addr_cmp(const void *a, const void *b)
{
	return strcmp(fns[*(const size_t *)a].addr, fns[*(const size_t *)b].addr);
}

static struct fn *find(const char *addr)
{
	size_t lo = 0, hi = n_fns;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(fns[by_addr[mid]].addr, addr);

		if (c == 0)
			return &fns[by_addr[mid]]; /* duplicates fail at ln -s in both */
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* dir_of in mkroot: the parent's directory, or pciDOMAIN:00 at the top. */
static char *dir_of(const char *addr, unsigned depth)
{
	struct fn *f = find(addr);

	if (depth > 64)
		die("%s: parent chain too deep (a cycle?)", addr);
	if (f && f->dir)
		return f->dir;
	if (f && f->parent[0]) {
		char *d = xasprintf("%s/%s", dir_of(f->parent, depth + 1), addr);

		f->dir = d;
		return d;
	} else {
		size_t dl = strcspn(addr, ":");
		char *d = xasprintf("pci%.*s:00/%s", (int)dl, addr, addr);

		if (f)
			f->dir = d;
		return d;
	}
}

static void read_desc(const char *path)
{
	FILE *in = fopen(path, "r");
	char line[4096];
	size_t cap = 0;

	if (!in)
		die("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), in)) {
		char *save = NULL, *tok[6], *kv;
		struct fn *f;
		int i;

		tok[0] = strtok_r(line, " \t\n", &save);
		if (!tok[0] || tok[0][0] == '#')
			continue;
		for (i = 1; i < 6; i++)
			if (!(tok[i] = strtok_r(NULL, " \t\n", &save)))
				die("%s: too few fields", tok[0]);
		if (n_fns == cap) {
			cap = cap ? cap * 2 : 1024;
			fns = realloc(fns, cap * sizeof(*fns));
			if (!fns)
				die("out of memory");
		}
		f = &fns[n_fns++];
		memset(f, 0, sizeof(*f));
		snprintf(f->addr, FIELD, "%s", tok[0]);
		snprintf(f->ids, FIELD, "%s", tok[1]);
		snprintf(f->subids, FIELD, "%s", tok[2]);
		snprintf(f->class, FIELD, "%s", tok[3]);
		snprintf(f->group, FIELD, "%s", tok[4]);
		snprintf(f->driver, FIELD, "%s", tok[5]);
		while ((kv = strtok_r(NULL, " \t\n", &save))) {
			if (strncmp(kv, "boot_vga=", 9) == 0)
				snprintf(f->boot_vga, FIELD, "%s", kv + 9);
			else if (strncmp(kv, "header=", 7) == 0)
				snprintf(f->header, FIELD, "%s", kv + 7);
			else if (strncmp(kv, "mf=", 3) == 0)
				snprintf(f->mf, FIELD, "%s", kv + 3);
			else if (strncmp(kv, "parent=", 7) == 0)
				snprintf(f->parent, FIELD, "%s", kv + 7);
			else
				die("%s: unknown key %s", f->addr, kv);
		}
	}
	fclose(in);
}

static void split_pair(const char *s, char *a, char *b)
{
	const char *colon = strchr(s, ':');

	if (colon) {
		snprintf(a, FIELD, "%.*s", (int)(colon - s), s);
		snprintf(b, FIELD, "%s", colon + 1);
	} else {
		snprintf(a, FIELD, "%s", s);
		snprintf(b, FIELD, "%s", s);
	}
}

static void make_fn(struct fn *f)
{
	char ven[FIELD], did[FIELD], sv[FIELD], sd[FIELD], up[512] = "";
	unsigned char cfg[64] = {0};
	unsigned long v, d, c;
	int header, i;
	char *rel = xasprintf("devices/%s", dir_of(f->addr, 0));
	char *dev = xasprintf("%s/sys/%s", root, rel), *p;
	const char *s;

	mkdirs(dev);
	for (s = rel; *s; s++)
		if (*s == '/')
			strcat(up, "../");
	strcat(up, "../");
	split_pair(f->ids, ven, did);
	split_pair(f->subids, sv, sd);
	if (f->header[0])
		header = atoi(f->header);
	else if (strncmp(f->class, "0604", 4) == 0)
		header = 1;
	else if (strncmp(f->class, "0607", 4) == 0)
		header = 2;
	else
		header = 0;

	put_str(dev, "vendor", "0x%s\n", ven);
	put_str(dev, "device", "0x%s\n", did);
	put_str(dev, "subsystem_vendor", "0x%s\n", sv);
	put_str(dev, "subsystem_device", "0x%s\n", sd);
	put_str(dev, "class", "0x%s\n", f->class);
	v = strtoul(ven, NULL, 16);
	d = strtoul(did, NULL, 16);
	c = strtoul(f->class, NULL, 16);
	/* As the kernel's dev_uevent + pci_uevent print it (NOTES-FIELD.md). */
	put_str(dev, "uevent",
		"%s%s%sPCI_CLASS=%04lX\nPCI_ID=%04lX:%04lX\nPCI_SUBSYS_ID=%04lX:%04lX\n"
		"PCI_SLOT_NAME=%s\nMODALIAS=pci:v%08lXd%08lXsv%08lXsd%08lXbc%02lXsc%02lXi%02lX\n",
		strcmp(f->driver, "-") != 0 ? "DRIVER=" : "",
		strcmp(f->driver, "-") != 0 ? f->driver : "",
		strcmp(f->driver, "-") != 0 ? "\n" : "", c, v, d, strtoul(sv, NULL, 16),
		strtoul(sd, NULL, 16), f->addr, v, d, strtoul(sv, NULL, 16), strtoul(sd, NULL, 16),
		c >> 16, (c >> 8) & 255, c & 255);
	put_str(dev, "revision", "0x00\n");
	put_str(dev, "driver_override", "(null)\n");
	put_str(dev, "enable", "1\n");
	if (strncmp(f->class, "0300", 4) == 0)
		put_str(dev, "boot_vga", "%s\n", f->boot_vga[0] ? f->boot_vga : "0");

	i = header + 128 * (f->mf[0] ? atoi(f->mf) : 0);
	cfg[0] = v & 255;
	cfg[1] = (v >> 8) & 255;
	cfg[2] = d & 255;
	cfg[3] = (d >> 8) & 255;
	cfg[6] = 0x10; /* status: capability list, as mkroot writes it */
	cfg[9] = c & 255;
	cfg[10] = (c >> 8) & 255;
	cfg[11] = (c >> 16) & 255;
	cfg[14] = (unsigned char)i;
	p = xasprintf("%s/config", dev);
	put(p, cfg, sizeof(cfg));
	free(p);

	p = xasprintf("%s/sys/bus/pci/devices/%s", root, f->addr);
	link_to(xasprintf("../../../%s", rel), p);
	free(p);
	if (strcmp(f->group, "-") != 0) {
		char *gdir = xasprintf("%s/sys/kernel/iommu_groups/%s/devices", root, f->group);

		mkdirs(gdir);
		p = xasprintf("%s/iommu_group", dev);
		link_to(xasprintf("%skernel/iommu_groups/%s", up, f->group), p);
		free(p);
		p = xasprintf("%s/%s", gdir, f->addr);
		link_to(xasprintf("../../../../%s", rel), p);
		free(p);
		free(gdir);
	}
	if (strcmp(f->driver, "-") != 0) {
		char *ddir = xasprintf("%s/sys/bus/pci/drivers/%s", root, f->driver);
		struct stat st;

		if (stat(ddir, &st) < 0 || !S_ISDIR(st.st_mode)) {
			mkdirs(ddir);
			put_str(ddir, "bind", "%s", "");
			put_str(ddir, "unbind", "%s", "");
			put_str(ddir, "new_id", "%s", "");
		}
		p = xasprintf("%s/driver", dev);
		link_to(xasprintf("%sbus/pci/drivers/%s", up, f->driver), p);
		free(p);
		p = xasprintf("%s/%s", ddir, f->addr);
		link_to(xasprintf("../../../../%s", rel), p);
		free(p);
		free(ddir);
	}
	free(rel);
	free(dev);
}

int main(int argc, char **argv)
{
	static const char *const dirs[] = {"sys/bus/pci/devices", "sys/bus/pci/drivers",
					   "sys/kernel/iommu_groups", "sys/devices", "proc"};
	char *p;
	size_t i;

	if (argc != 3) {
		fputs("usage: mkroot-fast DESC DIR\n", stderr);
		return 2;
	}
	root = argv[2];
	read_desc(argv[1]);
	by_addr = malloc((n_fns ? n_fns : 1) * sizeof(*by_addr));
	if (!by_addr)
		die("out of memory");
	for (i = 0; i < n_fns; i++)
		by_addr[i] = i;
	qsort(by_addr, n_fns, sizeof(*by_addr), addr_cmp);
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		p = xasprintf("%s/%s", root, dirs[i]);
		mkdirs(p);
		free(p);
	}
	p = xasprintf("%s/sys/bus/pci/drivers_probe", root);
	put(p, "", 0);
	free(p);
	for (i = 0; i < n_fns; i++)
		make_fn(&fns[i]);
	return 0;
}
