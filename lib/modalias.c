/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modalias.c - the vfio_pci: alias rules of SPEC "Variant vfio drivers".
 * Written here rather than taken from fnmatch(3): the binder links klibc or
 * musl, and one small matcher behaves the same under every libc and in the
 * fuzzer. */
#include "modalias.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define ALIAS_PREFIX "alias vfio_pci:"

void vg_modalias(const struct vg_dev *d, char *buf, size_t len)
{
	/* pci_uevent: upper-case hex, class split into base, sub and prog-if. */
	snprintf(buf, len, "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X", (unsigned)d->vendor,
		 (unsigned)d->device, (unsigned)d->subvendor, (unsigned)d->subdevice,
		 (unsigned)(d->class >> 16) & 0xff, (unsigned)(d->class >> 8) & 0xff,
		 (unsigned)d->class & 0xff);
}

/* Iterative glob with one backtrack point (the last '*'): linear in practice
 * and no recursion, whatever a pattern holds. */
bool vg_alias_match(const char *p, size_t plen, const char *s)
{
	const char *pe = p + plen, *star = NULL, *resume = NULL;

	while (*s) {
		if (p < pe && *p == '*') {
			star = ++p;
			resume = s;
		} else if (p < pe && *p == *s) {
			p++;
			s++;
		} else if (star) {
			p = star;
			s = ++resume;
		} else {
			return false;
		}
	}
	while (p < pe && *p == '*')
		p++;
	return p == pe;
}

/* Ends a word of an alias line; a NUL or a CR (a file edited elsewhere) too,
 * so that a module name is always a clean C string. */
static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\0';
}

size_t vg_alias_vfio_lines(char *buf, size_t len)
{
	size_t in = 0, out = 0, plen = sizeof(ALIAS_PREFIX) - 1;

	while (in < len) {
		const char *nl = memchr(buf + in, '\n', len - in);
		size_t n = nl ? (size_t)(nl - (buf + in)) + 1 : len - in;

		if (n >= plen && memcmp(buf + in, ALIAS_PREFIX, plen) == 0) {
			memmove(buf + out, buf + in, n);
			out += n;
		}
		in += n;
	}
	return out;
}

int vg_alias_best(const char *buf, size_t len, const char *modalias, char *mod, size_t modlen,
		  char *tie, size_t tielen)
{
	const char *p = buf, *end = buf + len, *best_m = NULL, *tie_m = NULL;
	size_t plen = sizeof(ALIAS_PREFIX) - 1, best_n = 0, tie_n = 0;
	char subject[VG_MODALIAS_MAX + 8];
	int best = -ENOENT;

	snprintf(subject, sizeof(subject), "vfio_%s", modalias);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *pat = p + 6, *pe, *m, *me;
		int stars = 0;

		/* "alias PATTERN MODULE": the pattern starts after "alias ". */
		if ((size_t)(le - p) >= plen && memcmp(p, ALIAS_PREFIX, plen) == 0) {
			for (pe = pat; pe < le && !blank(*pe); pe++)
				stars += *pe == '*';
			for (m = pe; m < le && blank(*m); m++)
				;
			for (me = m; me < le && !blank(*me); me++)
				;
			/* A name that does not fit is no candidate. */
			if (m < me && (size_t)(me - m) < modlen &&
			    vg_alias_match(pat, (size_t)(pe - pat), subject)) {
				if (best < 0 || stars < best) {
					best = stars;
					best_m = m;
					best_n = (size_t)(me - m);
					tie_m = NULL;
					tie_n = 0;
				} else if (stars == best && !tie_m &&
					   ((size_t)(me - m) != best_n ||
					    memcmp(m, best_m, best_n) != 0)) {
					/* Another module as good as the one kept:
					 * the first in the file wins. */
					tie_m = m;
					tie_n = (size_t)(me - m);
				}
			}
		}
		p = nl ? nl + 1 : end;
	}
	if (modlen) {
		memcpy(mod, best_m ? best_m : "", best_n);
		mod[best_n] = '\0';
	}
	if (tielen) {
		if (tie_n >= tielen)
			tie_n = 0;
		memcpy(tie, tie_m ? tie_m : "", tie_n);
		tie[tie_n] = '\0';
	}
	return best;
}
