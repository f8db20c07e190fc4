/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - vfio-gpu-early: options only; vg_run() does the work. */
#include <stdio.h>
#include <string.h>

#include "rootfs.h"
#include "run.h"
#include "split.h"
#include "validate.h"

#ifndef VG_VERSION
#define VG_VERSION "0.1"
#endif

static void usage(FILE *f)
{
	fputs("usage: vfio-gpu-early [--root DIR] [--cmdline STRING] [--dry-run] [--verbose]\n"
	      "       vfio-gpu-early [--root DIR] [--cmdline STRING] --device ADDR\n"
	      "       vfio-gpu-early --validate ARG...\n"
	      "       vfio-gpu-early --split [--] LINE\n"
	      "Claims the IOMMU groups named on the kernel command line for vfio-pci.\n"
	      "  --root DIR        read proc/, sys/ and lib/modules/ under DIR; load nothing\n"
	      "  --cmdline STRING  use STRING instead of /proc/cmdline\n"
	      "  --dry-run         print the plan on stdout and change nothing\n"
	      "  --verbose         log every decision\n"
	      "  --device ADDR     a late device (udev add event): ADDR alone, if selected\n"
	      "  --validate ARG... check boot options with this parser: ok/bad per ARG\n"
	      "  --split LINE      print LINE's tokens as the kernel splits them\n",
	      f);
}

int main(int argc, char **argv)
{
	struct vg_opts o = {.root = ""};
	int i;

	/* Everything after --validate is an argument to judge, even "--root". */
	if (argc > 1 && strcmp(argv[1], "--validate") == 0) {
		if (argc == 2) {
			usage(stderr);
			return 2;
		}
		return vg_validate(argv + 2, argc - 2, stdout);
	}
	/* One LINE, which may start with '-' after "--". */
	if (argc > 1 && strcmp(argv[1], "--split") == 0) {
		i = argc > 2 && strcmp(argv[2], "--") == 0 ? 3 : 2;
		if (argc != i + 1) {
			usage(stderr);
			return 2;
		}
		return vg_split_print(argv[i], stdout);
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		/* An empty DIR is an error, never the live system (SPEC --root). */
		if (strcmp(a, "--root") == 0 && i + 1 < argc && argv[i + 1][0]) {
			o.root = argv[++i];
		} else if (strcmp(a, "--cmdline") == 0 && i + 1 < argc) {
			o.cmdline = argv[++i];
		} else if (strcmp(a, "--dry-run") == 0) {
			o.dry_run = 1;
		} else if (strcmp(a, "--device") == 0 && i + 1 < argc) {
			o.device = argv[++i];
		} else if (strcmp(a, "--verbose") == 0) {
			o.verbose = 1;
		} else if (strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			puts("vfio-gpu-early " VG_VERSION);
			return 0;
		} else {
			fprintf(stderr, "vfio-gpu-early: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return 2;
		}
	}
	/* "/" and "" are the same root; a trailing slash would double up. */
	if (strcmp(o.root, "/") == 0)
		o.root = "";
	o.boot = !o.root[0] && !o.cmdline && !o.dry_run;
	vg_root_set(o.root); /* a failure shows as each open's error */
	return vg_run(&o);
}
