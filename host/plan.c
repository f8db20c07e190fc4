/* SPDX-License-Identifier: GPL-2.0-or-later */
/* plan.c - `vfio-gpu plan`: what vfio-gpu-early will do at the next boot,
 * with the command line the boot loader is configured with (nextline.c).
 * The plan is the binder's own run (vg_run with dry_run), so its lines, their
 * order and the exit status are those of `vfio-gpu-early --dry-run` by
 * construction; --json takes the run's records and formats each with the
 * core's JSON formatter (nothing printed is read back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cmdline_size.h"
#include "host.h"
#include "json.h"
#include "report.h"
#include "run.h"

struct collect {
	unsigned n;
	char obj[VG_JSON_MAX];
};

static void on_rec(void *ctx, const struct vg_rec *rec)
{
	struct collect *c = ctx;

	vg_rec_json(rec, c->obj, sizeof(c->obj));
	printf("%s%s", c->n++ ? "," : "", c->obj);
}

/* The kernel the plan is for keeps COMMAND_LINE_SIZE - 1 bytes of the line:
 * the running machine's architecture (uname), or --arch MACHINE's. */
static int target_size(const char *arch, unsigned *size)
{
	struct utsname u;

	if (!arch) {
		*size = uname(&u) == 0 ? vg_cmdline_size_of(u.machine) : 0;
		return 0; /* unknown: the binder's own, as vg_run does */
	}
	*size = vg_cmdline_size_of(arch);
	if (*size)
		return 0;
	hv_err("--arch '%s' is not an architecture whose command line size is known (x86_64, "
	       "i686, aarch64, ppc64le, s390x, riscv64)",
	       arch);
	return HV_EXIT_USAGE;
}

int hv_plan(const struct hv_opts *o)
{
	struct vg_opts vo = {.root = o->root, .dry_run = true};
	struct collect *c;
	struct hv_next nx;
	int r;

	if (o->nargs) {
		hv_err("plan takes no operands ('%s'); use --cmdline STRING", o->args[0]);
		return HV_EXIT_USAGE;
	}
	r = target_size(o->arch, &vo.cmdline_size);
	if (r)
		return r;
	/* The next boot's line: --cmdline, else the boot loader's, else (NULL)
	 * the binder reads ROOT/proc/cmdline itself, as it does at boot. */
	hv_next_cmdline(o, o->json, &nx);
	vo.cmdline = nx.text;
	hv_next_conf(o, &vo);
	if (!o->json) {
		r = vg_run(&vo);
		hv_next_free(&nx);
		return r ? HV_EXIT_FAIL : HV_EXIT_OK;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		hv_next_free(&nx);
		hv_err("out of memory");
		return HV_EXIT_FAIL;
	}
	vo.rec = on_rec;
	vo.rec_ctx = c;
	printf("{\"source\":");
	hv_json_str(stdout, nx.source);
	printf(",\"lines\":[");
	r = vg_run(&vo);
	printf("],\"ok\":%s}\n", r ? "false" : "true");
	free(c);
	hv_next_free(&nx);
	return r ? HV_EXIT_FAIL : HV_EXIT_OK;
}
