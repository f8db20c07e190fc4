/* report.c - records to text and JSON; where the output goes is the
 * caller's choice. A record is first turned into its list of fields; both
 * formatters walk that one list, so a field is escaped once, one way:
 * printable ASCII as is, anything else (and the quote and the backslash) as
 * \xNN, and in an unquoted value a blank too, so that no value can end its
 * field, start another or start a new line. */
#include "report.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum field_style {
	FIELD_WORD,   /* positional: "claim ADDR ID" */
	FIELD_KEY,    /* key=value */
	FIELD_QUOTED, /* key='value' */
};

struct field {
	const char *name;
	enum field_style style;
	const char *val;
	const char *suffix; /* appended after escaping ("..." of a cut token) */
};

#define MAX_FIELDS 6

struct fields {
	const char *kind;
	struct field f[MAX_FIELDS];
	unsigned n;
	char id[16], group[16], class_[8];
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

static void put_escaped(struct sink *s, const char *in, bool bare)
{
	static const char hex[] = "0123456789abcdef";

	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		char u[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};

		if (c > 0x20 && c < 0x7f && c != '\'' && c != '\\')
			put_unit(s, in, 1, 0);
		else if (c == ' ' && !bare)
			put_unit(s, in, 1, 0);
		else
			put_unit(s, u, 4, 0);
	}
}

static void add(struct fields *fs, const char *name, enum field_style style, const char *val)
{
	struct field *f = &fs->f[fs->n++];

	f->name = name;
	f->style = style;
	f->val = val ? val : "";
	f->suffix = "";
}

static void group_str(char *buf, size_t len, int group)
{
	if (group == VG_NO_GROUP)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "%d", group);
}

static void fields_of(const struct vg_rec *r, struct fields *fs)
{
	const struct vg_dev *d = r->dev;

	memset(fs, 0, sizeof(*fs));
	if (d)
		snprintf(fs->id, sizeof(fs->id), "%04x:%04x", (unsigned)d->vendor,
			 (unsigned)d->device);
	group_str(fs->group, sizeof(fs->group), r->group);
	switch (r->kind) {
	case VG_REC_CLAIM:
		fs->kind = "claim";
		add(fs, "address", FIELD_WORD, d->name);
		add(fs, "id", FIELD_WORD, fs->id);
		add(fs, "group", FIELD_KEY, fs->group);
		add(fs, "was", FIELD_KEY, d->driver[0] ? d->driver : "-");
		add(fs, "by", FIELD_KEY, vg_by_name(r->by));
		break;
	case VG_REC_SKIP:
		fs->kind = "skip";
		add(fs, "address", FIELD_WORD, d->name);
		add(fs, "id", FIELD_WORD, fs->id);
		add(fs, "group", FIELD_KEY, fs->group);
		add(fs, "reason", FIELD_KEY, vg_reason_name(r->reason));
		break;
	case VG_REC_REFUSE:
		fs->kind = "refuse";
		snprintf(fs->class_, sizeof(fs->class_), "%04x", (unsigned)(d->class >> 8) & 0xffff);
		add(fs, "group", FIELD_KEY, fs->group);
		add(fs, "reason", FIELD_KEY, vg_reason_name(r->reason));
		add(fs, "dev", FIELD_KEY, d->name);
		add(fs, "class", FIELD_KEY, fs->class_);
		break;
	case VG_REC_BAD:
		fs->kind = "bad";
		add(fs, "key", FIELD_WORD, r->bad->key);
		add(fs, "token", FIELD_QUOTED, r->bad->token);
		if (r->bad->truncated)
			fs->f[fs->n - 1].suffix = "...";
		break;
	case VG_REC_ERROR:
		fs->kind = "error";
		add(fs, "reason", FIELD_KEY, "no-iommu");
		add(fs, "option", FIELD_KEY, r->option);
		break;
	case VG_REC_LOAD:
		fs->kind = "load";
		add(fs, "module", FIELD_WORD, r->mod->name);
		add(fs, "path", FIELD_KEY, r->mod->path);
		add(fs, "args", FIELD_QUOTED, r->mod->args);
		break;
	}
}

static void put_value(struct sink *s, const struct field *f)
{
	put_escaped(s, f->val, f->style != FIELD_QUOTED);
	put_str(s, f->suffix, 0);
}

static void text_of(const struct fields *fs, char *buf, size_t len)
{
	struct sink s;
	unsigned i;

	sink_init(&s, buf, len);
	put_str(&s, fs->kind, 0);
	for (i = 0; i < fs->n; i++) {
		const struct field *f = &fs->f[i];

		put_str(&s, " ", 0);
		if (f->style != FIELD_WORD) {
			put_str(&s, f->name, 0);
			put_str(&s, f->style == FIELD_QUOTED ? "='" : "=", 0);
		}
		put_value(&s, f);
		if (f->style == FIELD_QUOTED)
			put_str(&s, "'", 0);
	}
}

void vg_rec_text(const struct vg_rec *rec, char *buf, size_t len)
{
	struct fields fs;

	fields_of(rec, &fs);
	text_of(&fs, buf, len);
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

		return cont(p[1], lo, hi) && cont(p[2], 0x80, 0xbf) && cont(p[3], 0x80, 0xbf)
			       ? 4
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

void vg_rec_json(const struct vg_rec *rec, char *buf, size_t len)
{
	char line[VG_LINE_MAX], val[VG_LINE_MAX];
	struct fields fs;
	struct sink s, v;
	unsigned i;

	fields_of(rec, &fs);
	text_of(&fs, line, sizeof(line));
	sink_init(&s, buf, len);
	put_str(&s, "{\"kind\":", 0);
	put_json(&s, fs.kind);
	for (i = 0; i < fs.n; i++) {
		put_str(&s, ",", 0);
		put_json(&s, fs.f[i].name);
		put_str(&s, ":", 0);
		sink_init(&v, val, sizeof(val));
		put_value(&v, &fs.f[i]);
		put_json(&s, val);
	}
	put_str(&s, ",\"line\":", 0);
	put_json(&s, line);
	put_str(&s, "}", 0);
}

struct vg_rec vg_rec_of_line(const struct vg_pci *pci, const struct vg_line *l)
{
	struct vg_rec r = {.dev = &pci->devs[l->dev], .group = l->group, .by = l->by,
			   .reason = l->reason};

	r.kind = l->kind == VG_LINE_CLAIM  ? VG_REC_CLAIM
		 : l->kind == VG_LINE_SKIP ? VG_REC_SKIP
					   : VG_REC_REFUSE;
	return r;
}

struct vg_rec vg_rec_of_bad(const struct vg_bad *b)
{
	struct vg_rec r = {.kind = VG_REC_BAD, .bad = b, .group = VG_NO_GROUP};

	return r;
}

struct vg_rec vg_rec_of_load(const struct vg_module *m)
{
	struct vg_rec r = {.kind = VG_REC_LOAD, .mod = m, .group = VG_NO_GROUP};

	return r;
}

struct vg_rec vg_rec_of_no_iommu(const char *option)
{
	struct vg_rec r = {.kind = VG_REC_ERROR, .option = option, .group = VG_NO_GROUP};

	return r;
}

void vg_format_line(const struct vg_pci *pci, const struct vg_line *l, char *buf, size_t len)
{
	struct vg_rec r = vg_rec_of_line(pci, l);

	vg_rec_text(&r, buf, len);
}

void vg_format_bad(const struct vg_bad *b, char *buf, size_t len)
{
	struct vg_rec r = vg_rec_of_bad(b);

	vg_rec_text(&r, buf, len);
}

void vg_format_load(const struct vg_module *m, char *buf, size_t len)
{
	struct vg_rec r = vg_rec_of_load(m);

	vg_rec_text(&r, buf, len);
}

void vg_describe_refusal(const struct vg_pci *pci, const struct vg_line *l, char *buf,
			 size_t len)
{
	const struct vg_dev *d = &pci->devs[l->dev];
	const char *why;

	switch (l->reason) {
	case VG_REASON_PROTECTED:
		why = (d->class >> 16) == 0x01
			      ? "is a storage controller not named in vfio-gpu.ids or vfio-gpu.addrs"
			      : "is a network device not named in vfio-gpu.ids or vfio-gpu.addrs";
		break;
	case VG_REASON_BOOT_VGA:
		why = "is the boot VGA device, selected only by vfio-gpu.ids (name it in "
		      "vfio-gpu.addrs or add vfio-gpu.boot_vga=1)";
		break;
	case VG_REASON_UNREADABLE:
		why = "has attributes that cannot be read, so it cannot be checked";
		break;
	case VG_REASON_NO_GROUP:
		why = "has no IOMMU group";
		break;
	default:
		why = "is not safe to take";
		break;
	}
	if (l->group == VG_NO_GROUP)
		snprintf(buf, len, "refusing %s (class %04x): it %s", d->name,
			 (unsigned)(d->class >> 8), why);
	else
		snprintf(buf, len,
			 "refusing IOMMU group %d: %s (class %04x) %s; nothing in the group was "
			 "touched",
			 l->group, d->name, (unsigned)(d->class >> 8), why);
}
