/* SPDX-License-Identifier: GPL-2.0-or-later */
/* report_json.c - the JSON formatter of plan records (vfio-gpu plan --json,
 * and the boot report the binder writes). A record's fields are listed once, per
 * kind, in the order of its text line; each value is escaped by vg_escape as
 * the text line shows it, then written as a JSON string, and the object ends
 * with the text line itself ("line"). */
#include "report.h"

#include <stdio.h>
#include <string.h>

enum field_style {
	FIELD_WORD,   /* positional: "claim ADDR ID" */
	FIELD_KEY,    /* key=value */
	FIELD_QUOTED, /* key='value' */
};

/* Where a field's value comes from; each source has one JSON name
 * (src_names). 0 ends a layout. */
enum field_src {
	SRC_END,
	SRC_ADDR,
	SRC_DEV, /* the address again, named "dev" (refuse lines) */
	SRC_ID,
	SRC_GROUP,
	SRC_WAS,
	SRC_BY,
	SRC_REASON,
	SRC_CLASS,
	SRC_KEY,
	SRC_TOKEN,
	SRC_ERROR,
	SRC_OPTION,
	SRC_DIR,
	SRC_LIMIT,
	SRC_CUT,
	SRC_MODULE,
	SRC_PATH,
	SRC_ARGS,
	SRC_TARGET,
	SRC_WANT,
	SRC_FOUND,
	SRC_PIN,
	SRC_ENTRY,
	SRC_AT, /* the address of a vfs, vf or reset line */
	SRC_COUNT,
	SRC_PF,
	SRC_INDEX,
	SRC_METHOD,
	SRC_WHY,
};

static const char *const src_names[] = {
    [SRC_ADDR] = "address", [SRC_DEV] = "dev",	   [SRC_ID] = "id",	    [SRC_GROUP] = "group",
    [SRC_WAS] = "was",	    [SRC_BY] = "by",	   [SRC_REASON] = "reason", [SRC_CLASS] = "class",
    [SRC_KEY] = "key",	    [SRC_TOKEN] = "token", [SRC_ERROR] = "reason",  [SRC_OPTION] = "option",
    [SRC_DIR] = "dir",	    [SRC_LIMIT] = "limit", [SRC_CUT] = "token",	    [SRC_MODULE] = "module",
    [SRC_PATH] = "path",    [SRC_ARGS] = "args",   [SRC_TARGET] = "target", [SRC_WANT] = "want",
    [SRC_FOUND] = "found",  [SRC_PIN] = "pin",	   [SRC_ENTRY] = "entry",   [SRC_AT] = "address",
    [SRC_COUNT] = "count",  [SRC_PF] = "pf",	   [SRC_INDEX] = "index",   [SRC_METHOD] = "method",
    [SRC_WHY] = "why",
};

static const char *const kind_names[] = {
    [VG_REC_CLAIM] = "claim", [VG_REC_SKIP] = "skip",	[VG_REC_REFUSE] = "refuse",
    [VG_REC_BAD] = "bad",     [VG_REC_ERROR] = "error", [VG_REC_LOAD] = "load",
    [VG_REC_VFS] = "vfs",     [VG_REC_VF] = "vf",	[VG_REC_RESET] = "reset",
};

/* A field in one byte: its style above its source. Bytes, not structs of
 * pointers: the tables are in the static boot binder (the boot report),
 * where they cost 1.2 KB as pointers. */
#define F(style, src) ((unsigned char)((style) << 5 | (src)))
#define F_SRC(f)      ((f)&31)
#define F_STYLE(f)    ((f) >> 5)

#define MAX_FIELDS 7

/* The fields of each record kind, in the order of the text line. */
static const unsigned char layouts[][MAX_FIELDS] = {
    [VG_REC_CLAIM] = {F(FIELD_WORD, SRC_ADDR), F(FIELD_WORD, SRC_ID), F(FIELD_KEY, SRC_GROUP),
		      F(FIELD_KEY, SRC_WAS), F(FIELD_KEY, SRC_BY), F(FIELD_KEY, SRC_TARGET)},
    /* VG_REC_REFUSE: refuse_layouts, by reason */
    [VG_REC_SKIP] = {F(FIELD_WORD, SRC_ADDR), F(FIELD_WORD, SRC_ID), F(FIELD_KEY, SRC_GROUP),
		     F(FIELD_KEY, SRC_REASON)},
    [VG_REC_BAD] = {F(FIELD_WORD, SRC_KEY), F(FIELD_QUOTED, SRC_TOKEN)},
    /* VG_REC_ERROR: error_layouts, by reason */
    [VG_REC_LOAD] = {F(FIELD_WORD, SRC_MODULE), F(FIELD_KEY, SRC_PATH), F(FIELD_QUOTED, SRC_ARGS)},
    [VG_REC_VFS] = {F(FIELD_WORD, SRC_AT), F(FIELD_KEY, SRC_COUNT)},
    [VG_REC_VF] = {F(FIELD_WORD, SRC_AT), F(FIELD_KEY, SRC_PF), F(FIELD_KEY, SRC_INDEX)},
    [VG_REC_RESET] = {F(FIELD_WORD, SRC_AT), F(FIELD_KEY, SRC_METHOD)},
};

/* A claim named by a pin that held; the refuse lines: changed, the others. */
static const unsigned char claim_pin_layout[MAX_FIELDS] = {
    F(FIELD_WORD, SRC_ADDR), F(FIELD_WORD, SRC_ID), F(FIELD_KEY, SRC_GROUP),
    F(FIELD_KEY, SRC_WAS),   F(FIELD_KEY, SRC_BY),  F(FIELD_KEY, SRC_TARGET),
    F(FIELD_KEY, SRC_PIN)};
static const unsigned char refuse_layouts[][MAX_FIELDS] = {
    {F(FIELD_KEY, SRC_GROUP), F(FIELD_KEY, SRC_REASON), F(FIELD_KEY, SRC_DEV),
     F(FIELD_KEY, SRC_WANT), F(FIELD_KEY, SRC_FOUND)},
    {F(FIELD_KEY, SRC_GROUP), F(FIELD_KEY, SRC_REASON), F(FIELD_KEY, SRC_DEV),
     F(FIELD_KEY, SRC_CLASS)},
    {F(FIELD_KEY, SRC_GROUP), F(FIELD_KEY, SRC_REASON), F(FIELD_KEY, SRC_DEV)},
};

/* The fields of each error line, in the order of report.c error_text. */
static const unsigned char error_layouts[][MAX_FIELDS] = {
    [VG_ERROR_NO_IOMMU] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_OPTION)},
    [VG_ERROR_MODULE_MISSING] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_MODULE),
				 F(FIELD_KEY, SRC_PATH)},
    [VG_ERROR_MODULE_UNKNOWN] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_MODULE),
				 F(FIELD_KEY, SRC_DIR)},
    [VG_ERROR_NO_MODULES] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_DIR)},
    [VG_ERROR_PCI_UNREADABLE] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_DIR)},
    [VG_ERROR_CMDLINE_TRUNCATED] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_LIMIT),
				    F(FIELD_QUOTED, SRC_CUT)},
    [VG_ERROR_NO_MATCH] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_ENTRY)},
    [VG_ERROR_VFS] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_DEV), F(FIELD_QUOTED, SRC_WHY)},
    [VG_ERROR_RESET] = {F(FIELD_KEY, SRC_ERROR), F(FIELD_KEY, SRC_DEV), F(FIELD_QUOTED, SRC_WHY)},
};

/* Output into a fixed buffer: a unit (one character or one escape) is
 * written whole or not at all, and once one does not fit nothing more is. */
struct sink {
	char *buf;
	size_t len, pos, need;
	bool full;
};

static void sink_init(struct sink *s, char *buf, size_t len)
{
	s->buf = buf;
	s->len = len;
	s->pos = s->need = 0;
	s->full = len == 0;
	if (len)
		buf[0] = '\0';
}

/* reserve: bytes kept free for what must still close the output. */
static void put_unit(struct sink *s, const char *u, size_t n, size_t reserve)
{
	s->need += n;
	if (s->full || s->pos + n + reserve + 1 > s->len) {
		s->full = true;
		return;
	}
	memcpy(s->buf + s->pos, u, n);
	s->pos += n;
	s->buf[s->pos] = '\0';
}

static void put_str(struct sink *s, const char *str, size_t reserve)
{
	char c[1];

	for (; *str; str++) {
		c[0] = *str;
		put_unit(s, c, 1, reserve);
	}
}

/* A field's value, escaped as the text shows it. */
static void put_value(struct sink *s, const struct vg_rec *r, unsigned char f)
{
	const struct vg_dev *d = r->dev;
	const char *v = "";
	char tmp[24], esc[VG_LINE_MAX];

	switch (F_SRC(f)) {
	case SRC_ADDR:
		v = d->name;
		break;
	case SRC_DEV:
		vg_rec_field(r, VG_FIELD_DEV, tmp, sizeof(tmp));
		v = tmp;
		break;
	case SRC_WANT:
		vg_rec_field(r, VG_FIELD_WANT, tmp, sizeof(tmp));
		v = tmp;
		break;
	case SRC_FOUND:
		vg_rec_field(r, VG_FIELD_FOUND, tmp, sizeof(tmp));
		v = tmp;
		break;
	case SRC_PIN:
		v = "ok";
		break;
	case SRC_ID:
		snprintf(tmp, sizeof(tmp), "%04x:%04x", (unsigned)d->vendor, (unsigned)d->device);
		v = tmp;
		break;
	case SRC_GROUP:
		if (r->group == VG_NO_GROUP)
			v = "none";
		else
			snprintf(tmp, sizeof(tmp), "%d", r->group), v = tmp;
		break;
	case SRC_WAS:
		v = d->driver[0] ? d->driver : "-";
		break;
	case SRC_BY:
		v = vg_by_name(r->by);
		break;
	case SRC_REASON:
		v = vg_reason_name(r->reason);
		break;
	case SRC_CLASS:
		vg_rec_field(r, VG_FIELD_CLASS, tmp, sizeof(tmp));
		v = tmp;
		break;
	case SRC_KEY:
		v = r->bad->key;
		break;
	case SRC_TOKEN:
		v = r->bad->token;
		break;
	case SRC_ERROR:
		v = vg_error_name(r->error);
		break;
	case SRC_OPTION:
		v = r->option;
		break;
	case SRC_DIR:
		v = r->dir;
		break;
	case SRC_LIMIT:
		snprintf(tmp, sizeof(tmp), "%u", r->limit);
		v = tmp;
		break;
	case SRC_CUT:
		v = r->token;
		break;
	case SRC_MODULE:
		v = r->mod->name;
		break;
	case SRC_PATH:
		v = r->mod->path;
		break;
	case SRC_ARGS:
		v = r->mod->args;
		break;
	case SRC_TARGET:
		v = r->target ? r->target : "vfio_pci";
		break;
	case SRC_ENTRY:
		v = r->entry;
		break;
	case SRC_AT:
		vg_addr_format(&r->at, tmp, sizeof(tmp));
		v = tmp;
		break;
	case SRC_PF:
		vg_addr_format(&r->pf, tmp, sizeof(tmp));
		v = tmp;
		break;
	case SRC_COUNT:
	case SRC_INDEX:
		snprintf(tmp, sizeof(tmp), "%u", F_SRC(f) == SRC_COUNT ? r->count : r->index);
		v = tmp;
		break;
	case SRC_METHOD:
		v = r->method;
		break;
	case SRC_WHY:
		v = r->why;
		break;
	}
	vg_escape(v, esc, sizeof(esc), F_STYLE(f) != FIELD_QUOTED);
	put_str(s, esc, 0);
	if ((F_SRC(f) == SRC_TOKEN && r->bad->truncated) || (F_SRC(f) == SRC_CUT && r->token_long))
		put_str(s, "...", 0);
}

static bool cont(unsigned char c, unsigned char lo, unsigned char hi)
{
	return c >= lo && c <= hi;
}

/* Length of the valid UTF-8 sequence at p (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];

	if (c >= 0xc2 && c <= 0xdf)
		return cont(p[1], 0x80, 0xbf) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		unsigned char lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;

		return cont(p[1], lo, hi) && cont(p[2], 0x80, 0xbf) ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		unsigned char lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;

		return cont(p[1], lo, hi) && cont(p[2], 0x80, 0xbf) && cont(p[3], 0x80, 0xbf) ? 4
											      : 0;
	}
	return 0;
}

/* A JSON string into the sink, closing quote guaranteed when buf has room
 * for the two quotes. */
static void put_json(struct sink *s, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)str;
	bool opened;

	put_unit(s, "\"", 1, 1);
	opened = !s->full;
	while (*p) {
		unsigned char c = *p;
		char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
		size_t n;

		if (c == '"' || c == '\\') {
			u[1] = (char)c;
			put_unit(s, u, 2, 1);
		} else if (c == '\n') {
			put_unit(s, "\\n", 2, 1);
		} else if (c == '\t') {
			put_unit(s, "\\t", 2, 1);
		} else if (c == '\r') {
			put_unit(s, "\\r", 2, 1);
		} else if (c < 0x20 || c == 0x7f) {
			put_unit(s, u, 6, 1);
		} else if (c < 0x80) {
			put_unit(s, (const char *)p, 1, 1);
		} else if ((n = utf8_len(p)) != 0) {
			put_unit(s, (const char *)p, n, 1);
			p += n;
			continue;
		} else {
			/* Not UTF-8: the backslash itself escaped, "\\xff". */
			char x[5] = {'\\', '\\', 'x', hex[c >> 4], hex[c & 15]};

			put_unit(s, x, 5, 1);
		}
		p++;
	}
	/* Every unit above left a byte for this quote. */
	if (opened) {
		s->buf[s->pos++] = '"';
		s->buf[s->pos] = '\0';
	}
	s->need++;
}

size_t vg_json_str(const char *str, char *buf, size_t len)
{
	struct sink s;

	sink_init(&s, buf, len);
	if (len < 3)
		return 2;
	put_json(&s, str);
	return s.need;
}

static const unsigned char *layout_of(const struct vg_rec *rec)
{
	if (rec->kind == VG_REC_ERROR)
		return error_layouts[rec->error];
	if (rec->kind == VG_REC_REFUSE)
		return refuse_layouts[rec->reason == VG_REASON_CHANGED ? 0
				      : rec->reason == VG_REASON_CARD  ? 2
								       : 1];
	if (rec->kind == VG_REC_CLAIM && rec->pinned)
		return claim_pin_layout;
	return layouts[rec->kind];
}

void vg_rec_json(const struct vg_rec *rec, char *buf, size_t len)
{
	const unsigned char *lo = layout_of(rec);
	char line[VG_LINE_MAX], val[VG_LINE_MAX];
	struct sink s, v;
	unsigned i;

	vg_rec_text(rec, line, sizeof(line));
	sink_init(&s, buf, len);
	put_str(&s, "{\"kind\":", 0);
	put_json(&s, kind_names[rec->kind]);
	for (i = 0; i < MAX_FIELDS && lo[i] != SRC_END; i++) {
		put_str(&s, ",", 0);
		put_json(&s, src_names[F_SRC(lo[i])]);
		put_str(&s, ":", 0);
		sink_init(&v, val, sizeof(val));
		put_value(&v, rec, lo[i]);
		put_json(&s, val);
	}
	/* The fields that only a selection file brings, after the others. */
	if (rec->source && rec->kind != VG_REC_BAD && rec->kind != VG_REC_LOAD) {
		put_str(&s, ",\"source\":", 0);
		put_json(&s, vg_source_name(rec->source));
	}
	if (rec->kind == VG_REC_BAD && rec->bad->line) {
		char esc[VG_LINE_MAX / 2]; /* a long name is cut, never the line */

		vg_escape(rec->bad->file, esc, sizeof(esc), true);
		snprintf(val, sizeof(val), "%s:%u", esc, rec->bad->line);
		put_str(&s, ",\"source\":\"file\",\"at\":", 0);
		put_json(&s, val);
	}
	put_str(&s, ",\"line\":", 0);
	put_json(&s, line);
	put_str(&s, "}", 0);
}
