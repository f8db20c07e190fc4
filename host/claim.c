/* SPDX-License-Identifier: GPL-2.0-or-later */
/* claim.c - `vfio-gpu bind` and `vfio-gpu release`: move whole IOMMU groups to
 * vfio-pci now, with the boot binder's selection and safety rules (vg_select)
 * and its claim engine (lib/claim.c) under the host policy: a group is
 * switched whole or not at all. What is host-specific stays here: the
 * operands, loading through libkmod, and the output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bind.h"
#include "claim.h"
#include "conffile.h"
#include "host.h"
#include "inuse.h"
#include "iommu.h"
#include "kmods.h"
#include "lock.h"
#include "modload.h"
#include "params.h"
#include "pci.h"
#include "report.h"
#include "select.h"
#include "sysfs.h"
#include "unbind.h"

struct claim {
	const struct hv_opts *o;
	struct vg_config *cfg;
	struct vg_pci pci;
	struct vg_plan plan;
	struct vg_lock lock;
};

/* Operands to a selection: "0000:01:00.0"/"01:00.0" are addresses, plain
 * decimal numbers are groups. Anything else is a usage error. */
static int parse_targets(const struct hv_opts *o, struct vg_config *cfg)
{
	int i;

	if (o->nargs == 0) {
		hv_err("no ADDR or GROUP given");
		return -EINVAL;
	}
	for (i = 0; i < o->nargs; i++) {
		const char *a = o->args[i];

		if (cfg->n_addrs == VG_MAX_ITEMS || cfg->n_groups == VG_MAX_ITEMS) {
			hv_err("more than %d addresses or groups", VG_MAX_ITEMS);
			return -E2BIG;
		}
		if (strpbrk(a, ":.@")) {
			/* The boot's grammar, pin included (SPEC rule 6). */
			int r = vg_parse_addr_pin(a, &cfg->addrs[cfg->n_addrs],
						  &cfg->pins[cfg->n_addrs]);

			if (r == -EBADMSG)
				hv_err("'%s': the pin after '@' is not VVVV:DDDD[:SSSS:ssss]", a);
			else if (r < 0)
				hv_err("'%s' is not a PCI address ([DDDD:]BB:SS.F)", a);
			if (r < 0)
				return -EINVAL;
			cfg->n_addrs++;
		} else if (vg_parse_group(a, &cfg->groups[cfg->n_groups]) == 0) {
			cfg->n_groups++;
		} else {
			hv_err("'%s' is neither a PCI address ([DDDD:]BB:SS.F) nor an IOMMU group "
			       "number",
			       a);
			return -EINVAL;
		}
	}
	return 0;
}

static const struct vg_dev *find_addr(const struct vg_pci *pci, const struct vg_addr *a)
{
	size_t i;

	for (i = 0; i < pci->n; i++)
		if (vg_addr_cmp(&pci->devs[i].addr, a) == 0)
			return &pci->devs[i];
	return NULL;
}

static bool group_exists(const struct vg_pci *pci, uint32_t group)
{
	size_t i;

	for (i = 0; i < pci->n; i++)
		if (pci->devs[i].group == (int)group)
			return true;
	return false;
}

/* Everything named must exist before anything is touched. */
static int check_targets(struct claim *c)
{
	char s[VG_ADDR_STR];
	unsigned i;
	int r = 0;

	for (i = 0; i < c->cfg->n_addrs; i++)
		if (!find_addr(&c->pci, &c->cfg->addrs[i])) {
			vg_addr_format(&c->cfg->addrs[i], s, sizeof(s));
			hv_err("no PCI function %s under %s/sys/bus/pci/devices", s, c->o->root);
			r = -ENODEV;
		}
	for (i = 0; i < c->cfg->n_groups; i++)
		if (!group_exists(&c->pci, c->cfg->groups[i])) {
			hv_err("no IOMMU group %u", (unsigned)c->cfg->groups[i]);
			r = -ENODEV;
		}
	return r;
}

/* "vfio-gpu bind 01:00.0 7", what the lock file shows a waiting caller. */
static void describe_run(const struct hv_opts *o, const char *cmd, char *buf, size_t len)
{
	size_t n;
	int i;

	n = (size_t)snprintf(buf, len, "vfio-gpu %s%s", cmd, o->force ? " --force" : "");
	for (i = 0; i < o->nargs && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, " %s", o->args[i]);
}

/* The one lock of SPEC "Host-side tool", taken before the scan, so that
 * what this run sees is what the run before it left. */
static int take_lock(struct claim *c, const char *cmd)
{
	char what[200], who[300];
	unsigned wait_s;
	int r;

	if (vg_lock_wait_seconds(&wait_s) < 0) {
		hv_err("VFIO_GPU_LOCK_WAIT='%s' is not a number of seconds (0 to 3600)",
		       getenv("VFIO_GPU_LOCK_WAIT"));
		return HV_EXIT_USAGE;
	}
	describe_run(c->o, cmd, what, sizeof(what));
	r = vg_lock_take(c->o->root, what, wait_s, &c->lock);
	if (r == -ETIMEDOUT) {
		vg_lock_holder_text(c->lock.holder, who, sizeof(who));
		hv_err("%s is held by %s; waited %u s, nothing was changed (try again when it is "
		       "done)",
		       c->lock.path, who, wait_s);
		return HV_EXIT_FAIL;
	}
	if (r < 0) {
		hv_err("cannot take the lock %s: %s (nothing was changed)", c->lock.path,
		       strerror(-r));
		return HV_EXIT_FAIL;
	}
#ifdef VG_TEST_HOOKS
	/* Tests of the lock: hold it this long before anything is read. */
	if (getenv("VG_TEST_LOCK_HOLD_MS")) {
		long ms = strtol(getenv("VG_TEST_LOCK_HOLD_MS"), NULL, 10);
		struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};

		nanosleep(&t, NULL);
	}
#endif
	return -1;
}

/* Parse, lock, scan and check: shared by bind and release. Returns an exit
 * status or -1 to go on. */
static int prepare(struct claim *c, const struct hv_opts *o, const char *cmd)
{
	int r;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->lock.fd = -1;
	c->cfg = calloc(1, sizeof(*c->cfg));
	if (!c->cfg) {
		hv_err("out of memory");
		return HV_EXIT_FAIL;
	}
	if (parse_targets(o, c->cfg) < 0)
		return HV_EXIT_USAGE;
	r = take_lock(c, cmd);
	if (r >= 0)
		return r;
#ifdef VG_TEST_HOOKS
	if (o->root[0])
		vg_faults_load(o->root);
#endif
	r = vg_pci_scan(o->root, &c->pci);
	if (r < 0) {
		hv_err("cannot list PCI devices under %s/sys/bus/pci/devices: %s", o->root,
		       strerror(-r));
		return HV_EXIT_FAIL;
	}
	hv_mark_vfio_dev(o->root, &c->pci);
	if (check_targets(c) < 0)
		return HV_EXIT_FAIL;
	if (hv_unbind_bounded(o->root, &c->pci) < 0) {
		hv_err("VFIO_GPU_UNBIND_WAIT='%s' is not a number of seconds (1 to 3600)",
		       getenv("VFIO_GPU_UNBIND_WAIT"));
		return HV_EXIT_USAGE;
	}
	return -1;
}

static void finish(struct claim *c)
{
	vg_plan_free(&c->plan);
	vg_pci_free(&c->pci);
	free(c->cfg);
	vg_lock_drop(&c->lock);
}

/* "IOMMU group 7", or the function itself when it has no group. */
static void group_name(const struct vg_dev *d, char *buf, size_t len)
{
	if (d->group == VG_NO_GROUP)
		snprintf(buf, len, "PCI function %s", d->name);
	else
		snprintf(buf, len, "IOMMU group %d", d->group);
}

/* SPEC: a group in use is refused, each use named (pid and command);
 * --force goes on with a warning naming what it overrode. Returns 0 to go
 * on, -EBUSY (refused) or -errno. */
static int check_in_use(const struct claim *c, const bool *pick)
{
	struct hv_uses u = {0};
	char text[512], g[64];
	size_t i;
	int r = hv_inuse_find(c->o->root, &c->pci, pick, &u);

	if (r < 0) {
		hv_err("cannot tell whether the named groups are in use: %s (nothing was changed)",
		       strerror(-r));
		return r;
	}
	for (i = 0; i < u.n; i++) {
		group_name(&c->pci.devs[u.v[i].dev], g, sizeof(g));
		hv_use_text(&c->pci, &u.v[i], text, sizeof(text));
		if (c->o->force)
			hv_warn("--force: %s is in use, going on anyway: %s", g, text);
		else
			hv_err("%s is in use: %s; nothing was changed (end that use first, or give "
			       "--force)",
			       g, text);
	}
	r = u.n && !c->o->force ? -EBUSY : 0;
	hv_uses_free(&u);
	return r;
}

/* What the engine did, one line per function on stdout, and per group
 * given back the error that says so. */
static void report(const struct claim *c, const struct vg_claim *e)
{
	int last = VG_NO_GROUP - 1;
	size_t i;

	for (i = 0; i < c->plan.n; i++) {
		const struct vg_line *l = &c->plan.lines[i];
		const struct vg_dev *d = &c->pci.devs[l->dev];
		const struct vg_claim_fn *f = &e->fn[i];

		if (l->kind != VG_LINE_CLAIM)
			continue;
		if (f->state == VG_CLAIM_BOUND)
			printf("%s %04x:%04x group %d: %s (was %s, by %s)\n", d->name,
			       (unsigned)d->vendor, (unsigned)d->device, l->group, f->now,
			       d->driver[0] ? d->driver : "-", vg_by_name(l->by));
		else if (f->done)
			printf("%s: given back (driver_override cleared%s)\n", d->name,
			       d->driver[0] ? ", host driver probed" : "");
	}
	for (i = 0; i < c->plan.n; i++) {
		const struct vg_line *l = &c->plan.lines[i];

		if (l->kind == VG_LINE_CLAIM && e->fn[i].state == VG_CLAIM_FAILED &&
		    l->group != last) {
			hv_err("IOMMU group %d not claimed: every function of it was given back",
			       l->group);
			last = l->group;
		}
	}
}

/* vfio-gpu.variants=0 on the running kernel's command line, or in the
 * selection file before it (as the binder reads them), holds for bind too,
 * so that bind hands a function to the driver the boot would. */
static bool variants_off(const char *root)
{
	char path[VG_PATH_MAX], *buf = NULL;
	struct vg_config *cfg;
	bool off = false;
	size_t len;

	if (vg_path(path, sizeof(path), root, "/proc/cmdline") < 0 ||
	    vg_read_whole(path, VG_CMDLINE_MAX * 2, &buf, &len) < 0)
		return false;
	cfg = calloc(1, sizeof(*cfg));
	if (cfg) {
		const char *name;

		vg_config_begin(cfg, 0);
		(void)vg_conf_load(cfg, root, NULL, &name); /* refused: the line alone */
		vg_config_add_cmdline(cfg, buf, len);
		off = cfg->no_variants;
	}
	free(cfg);
	free(buf);
	return off;
}

/* The variant targets of the plan, each once, for libkmod. */
static size_t distinct_targets(const struct vg_plan *plan, const char **out, size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; i < plan->n && n < max; i++) {
		const struct vg_line *l = &plan->lines[i];

		if (l->kind != VG_LINE_CLAIM || !l->target[0])
			continue;
		for (j = 0; j < n && strcmp(out[j], l->target) != 0; j++)
			;
		if (j == n)
			out[n++] = l->target;
	}
	return n;
}

/* Resolving picks each claim's target (SPEC "Variant vfio drivers") from
 * the modules.alias of the running kernel, or of the root's tree. Under
 * --root nothing is loaded: say what would be, as the plan does. */
static int load_modules(struct claim *c)
{
	struct vg_modset *set;
	const char *failed, *targets[VG_MAX_MODULES];
	char line[VG_LINE_MAX];
	unsigned i;
	int r;

	set = calloc(1, sizeof(*set));
	if (!set)
		return -ENOMEM;
	r = vg_modules_resolve(c->o->root, c->cfg, &c->pci, &c->plan, set);
	if (!c->o->root[0]) {
		free(set);
		r = hv_kmod_load_vfio(targets, distinct_targets(&c->plan, targets, VG_MAX_MODULES),
				      &failed);
		if (r < 0)
			hv_err("cannot load module %s: %s (nothing was changed)", failed,
			       strerror(-r));
		return r;
	}
	if (r < 0)
		hv_err("cannot resolve the vfio modules under %s/lib/modules: %s (nothing was "
		       "changed)",
		       c->o->root, strerror(-r));
	for (i = 0; r == 0 && i < set->n; i++) {
		if (set->mods[i].state == VG_MOD_MISSING) {
			hv_err("module %s is not in modules.dep of %s (nothing was changed)",
			       set->mods[i].name, set->kver);
			r = -ENOENT;
		} else if (set->mods[i].state == VG_MOD_LOAD) {
			vg_format_load(&set->mods[i], line, sizeof(line));
			printf("%s\n", line);
		}
	}
	free(set);
	return r;
}

int hv_bind(const struct hv_opts *o)
{
	struct claim c;
	struct vg_claim e = {0};
	char msg[VG_LINE_MAX];
	bool *pick = NULL;
	int status, first = 0;
	size_t i;

	status = prepare(&c, o, "bind");
	if (status >= 0)
		goto out;
	status = HV_EXIT_FAIL;
	if (!c.pci.have_groups) {
		hv_err("no IOMMU groups: the IOMMU is off; %s", vg_iommu_fix(o->root));
		goto out;
	}
	if (vg_select(c.cfg, &c.pci, &c.plan) < 0) {
		hv_err("out of memory");
		goto out;
	}
	/* Safety first, for every group named, before anything is touched. */
	for (i = 0; i < c.plan.n; i++)
		if (c.plan.lines[i].kind == VG_LINE_REFUSE) {
			vg_describe_refusal(&c.pci, &c.plan.lines[i], msg, sizeof(msg));
			hv_err("%s", msg);
			first = -EPERM;
		}
	if (first < 0)
		goto out;
	if (c.plan.n_claims == 0) {
		printf("nothing to claim: the named groups hold only bridges\n");
		status = HV_EXIT_OK;
		goto out;
	}
	/* In use? Asked before anything changes, modules included. */
	pick = calloc(c.pci.n ? c.pci.n : 1, sizeof(*pick));
	if (!pick) {
		hv_err("out of memory");
		goto out;
	}
	for (i = 0; i < c.plan.n; i++)
		if (c.plan.lines[i].kind == VG_LINE_CLAIM)
			pick[c.plan.lines[i].dev] = true;
	if (check_in_use(&c, pick) < 0)
		goto out;
	c.cfg->no_variants = variants_off(o->root);
	if (load_modules(&c) < 0)
		goto out;
	/* Modules are in (or reported) before anything is written. */
	e.root = o->root;
	e.pci = &c.pci;
	e.plan = &c.plan;
	e.policy = &vg_policy_host;
	first = vg_claim_run(&e);
	if (e.fn)
		report(&c, &e);
	status = first < 0 ? HV_EXIT_FAIL : HV_EXIT_OK;
out:
	free(pick);
	vg_claim_free(&e);
	finish(&c);
	return status;
}

/* Whether a function is held for vfio: bound to it or overridden to it. */
static bool held_by_vfio(const char *root, const struct vg_dev *d)
{
	char path[VG_PATH_MAX], buf[VG_DRIVER_MAX];

	if (vg_driver_is_vfio(d->driver) || d->vfio_dev)
		return true;
	if (vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/driver_override", d->name) <
		0 ||
	    vg_read_file(path, buf, sizeof(buf)) < 0)
		return false;
	buf[strcspn(buf, "\n")] = '\0';
	return vg_driver_is_vfio(buf);
}

/* The override release cleared, written back: the unbind the kernel keeps
 * pending must leave the function to vfio, not to a host driver's probe.
 * Where the kernel holds the device's lock for the pending unbind (6.1)
 * this write waits behind it too: it lands when the unbind completes. */
static void restore_override(const struct claim *c, const struct vg_dev *d, const char *was)
{
	int r = vg_bind_override(c->o->root, d, was);

	if (r == -ETIMEDOUT)
		hv_warn("%s: driver_override %s waits behind the pending unbind in the kernel and "
			"is written when it completes",
			d->name, was);
	else if (r < 0)
		hv_err("%s: cannot restore driver_override %s: %s", d->name, was, strerror(-r));
	else
		hv_warn("%s: driver_override restored to %s, so that no host driver takes it when "
			"the pending unbind completes",
			d->name, was);
}

/* The override of a function held by vfio ("" none), before release. */
static void read_override(const struct claim *c, const struct vg_dev *d, char *buf, size_t len)
{
	char path[VG_PATH_MAX];

	buf[0] = '\0';
	if (vg_path(path, sizeof(path), c->o->root, "/sys/bus/pci/devices/%s/driver_override",
		    d->name) < 0 ||
	    vg_read_file(path, buf, len) < 0)
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	if (strcmp(buf, "(null)") == 0)
		buf[0] = '\0';
}

static int release_one(const struct claim *c, const struct vg_dev *d)
{
	char now[VG_DRIVER_MAX], was[VG_DRIVER_MAX];
	int r;

	read_override(c, d, was, sizeof(was));
	r = vg_claim_give_back(c->o->root, d, true, true, now, sizeof(now));
	if (r == -ETIMEDOUT && was[0])
		restore_override(c, d, was);
	if (r < 0)
		return r;
	if (vg_driver_is_vfio(now) || (d->vfio_dev && strcmp(now, d->driver) == 0)) {
		hv_err("%s: still bound to %s after release", d->name, now);
		return -EBUSY;
	}
	printf("%s %04x:%04x group %d: released (was %s, driver now %s)\n", d->name,
	       (unsigned)d->vendor, (unsigned)d->device, d->group, d->driver[0] ? d->driver : "-",
	       now[0] ? now : "none");
	return 0;
}

/* A named function or group selects its whole group (an ungrouped function
 * only itself), as bind does. */
static bool release_selected(const struct claim *c, const struct vg_dev *d)
{
	unsigned i;

	if (d->group != VG_NO_GROUP && vg_config_has_group(c->cfg, (uint32_t)d->group))
		return true;
	for (i = 0; i < c->cfg->n_addrs; i++) {
		const struct vg_dev *named = find_addr(&c->pci, &c->cfg->addrs[i]);

		if (named == d || (d->group != VG_NO_GROUP && named->group == d->group))
			return true;
	}
	return false;
}

int hv_release(const struct hv_opts *o)
{
	struct claim c;
	unsigned released = 0;
	bool *pick = NULL;
	int status, first = 0;
	size_t i;

	status = prepare(&c, o, "release");
	if (status >= 0)
		goto out;
	status = HV_EXIT_FAIL;
	pick = calloc(c.pci.n ? c.pci.n : 1, sizeof(*pick));
	if (!pick) {
		hv_err("out of memory");
		goto out;
	}
	for (i = 0; i < c.pci.n; i++) {
		const struct vg_dev *d = &c.pci.devs[i];

		pick[i] =
		    !vg_dev_is_bridge(d) && release_selected(&c, d) && held_by_vfio(o->root, d);
	}
	/* A VM holding /dev/vfio/N would make the unbind below block in the
	 * kernel (vfio's release-request loop): ask first. */
	if (check_in_use(&c, pick) < 0)
		goto out;
	for (i = 0; i < c.pci.n; i++) {
		const struct vg_dev *d = &c.pci.devs[i];
		size_t j;
		int r;

		if (!pick[i])
			continue;
		r = release_one(&c, d);
		if (r < 0 && first == 0)
			first = r;
		released += r == 0;
		/* A user the kernel waits for holds the whole group: each
		 * other unbind would wait as long. */
		for (j = i + 1; r == -ETIMEDOUT && j < c.pci.n; j++)
			if (pick[j] && d->group != VG_NO_GROUP && c.pci.devs[j].group == d->group) {
				hv_err("%s: not released: its group is held", c.pci.devs[j].name);
				pick[j] = false;
			}
	}
	if (!released && !first)
		printf("nothing to release: no named function is held by vfio\n");
	status = first < 0 ? HV_EXIT_FAIL : HV_EXIT_OK;
out:
	free(pick);
	finish(&c);
	return status;
}
