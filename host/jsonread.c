/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jsonread.c - a recursive-descent JSON reader, depth-limited, that keeps
 * what it reads in a tree of hv_jv; any deviation from RFC 8259 is -EINVAL,
 * so a truncated or garbled file is told apart from a valid one. */
#include "jsonread.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

struct rd {
	const char *s;
	size_t pos;
	int err;
};

static void ws(struct rd *r)
{
	while (strchr(" \t\r\n", r->s[r->pos]) && r->s[r->pos])
		r->pos++;
}

static int fail(struct rd *r, int err)
{
	if (!r->err)
		r->err = err;
	return r->err;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -EINVAL;
	}
	*out = v;
	return 0;
}

static size_t utf8_put(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* A string at r->pos (the opening quote); the unescaped copy is never
 * longer than the escaped text. */
static char *string(struct rd *r)
{
	const char *p = r->s + r->pos + 1;
	size_t len = 0, cap = strlen(p) + 1;
	char *o = malloc(cap);

	if (!o) {
		fail(r, -ENOMEM);
		return NULL;
	}
	for (;;) {
		unsigned char c = (unsigned char)*p++;
		unsigned cp, lo;

		if (c == '"')
			break;
		if (c < 0x20)
			goto bad; /* the end of the text, or a raw control character */
		if (c != '\\') {
			o[len++] = (char)c;
			continue;
		}
		switch (*p++) {
		case '"':
			o[len++] = '"';
			break;
		case '\\':
			o[len++] = '\\';
			break;
		case '/':
			o[len++] = '/';
			break;
		case 'b':
			o[len++] = '\b';
			break;
		case 'f':
			o[len++] = '\f';
			break;
		case 'n':
			o[len++] = '\n';
			break;
		case 'r':
			o[len++] = '\r';
			break;
		case 't':
			o[len++] = '\t';
			break;
		case 'u':
			if (hex4(p, &cp) < 0)
				goto bad;
			p += 4;
			if (cp >= 0xd800 && cp < 0xdc00 && p[0] == '\\' && p[1] == 'u' &&
			    hex4(p + 2, &lo) == 0 && lo >= 0xdc00 && lo < 0xe000) {
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				p += 6;
			}
			len += utf8_put(o + len, cp);
			break;
		default:
			goto bad;
		}
	}
	o[len] = '\0';
	r->pos = (size_t)(p - r->s);
	return o;
bad:
	free(o);
	fail(r, -EINVAL);
	return NULL;
}

static int value(struct rd *r, struct hv_jv *v, unsigned depth);

/* Members or elements up to close; obj: "key": value pairs. */
static int list(struct rd *r, struct hv_jv *v, char close, bool obj, unsigned depth)
{
	size_t cap = 0;

	r->pos++;
	ws(r);
	if (r->s[r->pos] == close) {
		r->pos++;
		return 0;
	}
	for (;;) {
		if (v->n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct hv_jv *ni = realloc(v->items, nc * sizeof(*ni));
			char **nk;

			if (!ni)
				return fail(r, -ENOMEM);
			v->items = ni;
			if (obj) {
				nk = realloc(v->keys, nc * sizeof(*nk));
				if (!nk)
					return fail(r, -ENOMEM);
				v->keys = nk;
			}
			cap = nc;
		}
		memset(&v->items[v->n], 0, sizeof(v->items[0]));
		if (obj) {
			ws(r);
			if (r->s[r->pos] != '"')
				return fail(r, -EINVAL);
			v->keys[v->n] = string(r);
			if (!v->keys[v->n])
				return r->err;
			ws(r);
			if (r->s[r->pos] != ':') {
				free(v->keys[v->n]);
				return fail(r, -EINVAL);
			}
			r->pos++;
		}
		v->n++;
		if (value(r, &v->items[v->n - 1], depth + 1) < 0)
			return r->err;
		ws(r);
		if (r->s[r->pos] == ',') {
			r->pos++;
			continue;
		}
		if (r->s[r->pos] != close)
			return fail(r, -EINVAL);
		r->pos++;
		return 0;
	}
}

static int number(struct rd *r, struct hv_jv *v)
{
	const char *p = r->s + r->pos, *start = p;
	char *end;

	/* The grammar first (strtod takes more: hex, inf, a leading '+'). */
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (*p >= '1' && *p <= '9')
		while (*p >= '0' && *p <= '9')
			p++;
	else
		return fail(r, -EINVAL);
	if (*p == '.') {
		if (*++p < '0' || *p > '9')
			return fail(r, -EINVAL);
		while (*p >= '0' && *p <= '9')
			p++;
	}
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (*p < '0' || *p > '9')
			return fail(r, -EINVAL);
		while (*p >= '0' && *p <= '9')
			p++;
	}
	v->type = HV_JNUM;
	v->num = strtod(start, &end);
	r->pos = (size_t)(p - r->s);
	return 0;
}

static int value(struct rd *r, struct hv_jv *v, unsigned depth)
{
	const char *p;

	if (depth > MAX_DEPTH)
		return fail(r, -EINVAL);
	ws(r);
	p = r->s + r->pos;
	switch (*p) {
	case '{':
		v->type = HV_JOBJ;
		return list(r, v, '}', true, depth);
	case '[':
		v->type = HV_JARR;
		return list(r, v, ']', false, depth);
	case '"':
		v->type = HV_JSTR;
		v->str = string(r);
		return v->str ? 0 : r->err;
	}
	if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0) {
		v->type = *p == 't' ? HV_JBOOL : HV_JNULL;
		v->b = *p == 't';
		r->pos += 4;
		return 0;
	}
	if (strncmp(p, "false", 5) == 0) {
		v->type = HV_JBOOL;
		r->pos += 5;
		return 0;
	}
	return number(r, v);
}

static void free_kids(struct hv_jv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free_kids(&v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
}

int hv_json_parse(const char *text, struct hv_jv **out, size_t *where)
{
	struct rd r = {.s = text};
	struct hv_jv *v = calloc(1, sizeof(*v));

	*out = NULL;
	if (!v)
		return -ENOMEM;
	if (value(&r, v, 0) == 0) {
		ws(&r);
		if (r.s[r.pos])
			fail(&r, -EINVAL);
	}
	if (r.err) {
		if (where)
			*where = r.pos;
		hv_json_free(v);
		return r.err;
	}
	*out = v;
	return 0;
}

void hv_json_free(struct hv_jv *v)
{
	if (!v)
		return;
	free_kids(v);
	free(v);
}

const struct hv_jv *hv_jget(const struct hv_jv *v, const char *key)
{
	size_t i;

	if (!v || v->type != HV_JOBJ)
		return NULL;
	for (i = 0; i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0)
			return &v->items[i];
	return NULL;
}

const char *hv_jstr(const struct hv_jv *v, const char *key)
{
	const struct hv_jv *m = hv_jget(v, key);

	return m && m->type == HV_JSTR ? m->str : NULL;
}
