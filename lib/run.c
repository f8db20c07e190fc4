/* SPDX-License-Identifier: GPL-2.0-or-later */
/* run.c - the early binder's steps: command line, scan, plan, modules, bind,
 * read back, summary. Only the outcome read back from sysfs counts as claimed. */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bind.h"
#include "claim.h"
#include "compat.h"
#include "conffile.h"
#include "iommu.h"
#include "late.h"
#include "lock.h"
#include "log.h"
#include "modload.h"
#include "params.h"
#include "pci.h"
#include "report.h"
#include "report_boot.h"
#include "select.h"
#include "sriov.h"
#include "sysfs.h"

struct run {
	const struct vg_opts *opts;
	struct vg_config *cfg;
	struct vg_pci pci;
	struct vg_plan plan;
	struct vg_modset *mods;
	bool dry_run;
	/* Load into the running kernel: never under a root, whose modules are
	 * not the running kernel's (the one consequence of --root, SPEC). */
	bool load;
	bool plan_has_problem;
	unsigned claimed, groups, failed;
	/* The boot report (a run that changes things): NULL otherwise. */
	struct vg_boot_report *boot;
	/* Phase times in µs (SPEC "Logging and exit"); load_us is the part of
	 * the claim engine's time spent loading modules. */
	unsigned long long t_parse, t_scan, t_mods, t_bind, load_us;
	struct vg_lock lock; /* --device: held from before the scan to the end */
	bool late_selected;  /* --device: ADDR has a claim or refuse line */
	struct vg_addr late; /* --device: ADDR parsed */
};

/* Every record of the run also goes to the boot report, when there is one. */
static void note(struct run *rn, const struct vg_rec *rec)
{
	if (rn->boot)
		vg_boot_rec(rn->boot, rec);
}

/* A plan record: to the caller's record sink (vfio-gpu plan), or as a line
 * on stdout for --dry-run and for the load lines of a run that does not load
 * (SPEC: the loader reports what it would load), in the log for
 * vfio-gpu.dry_run. */
static void emit(struct run *rn, enum vg_prio prio, const struct vg_rec *rec)
{
	char line[VG_LINE_MAX];

	if (rn->opts->dry_run || (!rn->dry_run && !rn->load)) {
		if (rn->opts->rec) {
			rn->opts->rec(rn->opts->rec_ctx, rec);
			return;
		}
		vg_rec_text(rec, line, sizeof(line));
		printf("%s\n", line);
		return;
	}
	vg_rec_text(rec, line, sizeof(line));
	vg_log(prio, "%s", line);
}

/* An error record (SPEC "Honest plans"): a plan line in a dry run; at boot
 * the same fields in the log, with what the boot does about it (it always
 * goes on). Either way the dry run's exit status becomes 1. */
static void report_error(struct run *rn, const struct vg_rec *rec, const char *consequence)
{
	char line[VG_LINE_MAX];

	rn->plan_has_problem = true;
	if (rn->dry_run) {
		emit(rn, VG_ERR, rec);
		return;
	}
	note(rn, rec);
	vg_rec_text(rec, line, sizeof(line));
	/* "error " is the log level's word already. */
	vg_log(VG_ERR, "%s (%s)", line + 6, consequence);
}

/* The selection file first (SPEC "The same tokens from a file in the
 * image"): refused, it is named and the command line alone applies. */
static void read_conf(struct run *rn)
{
	const char *name;
	int r = vg_conf_load(rn->cfg, rn->opts->root, rn->opts->conf, &name);

	if (r >= 0)
		return;
	rn->plan_has_problem = true;
	/* strerror's words: ELOOP a link, EINVAL a FIFO, EISDIR, EFBIG (the
	 * binder's size; the host tool says it in full, host/check_conf.c). */
	vg_log(VG_WARNING, "ignoring %s: %s; the kernel command line alone applies", name,
	       strerror(-r));
}

static int read_cmdline(struct run *rn)
{
	const struct vg_opts *o = rn->opts;
	struct vg_config *cfg = rn->cfg;
	char path[VG_PATH_MAX], *buf;
	size_t len;
	int r;

	vg_config_begin(cfg, o->cmdline_size ? o->cmdline_size : vg_cmdline_size_native());
	if (!o->no_conf)
		read_conf(rn);
	if (o->cmdline) {
		vg_config_add_cmdline(cfg, o->cmdline, strlen(o->cmdline));
		return 0;
	}
	r = vg_path(path, sizeof(path), o->root, "/proc/cmdline");
	if (r == 0)
		r = vg_read_whole(path, VG_CMDLINE_MAX * 2, &buf, &len);
	if (r < 0) {
		vg_log(VG_ERR, "cannot read %s: %s", path, strerror(-r));
		return r;
	}
	vg_config_add_cmdline(cfg, buf, len);
	free(buf);
	return 0;
}

/* An ids entry inside a wider one changes nothing the binder selects; say
 * so, since the administrator usually meant something else (a typo in the
 * wider entry, or a card's other function). */
static void report_covered_ids(const struct run *rn)
{
	char line[VG_LINE_MAX];
	unsigned i;

	/* vfio-gpu check says it as a WARN item; a late device's run (every
	 * PCI add event) would repeat the boot's warning. */
	if (rn->opts->quiet || rn->opts->device)
		return;
	for (i = 0; i < rn->cfg->n_ids; i++)
		if (vg_format_covered(rn->cfg, i, line, sizeof(line)))
			vg_log(VG_WARNING, "%s", line);
}

static void report_bad_tokens(struct run *rn)
{
	const struct vg_config *cfg = rn->cfg;
	char line[VG_LINE_MAX];
	unsigned i;

	for (i = 0; i < cfg->n_bad; i++) {
		const struct vg_bad *b = &cfg->bad[i];
		struct vg_rec rec = {.kind = VG_REC_BAD, .bad = b};

		if (rn->dry_run) {
			emit(rn, VG_WARNING, &rec);
		} else {
			note(rn, &rec);
			vg_rec_text(&rec, line, sizeof(line));
			vg_log(VG_WARNING, "ignoring %s (%s)", line + 4, b->why);
		}
		rn->plan_has_problem = true;
	}
	if (cfg->n_bad_lost)
		vg_log(VG_WARNING, "%u more malformed tokens not shown", cfg->n_bad_lost);
	if (cfg->cmdline_truncated) {
		struct vg_rec rec = {.kind = VG_REC_ERROR,
				     .error = VG_ERROR_CMDLINE_TRUNCATED,
				     .token = cfg->cut_token,
				     .token_long = cfg->cut_token_long,
				     .limit = cfg->cmdline_size};

		report_error(rn, &rec,
			     "the rest of the line is lost, a token cut in two is ignored; the "
			     "whole tokens are used");
	}
	if (cfg->args_lost)
		vg_log(VG_WARNING, "more than %d parameters, %zu ignored", VG_MAX_ARGS,
		       cfg->args_lost);
}

/* SPEC "Honest plans": an entry that names nothing is an error (a typo in an
 * address must not look like a successful boot). Not on a --device run,
 * which answers for one function's event, not for the selection. */
static void report_unmatched(struct run *rn)
{
	const uint64_t *masks[] = {&rn->plan.unmatched_ids, &rn->plan.unmatched_addrs,
				   &rn->plan.unmatched_groups};
	const uint64_t *files[] = {&rn->cfg->file_ids, &rn->cfg->file_addrs, &rn->cfg->file_groups};
	char entry[64];
	unsigned list, i;

	for (list = 0; list < 3 && !rn->opts->device; list++)
		for (i = 0; i < 64; i++) {
			struct vg_rec rec = {
			    .kind = VG_REC_ERROR, .error = VG_ERROR_NO_MATCH, .entry = entry};

			if (!(*masks[list] & (UINT64_C(1) << i)))
				continue;
			vg_format_entry(rn->cfg, (int)list, i, entry, sizeof(entry));
			if (rn->cfg->from_file)
				rec.source = *files[list] & (UINT64_C(1) << i) ? VG_SRC_FILE
									       : VG_SRC_CMDLINE;
			report_error(rn, &rec,
				     "it matches no PCI function; check it with vfio-gpu list");
		}
}

static void report_plan(struct run *rn)
{
	char line[VG_LINE_MAX];
	size_t i;

	for (i = 0; i < rn->plan.n; i++) {
		const struct vg_line *l = &rn->plan.lines[i];
		struct vg_rec rec = vg_rec_of_line(&rn->pci, l);

		if (l->kind == VG_LINE_REFUSE)
			rn->plan_has_problem = true;
		if (rn->dry_run) {
			emit(rn, l->kind == VG_LINE_REFUSE ? VG_ERR : VG_INFO, &rec);
			continue;
		}
		note(rn, &rec);
		if (l->kind == VG_LINE_REFUSE) {
			vg_describe_refusal(&rn->pci, l, line, sizeof(line));
			vg_log(VG_ERR, "%s", line);
		} else if (l->kind == VG_LINE_SKIP) {
			vg_log(VG_DEBUG, "%s group %d: bridge left on %s",
			       rn->pci.devs[l->dev].name, l->group,
			       rn->pci.devs[l->dev].driver[0] ? rn->pci.devs[l->dev].driver
							      : "no driver");
		}
	}
	report_unmatched(rn);
}

/* The module set in load order: a load line for each module to load (a run
 * that loads logs them as it loads), an error for each that cannot be. */
static void report_loads(struct run *rn, int resolved)
{
	const struct vg_modset *set = rn->mods;
	char dir[sizeof(set->kver) + 16];
	unsigned i;

	snprintf(dir, sizeof(dir), "/lib/modules%s%s", set->kver[0] ? "/" : "", set->kver);
	if (resolved < 0) {
		struct vg_rec rec = {
		    .kind = VG_REC_ERROR, .error = VG_ERROR_NO_MODULES, .dir = dir};

		if (resolved == -ENOMEM)
			vg_log(VG_ERR, "out of memory");
		else
			report_error(rn, &rec, "no module can be loaded");
		return;
	}
	for (i = 0; i < set->n; i++) {
		const struct vg_module *m = &set->mods[i];
		struct vg_rec rec = {.kind = VG_REC_LOAD, .mod = m, .dir = dir};

		if (m->state == VG_MOD_MISSING) {
			rec.kind = VG_REC_ERROR;
			rec.error = VG_ERROR_MODULE_UNKNOWN;
			report_error(rn, &rec, "not in modules.dep, not loaded");
		} else if (m->state == VG_MOD_LOAD && m->no_file) {
			rec.kind = VG_REC_ERROR;
			rec.error = VG_ERROR_MODULE_MISSING;
			report_error(rn, &rec, "the file is not in the image, not loaded");
		} else if (m->state == VG_MOD_LOAD && (rn->dry_run || !rn->load)) {
			emit(rn, VG_INFO, &rec);
			note(rn, &rec);
		} else if (m->state == VG_MOD_LOAD) {
			note(rn, &rec);
		}
	}
}

/* The records of lib/sriov.c: plan lines as the others are, errors as
 * report_error says them. */
static void sriov_line(void *ctx, const struct vg_rec *rec)
{
	struct run *rn = ctx;

	emit(rn, VG_INFO, rec);
	if (!rn->dry_run)
		note(rn, rec);
}

static void sriov_error(void *ctx, const struct vg_rec *rec, const char *consequence)
{
	report_error(ctx, rec, consequence);
}

static struct vg_sriov_out sriov_out(struct run *rn)
{
	struct vg_sriov_out out = {.line = sriov_line, .error = sriov_error, .ctx = rn};

	return out;
}

/* The set loads vendor-reset (lib/modload.c add_vendor_reset). */
static bool vendor_reset_pending(const struct vg_modset *set)
{
	unsigned i;

	for (i = 0; set && i < set->n; i++)
		if (strcmp(set->mods[i].name, "vendor_reset") == 0)
			return set->mods[i].state == VG_MOD_LOAD && !set->mods[i].no_file;
	return false;
}

static void load_modules(void *ctx)
{
	struct run *rn = ctx;
	unsigned long long t0 = vg_now_us();
	struct vg_sriov_out out = sriov_out(rn);

	vg_modules_load(rn->opts->root, rn->mods, rn->load);
	rn->load_us += vg_now_us() - t0;
	/* SPEC: reset_method after the module set (vendor-reset's
	 * device_specific exists only once it is in), before the probe. */
	vg_reset_apply(rn->opts->root, rn->cfg, false, false, &out);
}

/* The claim engine under the boot's policy; the truth read back is logged
 * per function, the counts go to the summary. */
static void claim_all(struct run *rn)
{
	struct vg_claim c = {.root = rn->opts->root,
			     .pci = &rn->pci,
			     .plan = &rn->plan,
			     .policy = &vg_policy_boot,
			     .load = load_modules,
			     .ctx = rn};
	size_t i;

	vg_claim_run(&c);
	for (i = 0; c.fn && i < rn->plan.n; i++) {
		const struct vg_line *l = &rn->plan.lines[i];
		const struct vg_dev *d = &rn->pci.devs[l->dev];

		if (rn->boot && l->kind == VG_LINE_CLAIM)
			vg_boot_function(rn->boot, d, l->group, vg_by_name(l->by), c.fn[i].now,
					 c.fn[i].state == VG_CLAIM_BOUND);
		if (c.fn[i].state == VG_CLAIM_BOUND)
			vg_log(VG_INFO, "%s %04x:%04x group %d: bound to %s (was %s, by %s)",
			       d->name, (unsigned)d->vendor, (unsigned)d->device, l->group,
			       c.fn[i].now, d->driver[0] ? d->driver : "no driver",
			       vg_by_name(l->by));
	}
	rn->claimed = c.claimed;
	rn->groups = c.groups;
	rn->failed = c.failed_groups;
	vg_claim_free(&c);
}

static void run_steps(struct run *rn)
{
	const struct vg_opts *o = rn->opts;
	unsigned long long t = vg_now_us();
	int r;

	r = read_cmdline(rn);
	rn->t_parse = vg_now_us() - t;
	if (r < 0)
		return;
	if (rn->cfg->debug)
		vg_log_set_debug(true);
	if (rn->cfg->off)
		return;
	/* --device: quiet until the plan is narrowed to ADDR (vg_late_filter);
	 * coldplug runs it for every PCI function, and the boot said the rest. */
	if (o->device)
		vg_log_hold(true);
	rn->dry_run = o->dry_run || rn->cfg->dry_run;
	if (rn->dry_run && rn->boot) {
		/* vfio-gpu.dry_run: a boot that changes nothing writes nothing. */
		vg_boot_free(rn->boot);
		free(rn->boot);
		rn->boot = NULL;
	}
	report_bad_tokens(rn);
	report_covered_ids(rn);
	if (o->device && vg_late_parse(o->device, &rn->late) < 0)
		return;
	if (!vg_config_selects(rn->cfg)) {
		vg_log(VG_DEBUG,
		       "no vfio-gpu.ids, vfio-gpu.addrs or vfio-gpu.groups: nothing to do");
		return;
	}
	if (o->device && !rn->dry_run && vg_late_lock(o->root, o->device, &rn->lock) < 0)
		return;
	t = vg_now_us();
	/* The VFs first: the scan that selects must see them (SPEC). A late
	 * device's run leaves them to the boot. */
	if (!o->device) {
		struct vg_sriov_out out = sriov_out(rn);

		vg_sriov_prepare(o->root, rn->cfg, rn->dry_run, &out);
	}
	r = vg_pci_scan(o->root, &rn->pci);
	if (r < 0) {
		struct vg_rec rec = {.kind = VG_REC_ERROR,
				     .error = VG_ERROR_PCI_UNREADABLE,
				     .dir = "/sys/bus/pci/devices"};
		char why[96];

		rn->t_scan = vg_now_us() - t;
		snprintf(why, sizeof(why), "%s; nothing was claimed", strerror(-r));
		report_error(rn, &rec, why);
		return;
	}
	r = vg_select(rn->cfg, &rn->pci, &rn->plan);
	rn->t_scan = vg_now_us() - t;
	if (r < 0) {
		vg_log(VG_ERR, "out of memory");
		return;
	}
	if (rn->plan.no_iommu) {
		const char *opt = vg_iommu_option(o->root);

		rn->plan_has_problem = true;
		if (rn->dry_run) {
			struct vg_rec rec = {
			    .kind = VG_REC_ERROR, .error = VG_ERROR_NO_IOMMU, .option = opt};

			emit(rn, VG_ERR, &rec);
		} else {
			struct vg_rec rec = {
			    .kind = VG_REC_ERROR, .error = VG_ERROR_NO_IOMMU, .option = opt};

			note(rn, &rec);
			vg_log(VG_ERR,
			       "no IOMMU groups: the IOMMU is off; %s (nothing was claimed)",
			       vg_iommu_fix(o->root));
		}
		return;
	}
	if (o->device &&
	    !(rn->late_selected = vg_late_filter(o->device, &rn->late, &rn->pci, &rn->plan)))
		return;
	if (rn->plan.n_claims == 0) {
		report_plan(rn);
		return;
	}
	rn->mods = calloc(1, sizeof(*rn->mods));
	if (!rn->mods) {
		vg_log(VG_ERR, "out of memory");
		return;
	}
	t = vg_now_us();
	/* Before the plan lines: resolving picks each claim's target. */
	r = vg_modules_resolve(o->root, rn->cfg, &rn->pci, &rn->plan, rn->mods);
	rn->t_mods = vg_now_us() - t;
	if (rn->boot) {
		rn->mods->loaded = vg_boot_module;
		rn->mods->loaded_ctx = rn->boot;
	}
	report_plan(rn);
	report_loads(rn, r);
	if (rn->dry_run) {
		struct vg_sriov_out out = sriov_out(rn);

		vg_reset_apply(o->root, rn->cfg, true, vendor_reset_pending(rn->mods), &out);
		return;
	}
	t = vg_now_us();
	claim_all(rn);
	/* The claim engine loads the modules between unbind and probe: that
	 * part is the modules phase, the rest is bind. */
	rn->t_bind = vg_now_us() - t - rn->load_us;
	rn->t_mods += rn->load_us;
}

/* The boot report: a failure to write it is a warning, the boot goes on. */
static void write_report(struct run *rn, const char *line, unsigned long long total)
{
	struct vg_boot_summary s = {.parse = rn->t_parse,
				    .scan = rn->t_scan,
				    .modules = rn->t_mods,
				    .bind = rn->t_bind,
				    .total = total,
				    .claimed = rn->claimed,
				    .groups = rn->groups,
				    .refused = rn->plan.n_refused,
				    .failed = rn->failed,
				    .line = line};
	int r = vg_boot_write(rn->opts->root, rn->cfg, rn->boot, &s);

	if (r < 0)
		vg_log(VG_WARNING, "cannot write the boot report %s%s: %s", rn->opts->root,
		       VG_BOOT_REPORT, strerror(-r));
}

int vg_run(const struct vg_opts *o)
{
	struct run rn;
	unsigned long long t0 = vg_now_us(), total;
	char dry[96] = "", failed[40] = "", sum[384];

	memset(&rn, 0, sizeof(rn));
	rn.opts = o;
	rn.lock.fd = -1;
	rn.load = !o->root[0];
	vg_log_open(o->boot ? "/dev/kmsg" : NULL, o->verbose);
#ifdef VG_TEST_HOOKS
	/* Test builds only: a fake root's .vg-faults stands in for the sysfs
	 * errors (EBUSY, ENODEV) that regular files cannot produce. */
	if (o->root[0])
		vg_faults_load(o->root);
#endif
	rn.cfg = calloc(1, sizeof(*rn.cfg));
	if (!rn.cfg) {
		vg_log(VG_ERR, "out of memory");
		return 0;
	}
	/* A run that may change things reports what it did (SPEC "Boot
	 * report"); without memory the boot goes on without a report. A
	 * late device's run (--device) leaves the boot's report as it is. */
	if (!o->dry_run && !o->device)
		rn.boot = calloc(1, sizeof(*rn.boot));
	run_steps(&rn);
	if (rn.dry_run)
		snprintf(dry, sizeof(dry), " (dry run: would claim %u device(s) in %u group(s))",
			 rn.plan.n_claims, rn.plan.n_groups);
	/* SPEC "What gets claimed" 6: a group not claimed whole is counted. */
	if (rn.failed)
		snprintf(failed, sizeof(failed), ", failed %u group(s)", rn.failed);
	total = vg_now_us() - t0;
	if (rn.cfg->off)
		snprintf(sum, sizeof(sum), "disabled by vfio-gpu.off %s%s",
			 rn.cfg->off_from_file ? "in " : "on the kernel command line",
			 rn.cfg->off_from_file ? rn.cfg->conf_name : "");
	else
		snprintf(sum, sizeof(sum),
			 "claimed %u device(s) in %u group(s), refused %u group(s)%s in %llu ms "
			 "(parse %llu ms, scan %llu ms, modules %llu ms, bind %llu ms)%s",
			 rn.claimed, rn.groups, rn.plan.n_refused, failed, total / 1000,
			 rn.t_parse / 1000, rn.t_scan / 1000, rn.t_mods / 1000, rn.t_bind / 1000,
			 dry);
	/* Before the summary: a write failure's warning must not take the
	 * summary's place as the last line of the run (SPEC). vfio-gpu.off
	 * does nothing at all, not even this (the log says it was off). */
	if (rn.boot) {
		if (!rn.cfg->off)
			write_report(&rn, sum, total);
		vg_boot_free(rn.boot);
		free(rn.boot);
	}
	/* quiet: a caller that reads the records only (vfio-gpu check).
	 * --device with nothing for ADDR said why already: udev runs it for
	 * every PCI device added, so silence is the rule. */
	if (o->quiet || (o->device && !rn.late_selected))
		vg_log(VG_DEBUG, "plan done in %llu ms", total / 1000);
	else
		vg_log(VG_INFO, "%s", sum);
	vg_lock_drop(&rn.lock);
	vg_plan_free(&rn.plan);
	vg_pci_free(&rn.pci);
	free(rn.mods);
	free(rn.cfg);
	fflush(stdout);
	vg_log_close();
	return o->dry_run && rn.plan_has_problem ? 1 : 0;
}
