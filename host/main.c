/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - vfio-gpu: options and dispatch only; each subcommand has its own
 * file (list.c, plan.c, check.c, claim.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "log.h"
#include "rootfs.h"

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

static const char root_help[] =
    "  --root DIR        read and write sys/, proc/, dev/, run/, lib/modules/, boot/ "
    "under DIR;\n"
    "                    never load a module into the running kernel\n";
static const char cmdline_help[] =
    "  --cmdline STRING  take the next boot's vfio-gpu.* parameters from STRING\n"
    "                    (default: vfio-gpu-cmdline show --cmdline-only, else\n"
    "                    /proc/cmdline)\n"
    "  --conf FILE       the selection file read before the command line (default:\n"
    "                    ROOT/etc/vfio-gpu/vfio-gpu.conf, what the hooks copy into\n"
    "                    the image; '' for none)\n";
static const char json_help[] = "  --json            machine-readable output\n";
static const char force_help[] =
    "  --force           bind/release a group that is in use (with a warning)\n";

/* Each subcommand's synopsis and what it does: `vfio-gpu help CMD` and
 * `vfio-gpu CMD --help` print one entry, `vfio-gpu --help` every synopsis. */
static const struct {
	const char *name;
	int (*run)(const struct hv_opts *);
	bool json, cmdline;
	const char *synopsis, *what;
} cmds[] = {
    {"list", hv_list, true, false, "list [--json]",
     "every IOMMU group with its functions, drivers and boot VGA mark, and whether\n"
     "the group is viable for vfio"},
    {"plan", hv_plan, true, true, "plan [--cmdline STRING] [--conf FILE] [--arch MACHINE] [--json]",
     "what the early binder will do at the next boot (the binder's --dry-run lines);\n"
     "--arch: the command line limit of that architecture's kernel (default: uname -m);\n"
     "exit 1 when the plan has a bad, refuse or error line"},
    {"check", hv_check, true, true, "check [--cmdline STRING] [--conf FILE] [--json]",
     "preflight: IOMMU, vfio modules, initramfs images, every selected group viable\n"
     "and safe; one PASS/WARN/FAIL line each, exit 0 only with no FAIL"},
    {"bind", hv_bind, false, false, "bind [--force] ADDR|GROUP...",
     "claim whole IOMMU groups for vfio now, all or nothing per group; a group in\n"
     "use is refused unless --force"},
    {"release", hv_release, false, false, "release [--force] ADDR|GROUP...",
     "give whole IOMMU groups back to their host drivers"},
    {"status", hv_status, true, false, "status [--json]",
     "what the last boot claimed, and whether each function is still on vfio;\n"
     "exit 0 only when everything claimed at boot still is"},
    {"export", hv_export, false, true,
     "export nova|kubevirt|libvirt [--with-siblings] [--hide-kvm] [--cmdline STRING]\n"
     "       [--conf FILE]",
     "the configuration the next boot's selection implies for nova, KubeVirt or\n"
     "libvirt, a card as one unit (nova --with-siblings: offer a card's other\n"
     "functions too; --hide-kvm: the domain features NVIDIA consumer drivers need)"},
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	size_t c;

	for (c = 0; c < N_CMDS; c++)
		fprintf(f, "%s vfio-gpu [--root DIR] %s\n",
			c ? "      " : "usage:", cmds[c].synopsis);
	fputs("       vfio-gpu help [SUBCMD]\n", f);
	fprintf(f, "%s%s%s%s", root_help, cmdline_help, json_help, force_help);
	fputs("See vfio-gpu(8).\n", f);
}

static void cmd_usage(size_t c)
{
	bool force = cmds[c].run == hv_bind || cmds[c].run == hv_release;

	printf("usage: vfio-gpu [--root DIR] %s\n%s.\n", cmds[c].synopsis, cmds[c].what);
	printf("%s%s%s%s", root_help, cmds[c].cmdline ? cmdline_help : "",
	       cmds[c].json ? json_help : "", force ? force_help : "");
	printf("See vfio-gpu(8), section %s.\n", cmds[c].name);
}

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
	bool opts_done = false, help = false;
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
		} else if (strcmp(a, "--root") == 0 || strcmp(a, "--cmdline") == 0 ||
			   strcmp(a, "--arch") == 0 || strcmp(a, "--conf") == 0) {
			if (i + 1 >= argc)
				return usage_error("option '%s' needs a value", a);
			if (a[2] == 'r')
				o.root = argv[++i];
			else if (a[2] == 'a')
				o.arch = argv[++i];
			else if (a[3] == 'o')
				o.conf = argv[++i];
			else
				o.cmdline = argv[++i];
		} else if (strncmp(a, "--conf=", 7) == 0) {
			o.conf = a + 7;
		} else if (strncmp(a, "--arch=", 7) == 0) {
			o.arch = a + 7;
		} else if (strncmp(a, "--root=", 7) == 0) {
			o.root = a + 7;
		} else if (strncmp(a, "--cmdline=", 10) == 0) {
			o.cmdline = a + 10;
		} else if (strcmp(a, "--json") == 0) {
			o.json = true;
		} else if (strcmp(a, "--force") == 0) {
			o.force = true;
		} else if (strcmp(a, "--hide-kvm") == 0) {
			o.hide_kvm = true;
		} else if (strcmp(a, "--with-siblings") == 0) {
			o.with_siblings = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			help = true;
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
	/* `help [SUBCMD]` is `SUBCMD --help`; `help` alone the whole usage. */
	if (cmd && strcmp(cmd, "help") == 0) {
		if (o.nargs > 1)
			return usage_error("help takes at most one subcommand");
		help = true;
		cmd = o.nargs ? o.args[0] : NULL;
	}
	if (help && !cmd) {
		usage(stdout);
		return HV_EXIT_OK;
	}
	if (!cmd)
		return usage_error(
		    "no subcommand given (list, plan, check, bind, release, status or export)");
	for (c = 0; c < N_CMDS; c++)
		if (strcmp(cmds[c].name, cmd) == 0)
			break;
	if (c == N_CMDS)
		return usage_error(
		    "unknown subcommand '%s' (list, plan, check, bind, release, status or export)",
		    cmd);
	which = c;
	if (help) {
		cmd_usage(which);
		return HV_EXIT_OK;
	}
	if (o.json && !cmds[which].json)
		return usage_error("--json does not go with %s", cmd);
	if (o.cmdline && !cmds[which].cmdline)
		return usage_error("--cmdline does not go with %s", cmd);
	if (o.conf && !cmds[which].cmdline)
		return usage_error("--conf does not go with %s", cmd);
	if (o.arch && cmds[which].run != hv_plan)
		return usage_error("--arch goes only with plan");
	if (o.force && cmds[which].run != hv_bind && cmds[which].run != hv_release)
		return usage_error("--force goes only with bind and release");
	/* "/" and "" are the same root; a trailing slash would double up. */
	if (strcmp(o.root, "/") == 0)
		o.root = "";
	vg_log_open(NULL, false);
	vg_root_set(o.root); /* a failure shows as each open's error */
	return cmds[which].run(&o);
}
