/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modprobe_d.c - "options" lines of modprobe.d (continuation lines with a
 * trailing backslash, '#' comment lines); every other command is modprobe's
 * business, not ours. */
#include "modprobe_d.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "params.h"
#include "rootfs.h"
#include "sysfs.h"

#define MAX_CONF_FILES 128
#define MAX_CONF_SIZE  (1 << 20)

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Append the words in [p, end) to out, one space between them. */
static int append_words(const char *p, const char *end, char *out, size_t outlen)
{
	size_t used = strlen(out);

	while (p < end) {
		const char *w;

		while (p < end && is_ws(*p))
			p++;
		if (p == end)
			break;
		w = p;
		while (p < end && !is_ws(*p))
			p++;
		if (used + (used != 0) + (size_t)(p - w) + 1 > outlen)
			return -E2BIG;
		if (used)
			out[used++] = ' ';
		memcpy(out + used, w, (size_t)(p - w));
		used += (size_t)(p - w);
		out[used] = '\0';
	}
	return 0;
}

/* One logical line (continuations already joined into line, backslashes
 * blanked). */
static int one_line(char *line, size_t len, const char *name, char *out, size_t outlen)
{
	char *p = line, *end = line + len, *w;

	while (p < end && is_ws(*p))
		p++;
	if (p == end || *p == '#')
		return 0;
	if ((size_t)(end - p) < 8 || memcmp(p, "options", 7) != 0 || !is_ws(p[7]))
		return 0;
	p += 7;
	while (p < end && is_ws(*p))
		p++;
	w = p;
	while (p < end && !is_ws(*p))
		p++;
	if (p == w || !vg_modname_eq(w, (size_t)(p - w), name))
		return 0;
	return append_words(p, end, out, outlen);
}

int vg_modprobe_options(const char *buf, size_t len, const char *name, char *out, size_t outlen)
{
	char line[4096];
	size_t ll = 0, i, start = strlen(out);
	int r = 0;

	for (i = 0; i <= len && r == 0; i++) {
		char c = i < len ? buf[i] : '\n';

		if (c == '\n') {
			/* A backslash before the newline continues the line. */
			if (ll && line[ll - 1] == '\\' && i < len) {
				line[ll - 1] = ' ';
				continue;
			}
			r = one_line(line, ll, name, out, outlen);
			ll = 0;
		} else if (ll < sizeof(line)) {
			line[ll++] = c;
		}
		/* Longer logical lines are cut: no option line is that long. */
	}
	if (r < 0)
		out[start] = '\0'; /* all of this file's options or none */
	return r;
}

struct conf {
	char name[256];
	const char *dir;
};

static int conf_cmp(const void *a, const void *b)
{
	return strcmp(((const struct conf *)a)->name, ((const struct conf *)b)->name);
}

static size_t collect(const char *root, const char *dir, struct conf *files, size_t n)
{
	char path[VG_PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (vg_path(path, sizeof(path), root, "%s", dir) < 0 || !(d = vg_opendir(path)))
		return n;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name), i;

		if (len < 6 || len >= sizeof(files[0].name) ||
		    strcmp(de->d_name + len - 5, ".conf") != 0)
			continue;
		for (i = 0; i < n; i++)
			if (strcmp(files[i].name, de->d_name) == 0)
				break;
		if (i < n)
			continue; /* hidden by an earlier directory */
		if (n == MAX_CONF_FILES) {
			vg_log(VG_WARNING, "too many modprobe.d files, %s/%s ignored", dir,
			       de->d_name);
			continue;
		}
		memcpy(files[n].name, de->d_name, len + 1);
		files[n].dir = dir;
		n++;
	}
	closedir(d);
	return n;
}

int vg_modprobe_d_options(const char *root, const char *name, char *out, size_t outlen)
{
	static const char *const dirs[] = {"/etc/modprobe.d", "/run/modprobe.d",
					   "/usr/local/lib/modprobe.d", "/lib/modprobe.d",
					   "/usr/lib/modprobe.d"};
	struct conf *files = malloc(MAX_CONF_FILES * sizeof(*files));
	size_t n = 0, i;
	int r = 0;

	if (!files)
		return -ENOMEM;
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		n = collect(root, dirs[i], files, n);
	qsort(files, n, sizeof(*files), conf_cmp);
	for (i = 0; i < n && r == 0; i++) {
		char path[VG_PATH_MAX], *buf;
		size_t len;
		int e;

		if (vg_path(path, sizeof(path), root, "%s/%s", files[i].dir, files[i].name) < 0)
			continue;
		e = vg_read_whole(path, MAX_CONF_SIZE, &buf, &len);
		if (e < 0) {
			vg_log(VG_WARNING, "cannot read %s: %s", path, strerror(-e));
			continue;
		}
		r = vg_modprobe_options(buf, len, name, out, outlen);
		free(buf);
	}
	free(files);
	return r;
}
