/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report_boot.c - the boot report (SPEC "Boot report"). Decisions are the
 * records of vfio-gpu plan --json (vg_rec_json, one formatter for both);
 * every other value is a number, a boolean or a string through vg_json_str.
 * Built in memory, then written through ROOT/run/vfio-gpu/.boot.json.tmp
 * and renamed over boot.json: a reader sees the old report or the new one,
 * never half of one. */
#include "report_boot.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rootfs.h"
#include "sysfs.h"

static bool jb_room(struct vg_jbuf *b, size_t n)
{
	char *p;
	size_t cap;

	if (b->oom)
		return false;
	if (b->len + n + 1 <= b->cap)
		return true;
	cap = b->cap ? b->cap : 1024;
	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

static void jb_add(struct vg_jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void jb_add(struct vg_jbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !jb_room(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* A JSON string (null for NULL): at most 6 bytes per input byte. */
static void jb_str(struct vg_jbuf *b, const char *s)
{
	size_t n;

	if (!s) {
		jb_add(b, "null");
		return;
	}
	n = strlen(s) * 6 + 3;
	if (jb_room(b, n))
		b->len += vg_json_str(s, b->p + b->len, n + 1);
}

/* The separator before the next element of a list kept in b. */
static void jb_next(struct vg_jbuf *b)
{
	if (b->len)
		jb_add(b, ",");
}

void vg_boot_rec(struct vg_boot_report *b, const struct vg_rec *rec)
{
	if (!b->scratch && !(b->scratch = malloc(VG_JSON_MAX))) {
		b->decisions.oom = true;
		return;
	}
	vg_rec_json(rec, b->scratch, VG_JSON_MAX);
	jb_next(&b->decisions);
	jb_add(&b->decisions, "%s", b->scratch);
}

void vg_boot_module(void *ctx, const struct vg_module *m, const char *how, unsigned long long us,
		    int err)
{
	struct vg_jbuf *j = &((struct vg_boot_report *)ctx)->modules;

	/* Its path and arguments are in its load record (decisions). */
	jb_next(j);
	jb_add(j, "{\"module\":");
	jb_str(j, m->name);
	jb_add(j, ",\"how\":\"%s\",\"us\":%llu,\"error\":", how, us);
	jb_str(j, err < 0 ? strerror(-err) : NULL);
	jb_add(j, "}");
}

void vg_boot_function(struct vg_boot_report *b, const struct vg_dev *d, int group, const char *by,
		      const char *driver, bool bound)
{
	struct vg_jbuf *j = &b->functions;

	jb_next(j);
	jb_add(j, "{\"address\":\"%s\",\"id\":\"%04x:%04x\",\"group\":%d,\"by\":\"%s\",\"driver\":",
	       d->name, (unsigned)d->vendor, (unsigned)d->device, group, by);
	jb_str(j, driver[0] ? driver : NULL);
	jb_add(j, ",\"claimed\":%s}", bound ? "true" : "false");
}

static void id_field(struct vg_jbuf *j, uint32_t v, const char *sep)
{
	if (v == VG_ANY)
		jb_add(j, "*%s", sep);
	else
		jb_add(j, "%04x%s", (unsigned)v, sep);
}

/* Where each list entry came from (SPEC "The same tokens from a file in
 * the image"): "file" (its path is "file") or "cmdline", entry by entry. */
static void sources(struct vg_jbuf *j, const struct vg_config *cfg)
{
	const uint64_t masks[] = {cfg->file_ids, cfg->file_addrs, cfg->file_groups};
	const unsigned counts[] = {cfg->n_ids, cfg->n_addrs, cfg->n_groups};
	static const char *const lists[] = {"ids", "addrs", "groups"};
	unsigned l, i;

	jb_add(j, "\"file\":");
	if (cfg->from_file)
		jb_str(j, cfg->conf_name);
	else
		jb_add(j, "null");
	jb_add(j, ",\"sources\":{");
	for (l = 0; l < 3; l++) {
		jb_add(j, "%s\"%s\":[", l ? "," : "", lists[l]);
		for (i = 0; i < counts[l]; i++)
			jb_add(j, "%s\"%s\"", i ? "," : "",
			       masks[l] & (UINT64_C(1) << i) ? "file" : "cmdline");
		jb_add(j, "]");
	}
	jb_add(j, "}");
}

/* The vfio-gpu.* parameters as parsed, and the vfio modules' options as
 * given on the command line (the modules' full args are in "modules"). */
static void params(struct vg_jbuf *j, const struct vg_config *cfg)
{
	char a[VG_ADDR_STR], pin[VG_PIN_STR], *kv;
	unsigned i, n = 0;
	size_t len;

	jb_add(j, "\"params\":{\"ids\":[");
	for (i = 0; i < cfg->n_ids; i++) {
		const struct vg_id *id = &cfg->ids[i];
		bool sub = id->subvendor != VG_ANY || id->subdevice != VG_ANY;

		jb_add(j, "%s\"", i ? "," : "");
		id_field(j, id->vendor, ":");
		id_field(j, id->device, sub ? ":" : "\"");
		if (sub) {
			id_field(j, id->subvendor, ":");
			id_field(j, id->subdevice, "\"");
		}
	}
	jb_add(j, "],\"addrs\":[");
	for (i = 0; i < cfg->n_addrs; i++) {
		vg_addr_format(&cfg->addrs[i], a, sizeof(a));
		vg_pin_format(&cfg->pins[i], pin, sizeof(pin));
		/* As the command line writes it: ADDR@PIN when pinned. */
		jb_add(j, "%s\"%s%s%s\"", i ? "," : "", a, vg_pin_set(&cfg->pins[i]) ? "@" : "",
		       vg_pin_set(&cfg->pins[i]) ? pin : "");
	}
	jb_add(j, "],\"groups\":[");
	for (i = 0; i < cfg->n_groups; i++)
		jb_add(j, "%s%u", i ? "," : "", (unsigned)cfg->groups[i]);
	jb_add(j,
	       "],\"boot_vga\":%s,\"variants\":%s,\"debug\":%s,\"off\":%s,"
	       "\"module_options\":[",
	       cfg->boot_vga ? "true" : "false", cfg->no_variants ? "false" : "true",
	       cfg->debug ? "true" : "false", cfg->off ? "true" : "false");
	for (i = 0; i < cfg->n_args; i++) {
		const struct vg_arg *arg = &cfg->args[i];

		/* vfio_pci.X, vfio-iommu-type1.X, ...; vfio-gpu.* are ours. */
		if (!vg_is_module_option(arg->key))
			continue;
		len = strlen(arg->key) + (arg->val ? strlen(arg->val) : 0) + 2;
		kv = malloc(len);
		if (!kv) {
			j->oom = true;
			break;
		}
		snprintf(kv, len, "%s%s%s", arg->key, arg->val ? "=" : "",
			 arg->val ? arg->val : "");
		jb_add(j, "%s", n++ ? "," : "");
		jb_str(j, kv);
		free(kv);
	}
	jb_add(j, "],");
	sources(j, cfg);
	jb_add(j, "}");
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t k = write(fd, p, len);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k < 0 ? -errno : -EIO;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* mkdir DIR 0755 unless it is there (SPEC --root: no write leads out of
 * the root, lib/rootfs.c). */
static int make_dir(const char *root, const char *dir)
{
	char path[VG_PATH_MAX];
	int r = vg_path(path, sizeof(path), root, "%s", dir);

	return r < 0 ? r : vg_mkdir(path, 0755);
}

int vg_boot_write(const char *root, const struct vg_config *cfg, struct vg_boot_report *b,
		  const struct vg_boot_summary *s)
{
	struct vg_jbuf j = {0};
	char tmp[VG_PATH_MAX], path[VG_PATH_MAX];
	int fd, r;

	jb_add(&j, "{\"version\":1,");
	params(&j, cfg);
	jb_add(&j, ",\n\"decisions\":[%s],\n\"modules\":[%s],\n\"functions\":[%s],\n",
	       b->decisions.p ? b->decisions.p : "", b->modules.p ? b->modules.p : "",
	       b->functions.p ? b->functions.p : "");
	jb_add(&j,
	       "\"phases_us\":{\"parse\":%llu,\"scan\":%llu,\"modules\":%llu,\"bind\":%llu,"
	       "\"total\":%llu},\n\"summary\":{\"claimed\":%u,\"groups\":%u,\"refused\":%u,"
	       "\"failed\":%u,\"line\":",
	       s->parse, s->scan, s->modules, s->bind, s->total, s->claimed, s->groups, s->refused,
	       s->failed);
	jb_str(&j, s->line);
	jb_add(&j, "}}\n");
	r = j.oom || b->decisions.oom || b->modules.oom || b->functions.oom ? -ENOMEM : 0;
	if (r == 0)
		r = make_dir(root, "/run");
	if (r == 0)
		r = make_dir(root, "/run/vfio-gpu");
	if (r == 0)
		r = vg_path(tmp, sizeof(tmp), root, "/run/vfio-gpu/.boot.json.tmp");
	if (r == 0)
		r = vg_path(path, sizeof(path), root, VG_BOOT_REPORT);
	if (r == 0) {
		fd = vg_open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644, false);
		r = fd < 0 ? fd : write_all(fd, j.p, j.len);
		if (fd >= 0 && close(fd) < 0 && r == 0)
			r = -errno;
		if (r == 0)
			r = vg_rename(tmp, path);
		if (r < 0 && fd >= 0)
			vg_unlink(tmp);
	}
	free(j.p);
	return r;
}

void vg_boot_free(struct vg_boot_report *b)
{
	free(b->decisions.p);
	free(b->modules.p);
	free(b->functions.p);
	free(b->scratch);
	memset(b, 0, sizeof(*b));
}
