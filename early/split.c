/* SPDX-License-Identifier: GPL-2.0-or-later */
/* split.c - vfio-gpu-early --split: each token of a command line as written
 * and as the kernel reads it, from the one tokeniser, vg_cmdline_split(). */
#include "split.h"

#include <stdlib.h>
#include <string.h>

#include "cmdline.h"

/* Where token a, split in place in buf out of the copy orig, was written:
 * vg_cmdline_split() puts the token's key (and value) in place, stepping
 * over a leading quote and replacing a closing one by a NUL; so the text
 * starts one byte early when a quote precedes the key, and ends one byte
 * after the last string when a quote stood there. */
static void raw_extent(const char *buf, const char *orig, const struct vg_arg *a, size_t *start,
		       size_t *end)
{
	const char *last = a->val ? a->val : a->key;

	*start = (size_t)(a->key - buf);
	if (*start > 0 && orig[*start - 1] == '"')
		(*start)--;
	*end = (size_t)(last - buf) + strlen(last);
	if (orig[*end] == '"')
		(*end)++;
}

static int has_newline(const char *s, size_t len)
{
	return memchr(s, '\n', len) != NULL;
}

/* The kernel's part ended at a lone "--" (written --, "--" or an unclosed
 * "--): step over it and the blanks after it. */
static size_t skip_dashes(const char *orig, size_t p)
{
	while (orig[p] && vg_kspace((unsigned char)orig[p]))
		p++;
	if (!orig[p])
		return p;
	if (orig[p] == '"')
		p++;
	p += 2;
	if (orig[p] == '"')
		p++;
	while (orig[p] && vg_kspace((unsigned char)orig[p]))
		p++;
	return p;
}

int vg_split_print(const char *line, FILE *out)
{
	size_t len = strlen(line), max = len / 2 + 1, n, i, s, e, done = 0, rest, rest_end;
	char *orig = strdup(line), *buf = strdup(line);
	struct vg_arg *args = calloc(max, sizeof(*args));
	int rc = 0;

	if (!orig || !buf || !args) {
		fputs("vfio-gpu-early: --split: out of memory\n", stderr);
		rc = 2;
		goto out;
	}
	n = vg_cmdline_split(buf, args, max, NULL);
	/* Judge everything before printing anything: a caller reads all or nothing. */
	for (i = 0; i < n; i++) {
		raw_extent(buf, orig, &args[i], &s, &e);
		if (has_newline(orig + s, e - s)) {
			fprintf(stderr,
				"vfio-gpu-early: --split: token %zu holds a newline inside quotes; "
				"it cannot be printed as one line\n",
				i + 1);
			rc = 1;
			goto out;
		}
		done = e;
	}
	rest = done < len ? skip_dashes(orig, done) : len;
	rest_end = len;
	while (rest_end > rest && vg_kspace((unsigned char)orig[rest_end - 1]))
		rest_end--;
	if (has_newline(orig + rest, rest_end - rest)) {
		fputs("vfio-gpu-early: --split: the text after the lone '--' holds a newline; it "
		      "cannot be printed as one line\n",
		      stderr);
		rc = 1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		raw_extent(buf, orig, &args[i], &s, &e);
		fprintf(out, "raw %.*s\n", (int)(e - s), orig + s);
		if (args[i].val)
			fprintf(out, "arg %s=%s\n", args[i].key, args[i].val);
		else
			fprintf(out, "arg %s\n", args[i].key);
	}
	/* Anything left after the tokens is the lone "--" and init's part. */
	for (s = done; s < len && vg_kspace((unsigned char)orig[s]); s++)
		;
	if (s < len) {
		fputs("--\n", out);
		if (rest_end > rest)
			fprintf(out, "init %.*s\n", (int)(rest_end - rest), orig + rest);
	}
	if (fflush(out) != 0)
		rc = 2;
out:
	free(args);
	free(buf);
	free(orig);
	return rc;
}
