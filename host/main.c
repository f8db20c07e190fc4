/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - vfio-gpu: options and dispatch only; each subcommand has its own
 * file (list.c, plan.c, check.c, claim.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"

#ifndef VG_VERSION
#define VG_VERSION "0.1"
#endif

void hv_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vfio-gpu: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void hv_warn(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("vfio-gpu: warning: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fputs("usage: vfio-gpu [--root DIR] list [--json]\n"
	      "       vfio-gpu [--root DIR] plan [--cmdline STRING] [--json]\n"
	      "       vfio-gpu [--root DIR] check [--cmdline STRING] [--json]\n"
	      "       vfio-gpu [--root DIR] bind [--force] ADDR|GROUP...\n"
	      "       vfio-gpu [--root DIR] release [--force] ADDR|GROUP...\n"
	      "       vfio-gpu [--root DIR] status [--json]\n"
	      "       vfio-gpu [--root DIR] export nova|kubevirt [--cmdline STRING]\n"
	      "  --root DIR        read and write sys/, proc/, dev/, run/, lib/modules/, boot/ "
	      "under DIR;\n"
	      "                    never load a module into the running kernel\n"
	      "  --cmdline STRING  take the next boot's vfio-gpu.* parameters from STRING\n"
	      "                    (default: vfio-gpu-cmdline show --cmdline-only, else\n"
	      "                    /proc/cmdline)\n"
	      "  --json            machine-readable output\n"
	      "  --force           bind/release a group that is in use (with a warning)\n"
	      "See vfio-gpu(8).\n",
	      f);
}

static const struct {
	const char *name;
	int (*run)(const struct hv_opts *);
	bool json, cmdline;
} cmds[] = {
    {"list", hv_list, true, false},	   {"plan", hv_plan, true, true},
    {"check", hv_check, true, true},	   {"bind", hv_bind, false, false},
    {"release", hv_release, false, false}, {"status", hv_status, true, false},
    {"export", hv_export, false, true},
};

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vfio-gpu: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'vfio-gpu --help'.\n", stderr);
	return HV_EXIT_USAGE;
}

static int run(int argc, char **argv, struct hv_opts *op);

int main(int argc, char **argv)
{
	struct hv_opts o = {.root = "/"};
	int r;

	o.args = calloc((size_t)argc, sizeof(*o.args));
	if (!o.args)
		return HV_EXIT_FAIL;
	r = run(argc, argv, &o);
	fflush(stdout);
	free(o.args);
	return r;
}

static int run(int argc, char **argv, struct hv_opts *op)
{
	struct hv_opts o = *op;
	const char *cmd = NULL;
	bool opts_done = false;
	size_t c, which = 0;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (opts_done || a[0] != '-' || strcmp(a, "-") == 0) {
			if (cmd)
				o.args[o.nargs++] = argv[i];
			else
				cmd = a;
		} else if (strcmp(a, "--") == 0) {
			opts_done = true;
		} else if (strcmp(a, "--root") == 0 || strcmp(a, "--cmdline") == 0) {
			if (i + 1 >= argc)
				return usage_error("option '%s' needs a value", a);
			if (a[2] == 'r')
				o.root = argv[++i];
			else
				o.cmdline = argv[++i];
		} else if (strncmp(a, "--root=", 7) == 0) {
			o.root = a + 7;
		} else if (strncmp(a, "--cmdline=", 10) == 0) {
			o.cmdline = a + 10;
		} else if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (strcmp(a, "--force") == 0) {
			o.force = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			return HV_EXIT_OK;
		} else if (strcmp(a, "--version") == 0) {
			puts("vfio-gpu " VG_VERSION);
			return HV_EXIT_OK;
		} else {
			return usage_error("unknown option '%s'", a);
		}
	}
	/* SPEC --root: a path prefix that must not be empty (it would silently
	 * mean the running system). */
	if (!o.root[0])
		return usage_error("--root needs a non-empty DIR ('/' for the running system)");
	if (!cmd)
		return usage_error(
		    "no subcommand given (list, plan, check, bind, release, status or export)");
	for (c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++)
		if (strcmp(cmds[c].name, cmd) == 0)
			break;
	if (c == sizeof(cmds) / sizeof(cmds[0]))
		return usage_error(
		    "unknown subcommand '%s' (list, plan, check, bind, release, status or export)",
		    cmd);
	which = c;
	if (o.json && !cmds[which].json)
		return usage_error("--json does not go with %s", cmd);
	if (o.cmdline && !cmds[which].cmdline)
		return usage_error("--cmdline does not go with %s", cmd);
	if (o.force && cmds[which].run != hv_bind && cmds[which].run != hv_release)
		return usage_error("--force goes only with bind and release");
	/* "/" and "" are the same root; a trailing slash would double up. */
	if (strcmp(o.root, "/") == 0)
		o.root = "";
	vg_log_open(NULL, false);
	return cmds[which].run(&o);
}
