/* modload.c - a small modprobe for exactly the vfio set. It reads what depmod
 * wrote into the image, respects built-in and already-loaded modules, takes
 * options from modprobe.d and the command line, and loads with finit_module
 * (the kernel decompresses when /sys/module/compression names the format;
 * gzip is decompressed here; a decompressed copy beside the file wins). */
#include "modload.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <dirent.h>
#include <unistd.h>
#ifndef VG_NO_GZIP
#include <zlib.h>
#endif

#include "compat.h"
#include "log.h"
#include "moddep.h"
#include "modprobe_d.h"
#include "sysfs.h"

#ifdef VG_NO_GZIP
#define VG_HAVE_GZIP 0
#else
#define VG_HAVE_GZIP 1
#endif

#define MODULES_DEP_MAX (32u << 20)
#define MODULE_MAX (256u << 20)

const char *const vg_vfio_modules[VG_N_VFIO_MODULES] = {"vfio", "vfio_iommu_type1", "vfio_pci"};

struct resolver {
	const char *root;
	const struct vg_config *cfg;
	struct vg_modset *set;
	char *dep, *builtin;
	size_t dep_len, builtin_len;
	unsigned char visiting[VG_MAX_MODULES * 2];
	char visit_names[VG_MAX_MODULES * 2][VG_MODNAME_MAX];
	unsigned n_visit;
};

/* The kernel release whose modules we use: the running one when the root has
 * its modules.dep, else the first release directory there (a root is only a
 * path prefix: an image or a test tree built for another kernel). */
static int pick_kver(const char *root, char *kver, size_t len)
{
	char path[VG_PATH_MAX];
	struct utsname u;
	struct dirent *de;
	DIR *d;

	if (uname(&u) == 0 && strlen(u.release) < len) {
		if (vg_path(path, sizeof(path), root, "/lib/modules/%s/modules.dep", u.release) ==
			    0 &&
		    access(path, F_OK) == 0) {
			memcpy(kver, u.release, strlen(u.release) + 1);
			return 0;
		}
	}
	if (vg_path(path, sizeof(path), root, "/lib/modules") < 0 || !(d = opendir(path)))
		return -ENOENT;
	kver[0] = '\0';
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && strlen(de->d_name) < len &&
		    (!kver[0] || strcmp(de->d_name, kver) < 0))
			memcpy(kver, de->d_name, strlen(de->d_name) + 1);
	closedir(d);
	return kver[0] ? 0 : -ENOENT;
}

static enum vg_mod_state sys_state(const char *root, const char *name)
{
	char path[VG_PATH_MAX], buf[16];
	ssize_t n;

	if (vg_path(path, sizeof(path), root, "/sys/module/%s/initstate", name) < 0)
		return VG_MOD_LOAD;
	n = vg_read_file(path, buf, sizeof(buf));
	if (n >= 0)
		return strcmp(buf, "live\n") == 0 || strcmp(buf, "coming\n") == 0 ? VG_MOD_LOADED
										  : VG_MOD_LOAD;
	/* A built-in module with parameters has a directory but no initstate. */
	if (vg_path(path, sizeof(path), root, "/sys/module/%s", name) == 0 &&
	    access(path, F_OK) == 0)
		return VG_MOD_BUILTIN;
	return VG_MOD_LOAD;
}

static struct vg_module *find_mod(struct vg_modset *set, const char *name)
{
	unsigned i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->mods[i].name, name) == 0)
			return &set->mods[i];
	return NULL;
}

static void module_args(struct resolver *rs, struct vg_module *m)
{
	m->args[0] = '\0';
	if (vg_modprobe_d_options(rs->root, m->name, m->args, sizeof(m->args)) < 0 ||
	    vg_config_module_args(rs->cfg, m->name, m->args, sizeof(m->args)) < 0)
		vg_log(VG_WARNING, "options for %s too long, some dropped", m->name);
}

/* The file to load: modules.dep's, or the decompressed copy beside it that
 * the initramfs hooks place when the kernel cannot decompress the format. */
static void choose_file(struct resolver *rs, struct vg_module *m)
{
	const char *ext = strstr(m->path, ".ko.");
	char path[VG_PATH_MAX];

	if (!ext || vg_path(path, sizeof(path), rs->root, "/lib/modules/%s/%.*s", rs->set->kver,
			    (int)(ext + 3 - m->path), m->path) < 0 ||
	    access(path, F_OK) != 0)
		return;
	m->path[ext + 3 - m->path] = '\0';
}

static int add_mod(struct resolver *rs, const char *name, const struct vg_span *path,
		   enum vg_mod_state state)
{
	struct vg_module *m;

	if (rs->set->n == VG_MAX_MODULES) {
		vg_log(VG_ERR, "more than %d modules in the vfio set, %s not loaded",
		       VG_MAX_MODULES, name);
		return -E2BIG;
	}
	m = &rs->set->mods[rs->set->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	if (path && path->len < sizeof(m->path))
		memcpy(m->path, path->p, path->len);
	m->state = state;
	if (state == VG_MOD_LOAD) {
		choose_file(rs, m);
		module_args(rs, m);
	}
	return 0;
}

/* Depth-first: every dependency is placed before the module that needs it.
 * Recursion is bounded by VG_MAX_MODULES; a cycle is reported and broken. */
static int visit(struct resolver *rs, const char *name, unsigned depth)
{
	struct vg_span path, deps, dep;
	enum vg_mod_state state;
	unsigned slot;

	if (find_mod(rs->set, name))
		return 0;
	for (slot = 0; slot < rs->n_visit; slot++)
		if (strcmp(rs->visit_names[slot], name) == 0)
			break;
	if (slot < rs->n_visit && rs->visiting[slot]) {
		vg_log(VG_WARNING, "modules.dep has a dependency cycle through %s", name);
		return 0;
	}
	if (depth > VG_MAX_MODULES || slot >= VG_MAX_MODULES * 2)
		return -ELOOP;

	if (vg_builtin_has(rs->builtin, rs->builtin_len, name)) {
		vg_log(VG_DEBUG, "module %s is built in", name);
		return add_mod(rs, name, NULL, VG_MOD_BUILTIN);
	}
	state = sys_state(rs->root, name);
	if (vg_moddep_find(rs->dep, rs->dep_len, name, &path, &deps) < 0) {
		if (state != VG_MOD_LOAD)
			return add_mod(rs, name, NULL, state);
		return add_mod(rs, name, NULL, VG_MOD_MISSING);
	}
	if (state != VG_MOD_LOAD) {
		vg_log(VG_DEBUG, "module %s is %s", name,
		       state == VG_MOD_LOADED ? "already loaded" : "built in");
		return add_mod(rs, name, &path, state);
	}

	if (slot == rs->n_visit) {
		snprintf(rs->visit_names[slot], VG_MODNAME_MAX, "%s", name);
		rs->n_visit++;
	}
	rs->visiting[slot] = 1;
	while (vg_moddep_next(&deps, &dep)) {
		char depname[VG_MODNAME_MAX];

		if (vg_modname(dep.p, dep.len, depname, sizeof(depname)) < 0)
			continue;
		if (visit(rs, depname, depth + 1) == -E2BIG)
			break;
	}
	rs->visiting[slot] = 0;
	return add_mod(rs, name, &path, VG_MOD_LOAD);
}

static void read_optional(const char *root, const char *kver, const char *file, char **buf,
			  size_t *len)
{
	char path[VG_PATH_MAX];
	int r = vg_path(path, sizeof(path), root, "/lib/modules/%s/%s", kver, file);

	if (r == 0)
		r = vg_read_whole(path, MODULES_DEP_MAX, buf, len);
	if (r < 0 && r != -ENOENT)
		vg_log(VG_WARNING, "cannot read %s: %s", path, strerror(-r));
}

int vg_modules_resolve(const char *root, const struct vg_config *cfg, struct vg_modset *set)
{
	struct resolver *rs;
	char path[VG_PATH_MAX];
	unsigned i;
	int r;

	memset(set, 0, sizeof(*set));
	r = pick_kver(root, set->kver, sizeof(set->kver));
	if (r < 0) {
		vg_log(VG_ERR, "no kernel modules directory under %s/lib/modules", root);
		return r;
	}
	rs = calloc(1, sizeof(*rs));
	if (!rs)
		return -ENOMEM;
	rs->root = root;
	rs->cfg = cfg;
	rs->set = set;
	r = vg_path(path, sizeof(path), root, "/lib/modules/%s/modules.dep", set->kver);
	if (r == 0)
		r = vg_read_whole(path, MODULES_DEP_MAX, &rs->dep, &rs->dep_len);
	if (r < 0) {
		vg_log(VG_ERR, "cannot read %s: %s", path, strerror(-r));
	} else {
		read_optional(root, set->kver, "modules.builtin", &rs->builtin, &rs->builtin_len);
		for (i = 0; i < VG_N_VFIO_MODULES; i++)
			visit(rs, vg_vfio_modules[i], 0);
		for (i = 0; i < set->n; i++)
			if (set->mods[i].state == VG_MOD_MISSING)
				vg_log(VG_ERR, "module %s is not in modules.dep of %s",
				       set->mods[i].name, set->kver);
	}
	free(rs->dep);
	free(rs->builtin);
	free(rs);
	return r;
}

#ifdef VG_NO_GZIP
/* The musl build (early.mk, EARLY_LIBC=musl) has no zlib: no distribution
 * ships one for musl. A .ko.gz then needs the kernel's own decompression;
 * load_one() says so, as for xz and zstd. */
int vg_gunzip(const unsigned char *in, size_t inlen, unsigned char **out, size_t *outlen,
	      size_t max)
{
	*out = NULL;
	*outlen = 0;
	return -EOPNOTSUPP;
}
#else
int vg_gunzip(const unsigned char *in, size_t inlen, unsigned char **out, size_t *outlen,
	      size_t max)
{
	z_stream zs;
	unsigned char *buf = NULL;
	size_t cap = inlen * 4 + 4096;
	int zr, r = 0;

	*out = NULL;
	*outlen = 0;
	memset(&zs, 0, sizeof(zs));
	if (inlen > 0xffffffffu || cap > max)
		cap = max;
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return -ENOMEM;
	zs.next_in = (unsigned char *)(uintptr_t)in;
	zs.avail_in = (unsigned)inlen;
	for (;;) {
		if (!buf || zs.total_out == cap) {
			unsigned char *nb;

			if (buf) {
				if (cap >= max) {
					r = -EFBIG;
					break;
				}
				cap = cap * 2 > max ? max : cap * 2;
			}
			nb = realloc(buf, cap);
			if (!nb) {
				r = -ENOMEM;
				break;
			}
			buf = nb;
		}
		zs.next_out = buf + zs.total_out;
		zs.avail_out = (unsigned)(cap - zs.total_out);
		zr = inflate(&zs, Z_NO_FLUSH);
		if (zr == Z_STREAM_END)
			break;
		if (zr != Z_OK) {
			r = -EINVAL; /* corrupt or truncated */
			break;
		}
	}
	if (r == 0) {
		*out = buf;
		*outlen = zs.total_out;
	} else {
		free(buf);
	}
	inflateEnd(&zs);
	return r;
}
#endif

static const char *compression_of(const char *path)
{
	size_t len = strlen(path);

	if (len > 6 && strcmp(path + len - 6, ".ko.gz") == 0)
		return "gzip";
	if (len > 6 && strcmp(path + len - 6, ".ko.xz") == 0)
		return "xz";
	if (len > 7 && strcmp(path + len - 7, ".ko.zst") == 0)
		return "zstd";
	return NULL;
}

/* Whether the running kernel decompresses this format itself. */
static bool kernel_decompresses(const char *root, const char *comp)
{
	char path[VG_PATH_MAX], buf[32];

	if (vg_path(path, sizeof(path), root, "/sys/module/compression") < 0 ||
	    vg_read_file(path, buf, sizeof(buf)) <= 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	return strcmp(buf, comp) == 0;
}

/* *reported: the failure was already logged (decompression, not the kernel). */
static int load_gzip(int fd, const char *file, const char *args, bool *reported)
{
	unsigned char *in = NULL, *img = NULL;
	size_t inlen = 0, imglen = 0, cap = 1 << 16;
	int r = 0;

	for (;;) {
		ssize_t got;

		if (!in || inlen == cap) {
			unsigned char *nb;

			if (in)
				cap *= 2;
			if (cap > MODULE_MAX || !(nb = realloc(in, cap))) {
				r = cap > MODULE_MAX ? -EFBIG : -ENOMEM;
				break;
			}
			in = nb;
		}
		got = read(fd, in + inlen, cap - inlen);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			r = -errno;
			break;
		}
		if (got == 0)
			break;
		inlen += (size_t)got;
	}
	if (r == 0)
		r = vg_gunzip(in, inlen, &img, &imglen, MODULE_MAX);
	free(in);
	if (r < 0) {
		vg_log(VG_ERR, "cannot decompress %s: %s", file,
		       r == -EINVAL ? "corrupt or truncated gzip data" : strerror(-r));
		*reported = true;
		return r;
	}
	if (vg_init_module(img, imglen, args) < 0)
		r = -errno;
	free(img);
	return r;
}

static int load_one(const char *root, const char *kver, const struct vg_module *m,
		    bool into_kernel)
{
	char file[VG_PATH_MAX];
	const char *comp;
	bool reported = false;
	int fd, r;

	r = vg_path(file, sizeof(file), root, "/lib/modules/%s/%s", kver, m->path);
	if (r < 0) {
		vg_log(VG_ERR, "module %s: path too long", m->name);
		return r;
	}
	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		r = -errno;
		vg_log(VG_ERR, "cannot open module %s (%s): %s", m->name, file, strerror(-r));
		return r;
	}
	comp = compression_of(file);
	if (!into_kernel) {
		close(fd);
		return 0;
	}
	if (!comp) {
		r = vg_finit_module(fd, m->args, 0) < 0 ? -errno : 0;
	} else if (kernel_decompresses(root, comp)) {
		r = vg_finit_module(fd, m->args, MODULE_INIT_COMPRESSED_FILE) < 0 ? -errno : 0;
	} else if (VG_HAVE_GZIP && strcmp(comp, "gzip") == 0) {
		r = load_gzip(fd, file, m->args, &reported);
	} else {
		close(fd);
		vg_log(VG_ERR,
		       "cannot load %s: the kernel does not decompress %s modules and the image "
		       "has no decompressed copy (reinstall vfio-gpu's initramfs hook)",
		       file, comp);
		return -EOPNOTSUPP;
	}
	close(fd);
	if (r == -EEXIST) {
		vg_log(VG_DEBUG, "module %s was already loaded", m->name);
		return 0;
	}
	if (r < 0 && !reported)
		vg_log(VG_ERR, "loading module %s (%s) failed: %s", m->name, file, strerror(-r));
	else if (r == 0)
		vg_log(VG_INFO, "loaded %s%s%s%s", m->name,
		       m->args[0] ? " with '" : "", m->args, m->args[0] ? "'" : "");
	return r;
}

int vg_modules_load(const char *root, const struct vg_modset *set, bool into_kernel)
{
	int first = 0;
	unsigned i;

	for (i = 0; i < set->n; i++) {
		int r;

		if (set->mods[i].state != VG_MOD_LOAD)
			continue;
		r = load_one(root, set->kver, &set->mods[i], into_kernel);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}
