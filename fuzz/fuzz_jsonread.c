/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_jsonread.c - the host tool's JSON reader (host/jsonread.h), which
 * vfio-gpu status runs on /run/vfio-gpu/boot.json, a file it did not write.
 * Invariants: any input parses or fails cleanly (no crash, no leak); and the
 * writer the boot report uses (vg_json_str) and this reader agree: a NUL-free
 * valid UTF-8 string written by one reads back unchanged through the other. */
#include <string.h>

#include "fuzz.h"
#include "jsonread.h"
#include "report.h"

/* Whether s is valid UTF-8 without NUL, control or DEL characters changing
 * meaning (vg_json_str writes invalid bytes as the text \xNN). */
static int utf8_ok(const unsigned char *s)
{
	while (*s) {
		size_t n = *s < 0x80		 ? 1
			   : (*s & 0xe0) == 0xc0 ? 2
			   : (*s & 0xf0) == 0xe0 ? 3
			   : (*s & 0xf8) == 0xf0 ? 4
						 : 0;
		size_t i;

		if (n == 0 || (n == 2 && *s < 0xc2) || (n == 4 && *s > 0xf4))
			return 0;
		for (i = 1; i < n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return 0;
		if (n == 3 && ((*s == 0xe0 && s[1] < 0xa0) || (*s == 0xed && s[1] > 0x9f)))
			return 0;
		if (n == 4 && ((*s == 0xf0 && s[1] < 0x90) || (*s == 0xf4 && s[1] > 0x8f)))
			return 0;
		s += n;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_dup(data, size, 1);
	struct hv_jv *v = NULL;
	size_t where = 0, len = strlen(text) * 6 + 4;
	char *json = malloc(len);
	int r = hv_json_parse(text, &v, &where);

	CHECK(r == 0 || r == -22 /* EINVAL */ || r == -12 /* ENOMEM */);
	CHECK((r == 0) == (v != NULL));
	CHECK(r == 0 || where <= strlen(text));
	hv_json_free(v);

	/* Writer to reader. */
	CHECK(json != NULL);
	vg_json_str(text, json, len);
	r = hv_json_parse(json, &v, NULL);
	CHECK(r == 0 && v->type == HV_JSTR);
	if (utf8_ok((const unsigned char *)text))
		CHECK(strcmp(v->str, text) == 0);
	hv_json_free(v);
	free(json);
	free(text);
	return 0;
}
