/* SPDX-License-Identifier: GPL-2.0-or-later */
/* moddep.c - modules.dep is "path: dep dep ...", one module per line;
 * modules.builtin is one path per line. Names compare with '-' == '_'. */
#include "moddep.h"

#include <errno.h>
#include <string.h>

static const char *const module_exts[] = {".ko", ".ko.gz", ".ko.xz", ".ko.zst"};

int vg_modname(const char *path, size_t len, char *out, size_t outlen)
{
	const char *base = path, *p;
	size_t blen, i;

	for (p = path; p < path + len; p++)
		if (*p == '/')
			base = p + 1;
	blen = (size_t)(path + len - base);
	for (i = 0; i < sizeof(module_exts) / sizeof(module_exts[0]); i++) {
		size_t elen = strlen(module_exts[i]);

		if (blen > elen && memcmp(base + blen - elen, module_exts[i], elen) == 0) {
			size_t n = blen - elen, k;

			if (n >= outlen)
				return -ENAMETOOLONG;
			for (k = 0; k < n; k++)
				out[k] = base[k] == '-' ? '_' : base[k];
			out[n] = '\0';
			return 0;
		}
	}
	return -EINVAL;
}

static bool name_is(const char *path, size_t len, const char *name)
{
	char got[VG_MODNAME_MAX];
	size_t i;

	if (vg_modname(path, len, got, sizeof(got)) < 0)
		return false;
	for (i = 0; got[i] || name[i]; i++)
		if (got[i] != (name[i] == '-' ? '_' : name[i]))
			return false;
	return true;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

int vg_moddep_find(const char *buf, size_t len, const char *name, struct vg_span *path,
		   struct vg_span *deps)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *eol = line_end(p, end);
		const char *colon = memchr(p, ':', (size_t)(eol - p));

		if (colon && name_is(p, (size_t)(colon - p), name)) {
			path->p = p;
			path->len = (size_t)(colon - p);
			deps->p = colon + 1;
			deps->len = (size_t)(eol - colon - 1);
			return 0;
		}
		p = eol + 1;
	}
	return -ENOENT;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

bool vg_moddep_next(struct vg_span *deps, struct vg_span *dep)
{
	const char *p = deps->p, *end = deps->p + deps->len, *start;

	while (p < end && is_blank(*p))
		p++;
	if (p == end) {
		deps->p = end;
		deps->len = 0;
		return false;
	}
	start = p;
	while (p < end && !is_blank(*p))
		p++;
	dep->p = start;
	dep->len = (size_t)(p - start);
	deps->len = (size_t)(end - p);
	deps->p = p;
	return true;
}

bool vg_builtin_has(const char *buf, size_t len, const char *name)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *eol = line_end(p, end);
		size_t l = (size_t)(eol - p);

		while (l && is_blank(p[l - 1]))
			l--;
		if (l && name_is(p, l, name))
			return true;
		p = eol + 1;
	}
	return false;
}
