/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report.h - plan records and their two formatters. The run hands records
 * (claim, skip, refuse, bad, error, load) across module boundaries; text (the
 * plan lines of SPEC "Command-line interface": --dry-run, the boot log,
 * vfio-gpu plan) and JSON (vfio-gpu plan --json) are made here, from the same
 * fields quoted the same way, and nothing ever parses the text back. */
#ifndef VG_REPORT_H
#define VG_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "modload.h"
#include "params.h"
#include "pci.h"
#include "select.h"

/* A load line's args may be 511 bytes, each escaped to 4. */
#define VG_LINE_MAX 2560
/* Its JSON object: every field and the line, each escaped once more. */
#define VG_JSON_MAX (VG_LINE_MAX * 5)

enum vg_rec_kind {
	VG_REC_CLAIM,  /* dev, group, by, target */
	VG_REC_SKIP,   /* dev, group, reason */
	VG_REC_REFUSE, /* dev (the offending function), group, reason */
	VG_REC_BAD,    /* bad */
	VG_REC_ERROR,  /* error and the fields it names */
	VG_REC_LOAD,   /* mod */
	/* SPEC "SR-IOV virtual functions and reset at boot" (lib/sriov.c): */
	VG_REC_VFS,   /* at (the PF), count */
	VG_REC_VF,    /* at (a VF the vfs entry creates), pf, index */
	VG_REC_RESET, /* at, method */
};

/* SPEC "Honest plans": what makes the boot fail or differ from the plan. */
enum vg_error {
	VG_ERROR_NO_IOMMU,	    /* option */
	VG_ERROR_MODULE_MISSING,    /* mod (name, path): the file is not there */
	VG_ERROR_MODULE_UNKNOWN,    /* mod (name), dir: modules.dep lacks it */
	VG_ERROR_NO_MODULES,	    /* dir: no lib/modules/KVER or no modules.dep */
	VG_ERROR_PCI_UNREADABLE,    /* dir */
	VG_ERROR_CMDLINE_TRUNCATED, /* token, token_long: the dropped partial token */
	VG_ERROR_NO_MATCH,	    /* entry: a selection entry that names no function */
	VG_ERROR_VFS,		    /* at (the PF), why: a vfs entry that cannot be done */
	VG_ERROR_RESET,		    /* at, why: a reset entry that cannot be done */
};

struct vg_rec {
	enum vg_rec_kind kind; /* the fields below that the kind names are set */
	const struct vg_dev *dev;
	int group;
	enum vg_by by;
	enum vg_reason reason;
	const struct vg_bad *bad;
	const struct vg_module *mod;
	const char *option;
	enum vg_error error;
	const char *dir;    /* a path under the root, the root not shown */
	const char *token;  /* "" when the cut fell between tokens */
	bool token_long;    /* token is a shortened copy */
	unsigned limit;	    /* cmdline-truncated: the COMMAND_LINE_SIZE applied */
	const char *target; /* claim: the driver module (vg_line_target) */
	const char *entry;  /* no-match: "vfio-gpu.addrs=0000:09:00.0" */
	/* refuse: the address (dev's, or an address that holds nothing: dev
	 * NULL); changed: the pin wanted. claim: named by a pin that held. */
	struct vg_addr at;
	struct vg_id want;
	bool pinned;
	/* claim, skip, refuse, no-match: VG_SRC_* of the selection (0: no
	 * selection file, no source field). A bad token says its own. */
	unsigned char source;
	/* vfs, vf, reset lines and their errors (lib/sriov.c) */
	unsigned count, index;
	struct vg_addr pf;
	const char *method;
	const char *why;
};

/* "file", "cmdline", "file,cmdline" (both named it): a source field's value. */
const char *vg_source_name(unsigned source);

/* A refuse line's computed values, as both formats show them. */
enum vg_field { VG_FIELD_DEV, VG_FIELD_CLASS, VG_FIELD_WANT, VG_FIELD_FOUND };
void vg_rec_field(const struct vg_rec *r, enum vg_field f, char *buf, size_t len);

/* "no-iommu", "module-missing", ... */
const char *vg_error_name(enum vg_error e);

/* The record of a plan line (the others are filled in where they arise). */
struct vg_rec vg_rec_of_line(const struct vg_pci *pci, const struct vg_line *l);

/* Escape a free-text value the one way both formats show it: printable
 * ASCII as is, anything else, the quote and the backslash as \xNN, and with
 * bare (a value not in quotes) a blank too. Returns the length written. */
size_t vg_escape(const char *in, char *out, size_t len, bool bare);

/* The plan line of a record, without a newline. */
void vg_rec_text(const struct vg_rec *rec, char *buf, size_t len);
/* The record as one JSON object: "kind", its fields (all strings, the same
 * escaped values the text shows) and "line" (the text). */
void vg_rec_json(const struct vg_rec *rec, char *buf, size_t len);

/* Write s into buf as a JSON string, quotes included. Valid UTF-8 passes;
 * control characters are \u00XX; a byte that is not part of valid UTF-8 is
 * written as the four characters \xNN (so the JSON stays valid). Returns the
 * length written, or the length needed when it does not fit (buf then holds
 * a valid, shorter string). */
size_t vg_json_str(const char *s, char *buf, size_t len);

/* The plan line formatters of before the records, kept for their callers. */
void vg_format_line(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len);
void vg_format_bad(const struct vg_bad *b, char *buf, size_t len);
void vg_format_load(const struct vg_module *m, char *buf, size_t len);

/* Human sentence for a refusal, for the error log. */
void vg_describe_refusal(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len);

#endif
