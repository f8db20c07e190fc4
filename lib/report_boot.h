/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report_boot.h - the boot report, /run/vfio-gpu/boot.json (SPEC "Boot
 * report"): what the boot's run decided, loaded and read back, gathered as
 * it happens and written once at the end through a temporary name and a
 * rename, so that a reader (vfio-gpu status) never sees half a report. */
#ifndef VG_REPORT_BOOT_H
#define VG_REPORT_BOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "modload.h"
#include "params.h"
#include "pci.h"
#include "report.h"

#define VG_BOOT_REPORT "/run/vfio-gpu/boot.json"

/* A growing JSON text; a failed allocation sets oom and the report is not
 * written (never half a report). */
struct vg_jbuf {
	char *p;
	size_t len, cap;
	bool oom;
};

struct vg_boot_report {
	struct vg_jbuf decisions, modules, functions; /* comma-separated objects */
	char *scratch;				      /* VG_JSON_MAX bytes for one record */
};

/* The phase times in microseconds and the summary counts. */
struct vg_boot_summary {
	unsigned long long parse, scan, modules, bind, total;
	unsigned claimed, groups, refused, failed;
	const char *line; /* the summary as logged, without "vfio-gpu: " */
};

/* A plan decision, as vfio-gpu plan --json shows it (vg_rec_json). */
void vg_boot_rec(struct vg_boot_report *b, const struct vg_rec *rec);
/* A vfio module of the set (struct vg_modset's loaded callback). */
void vg_boot_module(void *b, const struct vg_module *m, const char *how, unsigned long long us,
		    int err);
/* A claimed function, its driver read back after the claim ("" none). */
void vg_boot_function(struct vg_boot_report *b, const struct vg_dev *d, int group, const char *by,
		      const char *driver, bool bound);

/* Write ROOT/run/vfio-gpu/boot.json (mkdir'ing run/ and run/vfio-gpu/ 0755
 * when missing). Returns 0 or -errno; the caller warns, the boot goes on. */
int vg_boot_write(const char *root, const struct vg_config *cfg, struct vg_boot_report *b,
		  const struct vg_boot_summary *s);
void vg_boot_free(struct vg_boot_report *b);

#endif
