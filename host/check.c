/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check.c - `vfio-gpu check`: the preflight before a reboot, one PASS, WARN or
 * FAIL line per item: the IOMMU and its kernel option, the vfio modules of
 * every installed kernel, the binder and the vfio modules in every initramfs
 * image, and the selection (check_boot.c has the items about what the next
 * boot will really read). Two command lines count: the next boot's (--cmdline, else the
 * boot loader's, else the running one) is judged for what the reboot will
 * do (option present, groups safe); the running boot's (/proc/cmdline) for
 * what is true now (its selected groups really on vfio-pci). */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "host.h"
#include "initramfs.h"
#include "iommu.h"
#include "json.h"
#include "kmods.h"
#include "params.h"
#include "pci.h"
#include "report.h"
#include "rootfs.h"
#include "run.h"
#include "select.h"
#include "sysfs.h"

#define BINDER "vfio-gpu-early"

static const char *const status_word[] = {"PASS", "WARN", "FAIL"};

void hv_check_item(struct check *c, enum hv_status st, const char *what, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->o->json) {
		printf("%s{\"status\":\"%s\",\"item\":",
		       c->count[0] + c->count[1] + c->count[2] ? "," : "", status_word[st]);
		hv_json_str(stdout, what);
		printf(",\"message\":");
		hv_json_str(stdout, msg);
		printf("}");
	} else {
		printf("%s %s: %s\n", status_word[st], what, msg);
	}
	c->count[st]++;
}

/* "on" among the comma-separated values of key (intel_iommu=on,igfx_off). */
static bool option_on(const struct vg_config *cfg, const char *opt)
{
	const char *eq = strchr(opt, '=');
	char key[32];
	const char *v;

	if (!eq || (size_t)(eq - opt) >= sizeof(key))
		return false;
	snprintf(key, sizeof(key), "%.*s", (int)(eq - opt), opt);
	v = vg_config_value(cfg, key);
	while (v && *v) {
		size_t n = strcspn(v, ",");

		if (n == strlen(eq + 1) && strncmp(v, eq + 1, n) == 0)
			return true;
		v += n + (v[n] == ',');
	}
	return false;
}

static void check_iommu(struct check *c, const struct vg_config *running)
{
	const char *opt = "intel_iommu=on"; /* Intel, or a vendor we cannot tell */
	bool present, configured;
	size_t ngroups = 0, i;

	for (i = 0; i < c->pci.n; i++)
		if (c->pci.devs[i].group != VG_NO_GROUP && c->pci.devs[i].group + 1 > (int)ngroups)
			ngroups = (size_t)c->pci.devs[i].group + 1;
	if (c->pci.have_groups)
		hv_check_item(c, HV_PASS, "iommu", "IOMMU on (IOMMU groups 0..%zu exist)",
			      ngroups ? ngroups - 1 : 0);
	else
		hv_check_item(c, HV_FAIL, "iommu",
			      "IOMMU off: no IOMMU groups in /sys/kernel/iommu_groups");
	/* AMD-Vi has no "on" option (mainline's parse_amd_iommu_options):
	 * the kernel enables it whenever the firmware exposes it. */
	if (vg_cpu_vendor(c->o->root) == VG_CPU_AMD) {
		if (c->pci.have_groups)
			hv_check_item(c, HV_PASS, "iommu-option",
				      "AMD CPU: the kernel enables AMD-Vi by itself, no option "
				      "needed");
		else
			hv_check_item(c, HV_FAIL, "iommu-option", "AMD CPU: %s",
				      vg_iommu_fix(c->o->root));
		return;
	}
	present = option_on(running, opt);
	configured = option_on(c->cfg, opt);
	/* --cmdline carries vfio-gpu.* parameters only: without the boot
	 * loader's line, the running one is all we know of the option. */
	if (c->next.from != HV_FROM_BOOTLOADER)
		configured = present;
	if (present && configured)
		hv_check_item(c, HV_PASS, "iommu-option", "%s is on the kernel command line", opt);
	else if (configured)
		hv_check_item(
		    c, HV_PASS, "iommu-option",
		    "%s is in the boot loader configuration (from the next boot on; not on this "
		    "boot's command line)",
		    opt);
	else if (present)
		hv_check_item(
		    c, HV_WARN, "iommu-option",
		    "%s is on this boot's command line but not in the boot loader configuration: "
		    "the next boot will not have it (vfio-gpu-cmdline add --iommu)",
		    opt);
	else if (c->pci.have_groups)
		hv_check_item(
		    c, HV_WARN, "iommu-option",
		    "%s is not on the kernel command line (the IOMMU is on by default here; "
		    "add it to keep it on)",
		    opt);
	else
		hv_check_item(c, HV_FAIL, "iommu-option",
			      "add %s to the kernel command line (vfio-gpu-cmdline add --iommu)%s",
			      opt,
			      vg_cpu_vendor(c->o->root) == VG_CPU_UNKNOWN
				  ? "; on AMD, enable the IOMMU (AMD-Vi) in the firmware setup"
				  : "");
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of root/dir accepted by keep(), sorted; NULL-terminated. */
static char **list_dir(const char *root, const char *dir, bool (*keep)(const char *))
{
	char path[VG_PATH_MAX], **v = NULL;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	if (vg_path(path, sizeof(path), root, "%s", dir) < 0 || !(d = vg_opendir(path)))
		return calloc(1, sizeof(char *));
	while ((de = readdir(d))) {
		char **nv;

		if (de->d_name[0] == '.' || !keep(de->d_name))
			continue;
		nv = realloc(v, (n + 2) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[n] = strdup(de->d_name);
		if (v[n])
			n++;
	}
	closedir(d);
	if (!v)
		return calloc(1, sizeof(char *));
	v[n] = NULL;
	qsort(v, n, sizeof(*v), name_cmp);
	return v;
}

static void free_list(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static bool any_name(const char *name)
{
	(void)name;
	return true;
}

static void check_modules(struct check *c)
{
	char **kvers = list_dir(c->o->root, "/lib/modules", any_name), what[128], found[512];
	size_t k, i;

	if (!kvers)
		return;
	if (!kvers[0])
		hv_check_item(c, HV_WARN, "modules", "no kernel under %s/lib/modules", c->o->root);
	for (k = 0; kvers[k]; k++) {
		const char *missing = NULL;
		bool via_kmod = false, unreadable = false;
		int err = 0;

		snprintf(what, sizeof(what), "modules %s", kvers[k]);
		found[0] = '\0';
		for (i = 0; i < VG_N_VFIO_MODULES; i++) {
			struct hv_modinfo mi;
			int r = hv_kmod_find(c->o->root, kvers[k], vg_vfio_modules[i], &mi);

			if (r == -ENOENT && !missing) {
				missing = vg_vfio_modules[i];
			} else if (r < 0 && r != -ENOENT) {
				unreadable = true;
				err = r;
				break;
			} else if (r == 0) {
				via_kmod |= mi.via_kmod;
				snprintf(found + strlen(found), sizeof(found) - strlen(found),
					 "%s%s%s", found[0] ? ", " : "", vg_vfio_modules[i],
					 mi.builtin ? " (built in)" : "");
			}
		}
		if (unreadable && err == -ENODATA)
			hv_check_item(c, HV_WARN, what,
				      "no modules.dep (not a complete kernel; run depmod %s)",
				      kvers[k]);
		else if (unreadable)
			hv_check_item(c, HV_FAIL, what, "cannot read the module index: %s",
				      strerror(-err));
		else if (missing)
			hv_check_item(c, HV_FAIL, what,
				      "%s is neither in modules.dep nor in modules.builtin",
				      missing);
		else
			hv_check_item(c, HV_PASS, what, "%s (%s)", found,
				      via_kmod ? "libkmod" : "modules.dep");
	}
	free_list(kvers);
}

static bool is_image(const char *name)
{
	size_t n = strlen(name);

	return strncmp(name, "initrd.img-", 11) == 0 ||
	       (strncmp(name, "initramfs-", 10) == 0 && n > 14 &&
		strcmp(name + n - 4, ".img") == 0);
}

static void check_images(struct check *c)
{
	char **imgs = list_dir(c->o->root, "/boot", is_image), path[VG_PATH_MAX], what[300];
	size_t i;

	if (!imgs)
		return;
	if (!imgs[0])
		hv_check_item(c, HV_WARN, "initramfs", "no initramfs image in %s/boot", c->o->root);
	for (i = 0; imgs[i]; i++) {
		const char *how = "";
		int r = vg_path(path, sizeof(path), c->o->root, "/boot/%s", imgs[i]);

		snprintf(what, sizeof(what), "initramfs /boot/%s", imgs[i]);
		if (r == 0)
			r = hv_initramfs_has(path, BINDER, &how);
		if (r == 1)
			hv_check_item(c, HV_PASS, what, "contains %s (%s)", BINDER, how);
		else if (r == 0)
			hv_check_item(
			    c, HV_FAIL, what,
			    "does not contain %s: rebuild it (update-initramfs -u or dracut -f) "
			    "after make install",
			    BINDER);
		else
			hv_check_item(c, HV_FAIL, what, "cannot read: %s",
				      r == -EINVAL ? "not a cpio archive" : strerror(-r));
		/* A readable image: does it also hold its kernel's vfio modules,
		 * and is it newer than what it should contain? */
		if (r >= 0)
			hv_check_image_kernel(c, path, imgs[i]);
	}
	free_list(imgs);
}

/* The running boot's selection: the selection file, then /proc/cmdline (as
 * the binder read them at boot); the file against the line. */
static int read_running_cmdline(struct check *c, struct vg_config *cfg)
{
	char path[VG_PATH_MAX], *buf;
	size_t len;
	int r = vg_path(path, sizeof(path), c->o->root, "/proc/cmdline");

	if (r == 0)
		r = vg_read_whole(path, VG_CMDLINE_MAX * 2, &buf, &len);
	if (r < 0) {
		hv_check_config(c, cfg, "", 0, true);
		return r;
	}
	hv_check_config(c, cfg, buf, len, true);
	hv_check_conf_agrees(c, buf, len);
	free(buf);
	return 0;
}

/* Did the running boot's command line select group (any plan line for it)? */
static bool running_selects(const struct check *c, int group)
{
	size_t i;

	for (i = 0; i < c->run_plan.n; i++)
		if (c->run_plan.lines[i].group == group)
			return true;
	return false;
}

/* One group of the next boot's plan: safe (no refusal), and, when the
 * running boot selected it too, viable now. */
static void check_group(struct check *c, int group, bool running)
{
	char what[32], msg[VG_LINE_MAX], bad[512] = "", src[40] = "";
	size_t i;
	unsigned claims = 0, source = 0;

	snprintf(what, sizeof(what), "group %d", group);
	for (i = 0; i < c->plan.n; i++) {
		const struct vg_line *l = &c->plan.lines[i];

		if (l->group != group)
			continue;
		if (l->kind == VG_LINE_REFUSE) {
			vg_describe_refusal(&c->pci, l, msg, sizeof(msg));
			hv_check_item(c, HV_FAIL, what, "%s", msg);
			return;
		}
		claims += l->kind == VG_LINE_CLAIM;
		source |= l->source;
	}
	/* Only with a selection file: where the group's selection came from. */
	if (source)
		snprintf(src, sizeof(src), " (source=%s)", vg_source_name(source));
	if (!running) {
		hv_check_item(c, HV_PASS, what, "safe: %u function(s) to claim%s", claims, src);
		return;
	}
	for (i = 0; i < c->pci.n; i++) {
		const struct vg_dev *d = &c->pci.devs[i];

		if (d->group == group && !hv_dev_vfio_ready(d))
			snprintf(bad + strlen(bad), sizeof(bad) - strlen(bad), "%s%s on %s",
				 bad[0] ? ", " : "", d->name, d->driver);
	}
	if (bad[0])
		hv_check_item(c, HV_FAIL, what,
			      "selected on this boot's command line but not viable, on a host "
			      "driver now: %s; the binder did not claim it at boot: is it in the "
			      "initramfs? see vfio-gpu status",
			      bad);
	else
		hv_check_item(c, HV_PASS, what, "safe and viable: %u function(s) on vfio%s", claims,
			      src);
}

static void check_selection(struct check *c, const struct vg_config *running)
{
	char line[VG_LINE_MAX];
	size_t i;
	int last = VG_NO_GROUP - 1;

	/* What the binder claimed at this boot, to be checked against sysfs;
	 * nothing when the running line selects nothing. */
	if (vg_config_selects(running) && vg_select(running, &c->pci, &c->run_plan) < 0) {
		hv_check_item(c, HV_FAIL, "selection", "out of memory");
		return;
	}
	for (i = 0; i < c->cfg->n_bad; i++) {
		vg_format_bad(&c->cfg->bad[i], line, sizeof(line));
		hv_check_item(c, HV_WARN, c->cfg->bad[i].line ? "conf" : "cmdline",
			      "malformed token ignored: %s (%s)", line + 4, c->cfg->bad[i].why);
	}
	for (i = 0; i < c->cfg->n_ids; i++)
		if (vg_format_covered(c->cfg, (unsigned)i, line, sizeof(line)))
			hv_check_item(c, HV_WARN, "cmdline", "%s", line);
	if (!vg_config_selects(c->cfg)) {
		hv_check_item(
		    c, HV_WARN, "selection",
		    "nothing selected (no vfio-gpu.ids, vfio-gpu.addrs or vfio-gpu.groups)");
		return;
	}
	if (vg_select(c->cfg, &c->pci, &c->plan) < 0) {
		hv_check_item(c, HV_FAIL, "selection", "out of memory");
		return;
	}
	if (c->plan.no_iommu) {
		hv_check_item(c, HV_FAIL, "selection",
			      "devices are selected but the IOMMU is off: nothing can be claimed");
		return;
	}
	if (c->plan.n == 0)
		hv_check_item(c, HV_FAIL, "selection", "the selection matches no PCI function");
	/* Plan lines are in address order; visit each group once, ascending. */
	for (;;) {
		int next = -1;

		for (i = 0; i < c->plan.n; i++)
			if (c->plan.lines[i].group > last &&
			    (next < 0 || c->plan.lines[i].group < next))
				next = c->plan.lines[i].group;
		if (next < 0)
			break;
		check_group(c, next, running_selects(c, next));
		last = next;
	}
	for (i = 0; i < c->plan.n; i++) {
		const struct vg_line *l = &c->plan.lines[i];
		const struct vg_dev *d = &c->pci.devs[l->dev];

		if (l->kind == VG_LINE_REFUSE && l->group == VG_NO_GROUP) {
			vg_describe_refusal(&c->pci, l, line, sizeof(line));
			hv_check_item(c, HV_FAIL, "selection", "%s", line);
		}
		if (l->kind == VG_LINE_CLAIM && d->boot_vga)
			hv_check_item(
			    c, HV_WARN, "boot-vga",
			    "%s is the boot VGA device and is claimed (by %s): the host loses its "
			    "console on it",
			    d->name, vg_by_name(l->by));
	}
}

/* The binder's own dry run of the next boot (as vfio-gpu plan): each error
 * record (SPEC "Honest plans") is a FAIL. no-iommu has its own item
 * ("selection"), and so has an empty lib/modules ("modules": no kernel). */
static void plan_error(void *ctx, const struct vg_rec *rec)
{
	char line[VG_LINE_MAX];

	if (rec->kind != VG_REC_ERROR || rec->error == VG_ERROR_NO_IOMMU ||
	    (rec->error == VG_ERROR_NO_MODULES && strcmp(rec->dir, "/lib/modules") == 0))
		return;
	vg_rec_text(rec, line, sizeof(line));
	hv_check_item(ctx, HV_FAIL, "plan", "%s", line);
}

int hv_check(const struct hv_opts *o)
{
	struct check c = {.o = o};
	struct vg_config *running = calloc(1, sizeof(*running));
	int r;

	c.cfg = calloc(1, sizeof(*c.cfg));
	if (o->nargs) {
		hv_err("check takes no operands ('%s')", o->args[0]);
		free(running);
		free(c.cfg);
		return HV_EXIT_USAGE;
	}
	if (!running || !c.cfg) {
		hv_err("out of memory");
		free(running);
		free(c.cfg);
		return HV_EXIT_FAIL;
	}
	hv_next_cmdline(o, true, &c.next); /* the source names the file to fix */
	if (o->json) {
		printf("{\"source\":");
		hv_json_str(stdout, c.next.source);
		printf(",\"checks\":[");
	}
	r = read_running_cmdline(&c, running);
	if (r < 0)
		hv_check_item(&c, HV_FAIL, "cmdline", "cannot read %s/proc/cmdline: %s", o->root,
			      strerror(-r));
	if (c.next.text)
		hv_check_config(&c, c.cfg, c.next.text, strlen(c.next.text), false);
	else
		*c.cfg = *running;
	r = vg_pci_scan(o->root, &c.pci);
	if (r < 0) {
		hv_check_item(&c, HV_FAIL, "pci", "cannot list PCI devices: %s", strerror(-r));
	} else {
		hv_mark_vfio_dev(o->root, &c.pci);
		check_iommu(&c, running);
		hv_check_off_options(&c);
		hv_check_lockdown(&c);
		check_modules(&c);
		check_images(&c);
		check_selection(&c, running);
		hv_check_reset(&c);
		struct vg_opts vo = {.root = o->root,
				     .cmdline = c.next.text,
				     .dry_run = true,
				     .quiet = true,
				     .rec = plan_error,
				     .rec_ctx = &c};

		hv_next_conf(o, &vo);
		vg_run(&vo);
	}
	if (o->json)
		printf("],\"pass\":%u,\"warn\":%u,\"fail\":%u}\n", c.count[HV_PASS],
		       c.count[HV_WARN], c.count[HV_FAIL]);
	else
		printf("%u passed, %u warning(s), %u failed\n", c.count[HV_PASS], c.count[HV_WARN],
		       c.count[HV_FAIL]);
	vg_plan_free(&c.plan);
	vg_plan_free(&c.run_plan);
	vg_pci_free(&c.pci);
	hv_next_free(&c.next);
	free(running);
	free(c.cfg);
	return c.count[HV_FAIL] ? HV_EXIT_FAIL : HV_EXIT_OK;
}
