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
	VG_REC_CLAIM,  /* dev, group, by */
	VG_REC_SKIP,   /* dev, group, reason */
	VG_REC_REFUSE, /* dev (the offending function), group, reason */
	VG_REC_BAD,    /* bad */
	VG_REC_ERROR,  /* reason=no-iommu, option */
	VG_REC_LOAD,   /* mod */
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
};

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
