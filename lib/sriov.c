/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriov.c - vfio-gpu.vfs and vfio-gpu.reset at boot, through the sysfs
 * helpers of lib/sysfs.c (bounded reads, one-write stores under --root). */
#include "sriov.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "compat.h"
#include "log.h"
#include "sysfs.h"

#define WAIT_STEP_MS 10

/* PCI function dev's attribute attr (dev as "0000:03:00.0"). */
static int attr_path(char *buf, size_t len, const char *root, const char *dev, const char *attr)
{
	return vg_path(buf, len, root, "/sys/bus/pci/devices/%s/%s", dev, attr);
}

int vg_sriov_read_uint(const char *root, const char *dev, const char *attr, unsigned *out)
{
	char path[VG_PATH_MAX], buf[32], *end;
	unsigned long v;
	ssize_t n;
	int r = attr_path(path, sizeof(path), root, dev, attr);

	if (r < 0)
		return r;
	n = vg_read_attr(path, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (end == buf || (*end != '\0' && *end != '\n') || errno || v > 0xffffffffUL)
		return -EINVAL;
	*out = (unsigned)v;
	return 0;
}

static int write_attr(const char *root, const char *dev, const char *attr, const char *val)
{
	char path[VG_PATH_MAX];
	int r = attr_path(path, sizeof(path), root, dev, attr);

	return r < 0 ? r : vg_write(path, val);
}

static void vfs_error(const struct vg_sriov_out *out, const struct vg_vfs *e, const char *why)
{
	struct vg_rec rec = {.kind = VG_REC_ERROR, .error = VG_ERROR_VFS, .at = e->pf, .why = why};

	out->error(out->ctx, &rec, "no VFs made for it; the boot goes on");
}

static unsigned wait_ms(void)
{
	const char *env = getenv("VFIO_GPU_VFS_WAIT_MS");
	char *end;
	unsigned long v;

	if (!env || !*env)
		return VG_VFS_WAIT_MS;
	v = strtoul(env, &end, 10);
	return *end == '\0' && v <= 60000 ? (unsigned)v : VG_VFS_WAIT_MS;
}

/* Does the PF show its VF index's virtfnI link yet? */
static bool vf_present(const char *root, const char *pf, unsigned i)
{
	char path[VG_PATH_MAX], name[24];
	struct stat st;

	snprintf(name, sizeof(name), "virtfn%u", i);
	return attr_path(path, sizeof(path), root, pf, name) == 0 && lstat(path, &st) == 0;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Wait for virtfn0..count-1; returns how many are missing at the end (the
 * missing ones' addresses in missing, comma separated, as many as fit). */
static unsigned wait_vfs(const char *root, const char *pf, const struct vg_vfs *e, unsigned offset,
			 unsigned stride, char *missing, size_t len, unsigned long long *waited_us)
{
	unsigned long long t0 = vg_now_us(), limit = (unsigned long long)wait_ms() * 1000;
	unsigned i, n_missing;

	for (;;) {
		n_missing = 0;
		for (i = 0; i < e->count; i++)
			n_missing += !vf_present(root, pf, i);
		*waited_us = vg_now_us() - t0;
		if (n_missing == 0 || *waited_us >= limit)
			break;
		sleep_ms(WAIT_STEP_MS);
	}
	missing[0] = '\0';
	for (i = 0; i < e->count && n_missing; i++) {
		struct vg_addr vf;
		char a[VG_ADDR_STR];
		size_t used = strlen(missing);

		if (vf_present(root, pf, i))
			continue;
		if (vg_vf_addr(&e->pf, offset, stride, i, &vf) < 0)
			snprintf(a, sizeof(a), "virtfn%u", i);
		else
			vg_addr_format(&vf, a, sizeof(a));
		if (used + strlen(a) + 5 >= len) {
			snprintf(missing + used, len - used, "%s...", used ? "," : "");
			break;
		}
		snprintf(missing + used, len - used, "%s%s", used ? "," : "", a);
	}
	return n_missing;
}

/* The VFs made, at the addresses their virtfnI links name (the kernel may
 * move the offset with the count; the link is the truth). */
static void made_lines(const char *root, const char *pf, const struct vg_vfs *e, unsigned offset,
		       unsigned stride, const struct vg_sriov_out *out)
{
	char path[VG_PATH_MAX], name[VG_ADDR_STR + 8], link[24];
	unsigned i;

	for (i = 0; i < e->count; i++) {
		struct vg_rec vf = {.kind = VG_REC_VF, .pf = e->pf, .index = i};

		snprintf(link, sizeof(link), "virtfn%u", i);
		if (attr_path(path, sizeof(path), root, pf, link) < 0 ||
		    vg_read_link_name(path, name, sizeof(name)) < 0 ||
		    vg_parse_addr(name, &vf.at) < 0)
			vg_vf_addr(&e->pf, offset, stride, i, &vf.at);
		out->line(out->ctx, &vf);
	}
}

static void prepare_one(const char *root, const struct vg_vfs *e, bool dry,
			const struct vg_sriov_out *out)
{
	char pf[VG_ADDR_STR], why[VG_LINE_MAX / 2], missing[VG_LINE_MAX / 4];
	unsigned total, cur = 0, offset = 0, stride = 0, i;
	unsigned long long waited = 0;
	struct vg_rec rec = {.kind = VG_REC_VFS, .at = e->pf, .count = e->count};
	char n[16];
	int r;

	vg_addr_format(&e->pf, pf, sizeof(pf));
	r = vg_sriov_read_uint(root, pf, "sriov_totalvfs", &total);
	if (r < 0) {
		char path[VG_PATH_MAX];
		struct stat st;

		if (vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s", pf) == 0 &&
		    stat(path, &st) < 0)
			vfs_error(out, e, "no PCI function at this address");
		else
			vfs_error(out, e, "not SR-IOV capable (no sriov_totalvfs)");
		return;
	}
	if (e->count > total) {
		snprintf(why, sizeof(why), "count %u is above sriov_totalvfs %u", e->count, total);
		vfs_error(out, e, why);
		return;
	}
	/* Where the VFs will be: from the capability's offset and stride. */
	if (vg_sriov_read_uint(root, pf, "sriov_offset", &offset) < 0 ||
	    vg_sriov_read_uint(root, pf, "sriov_stride", &stride) < 0) {
		vfs_error(out, e, "sriov_offset or sriov_stride unreadable");
		return;
	}
	out->line(out->ctx, &rec);
	for (i = 0; i < e->count; i++) {
		struct vg_rec vf = {.kind = VG_REC_VF, .pf = e->pf, .index = i};

		if (vg_vf_addr(&e->pf, offset, stride, i, &vf.at) < 0) {
			snprintf(why, sizeof(why),
				 "VF %u would be past bus ff (offset %u stride %u)", i, offset,
				 stride);
			vfs_error(out, e, why);
			return;
		}
		/* At boot the VFs made are reported once they are there. */
		if (dry)
			out->line(out->ctx, &vf);
	}
	if (vg_sriov_read_uint(root, pf, "sriov_numvfs", &cur) < 0) {
		vfs_error(out, e, "sriov_numvfs unreadable");
		return;
	}
	if (cur != 0 && cur != e->count)
		vg_log(VG_WARNING, "vfs %s: the PF has %u VFs; %s0 first, then %u", pf, cur,
		       dry ? "would write " : "writing ", e->count);
	if (dry)
		return;
	/* Autoprobe off first: a VF must not meet a host driver before the claim. */
	r = write_attr(root, pf, "sriov_drivers_autoprobe", "0");
	if (r < 0) {
		snprintf(why, sizeof(why), "cannot write 0 to sriov_drivers_autoprobe: %s",
			 strerror(-r));
		vfs_error(out, e, why);
		return;
	}
	if (cur != e->count) {
		/* The kernel refuses to change a non-zero count but to 0 (EBUSY). */
		if (cur != 0 && (r = write_attr(root, pf, "sriov_numvfs", "0")) < 0) {
			snprintf(why, sizeof(why), "cannot write 0 to sriov_numvfs (it has %u): %s",
				 cur, strerror(-r));
			vfs_error(out, e, why);
			return;
		}
		snprintf(n, sizeof(n), "%u", e->count);
		r = write_attr(root, pf, "sriov_numvfs", n);
		if (r < 0) {
			snprintf(why, sizeof(why), "cannot write %u to sriov_numvfs: %s", e->count,
				 strerror(-r));
			vfs_error(out, e, why);
			return;
		}
	}
	if (wait_vfs(root, pf, e, offset, stride, missing, sizeof(missing), &waited)) {
		snprintf(why, sizeof(why), "VFs not there after %llu ms: %s", waited / 1000,
			 missing);
		vfs_error(out, e, why);
		return;
	}
	vg_log(VG_INFO, "vfs %s: %u VF(s) ready after %llu ms%s", pf, e->count, waited / 1000,
	       cur == e->count ? " (the count was set already)" : "");
	made_lines(root, pf, e, offset, stride, out);
}

void vg_sriov_prepare(const char *root, const struct vg_config *cfg, bool dry,
		      const struct vg_sriov_out *out)
{
	unsigned i;

	for (i = 0; i < cfg->n_vfs; i++)
		prepare_one(root, &cfg->vfs[i], dry, out);
}

bool vg_reset_listed(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p = list;

	while (*p) {
		size_t l;

		p += strspn(p, " \n");
		l = strcspn(p, " \n");
		if (l == wl && strncmp(p, word, wl) == 0)
			return true;
		p += l;
	}
	return false;
}

static void reset_one(const char *root, const struct vg_reset *e, bool dry, bool vr_pending,
		      const struct vg_sriov_out *out)
{
	struct vg_rec rec = {.kind = VG_REC_RESET, .at = e->addr, .method = e->method};
	struct vg_rec err = {.kind = VG_REC_ERROR, .error = VG_ERROR_RESET, .at = e->addr};
	char dev[VG_ADDR_STR], path[VG_PATH_MAX], have[256], why[VG_LINE_MAX / 2];
	ssize_t n;
	int r;

	vg_addr_format(&e->addr, dev, sizeof(dev));
	err.why = why;
	r = attr_path(path, sizeof(path), root, dev, "reset_method");
	n = r < 0 ? r : vg_read_attr(path, have, sizeof(have));
	if (n < 0) {
		snprintf(why, sizeof(why), "cannot read reset_method: %s", strerror((int)-n));
		out->error(out->ctx, &err, "its reset method is left as it is");
		return;
	}
	have[strcspn(have, "\n")] = '\0';
	/* What the kernel lists now: the function's methods (before a write). */
	if (!vg_reset_listed(have, e->method) &&
	    !(dry && vr_pending && strcmp(e->method, "device_specific") == 0)) {
		snprintf(why, sizeof(why), "method %s is not in reset_method (%s)", e->method,
			 have[0] ? have : "none");
		out->error(out->ctx, &err, "its reset method is left as it is");
		return;
	}
	out->line(out->ctx, &rec);
	if (dry)
		return;
	r = vg_write(path, e->method);
	if (r == 0)
		n = vg_read_attr(path, have, sizeof(have));
	if (r < 0 || n < 0) {
		snprintf(why, sizeof(why), "cannot %s reset_method: %s",
			 r < 0 ? "write" : "read back", strerror(r < 0 ? -r : (int)-n));
		out->error(out->ctx, &err, "its reset method may be unchanged");
		return;
	}
	have[strcspn(have, "\n")] = '\0';
	if (strcmp(have, e->method) != 0) {
		snprintf(why, sizeof(why), "reset_method reads back '%s', not %s", have, e->method);
		out->error(out->ctx, &err, "the kernel kept another method");
		return;
	}
	vg_log(VG_INFO, "%s: reset_method is %s", dev, have);
}

void vg_reset_apply(const char *root, const struct vg_config *cfg, bool dry,
		    bool vendor_reset_pending, const struct vg_sriov_out *out)
{
	unsigned i;

	for (i = 0; i < cfg->n_resets; i++)
		reset_one(root, &cfg->resets[i], dry, vendor_reset_pending, out);
}
