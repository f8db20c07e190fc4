/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.c - JSON strings for the host tool's own objects, through the core's
 * one escaper (lib/report.c): invalid UTF-8 and control characters escaped. */
#include "json.h"

#include <stdlib.h>
#include <string.h>

#include "report.h"

void hv_json_str(FILE *f, const char *s)
{
	char small[512], *buf = small;
	size_t need;

	if (!s) {
		fputs("null", f);
		return;
	}
	need = vg_json_str(s, small, sizeof(small));
	if (need >= sizeof(small)) {
		/* at most 6 bytes per input byte, and the quotes */
		buf = malloc(strlen(s) * 6 + 3);
		if (!buf) {
			fputs("null", f);
			return;
		}
		vg_json_str(s, buf, strlen(s) * 6 + 3);
	}
	fputs(buf, f);
	if (buf != small)
		free(buf);
}
