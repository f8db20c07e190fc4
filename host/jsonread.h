/* SPDX-License-Identifier: GPL-2.0-or-later */
/* jsonread.h - a small JSON reader (RFC 8259) for the files the tool reads
 * back, such as the binder's boot report: the whole text into a tree. */
#ifndef VG_HOST_JSONREAD_H
#define VG_HOST_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>

enum hv_jtype { HV_JNULL, HV_JBOOL, HV_JNUM, HV_JSTR, HV_JARR, HV_JOBJ };

struct hv_jv {
	enum hv_jtype type;
	bool b;
	double num;
	char *str;	     /* HV_JSTR: the value, unescaped (a \u0000 ends it) */
	struct hv_jv *items; /* HV_JARR, HV_JOBJ: n values */
	char **keys;	     /* HV_JOBJ: their n keys */
	size_t n;
};

/* Parse the whole of text (NUL-terminated): one value, white space around
 * it. Returns 0, -EINVAL for anything that is not JSON (with the byte offset
 * in *where), or -ENOMEM. *out is NULL on error. */
int hv_json_parse(const char *text, struct hv_jv **out, size_t *where);
void hv_json_free(struct hv_jv *v);

/* The member key of an object, or NULL (also when v is not an object). */
const struct hv_jv *hv_jget(const struct hv_jv *v, const char *key);
/* A string member, or NULL when absent or not a string. */
const char *hv_jstr(const struct hv_jv *v, const char *key);

#endif
