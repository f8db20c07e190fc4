/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_cmdline.c - the tokeniser against the kernel's own rules (quotes group
 * a value and are removed, "--" ends the kernel's part, NBSP is a space). */
#include "../../lib/cmdline.h"
#include "tap.h"

struct split_case {
	const char *in;
	const char *want; /* args joined as key[=val] with '|' */
};

static const struct split_case cases[] = {
    {"", ""},
    {"   ", ""},
    {"quiet", "quiet"},
    {"  a=1   b  ", "a=1|b"},
    {"a=\"x y\" b", "a=x y|b"},
    {"\"a=x y\" b", "a=x y|b"},
    {"a=\"unterminated b=2", "a=unterminated b=2"},
    {"a=b=c", "a=b=c"},
    {"=x", "=x"},
    {"a= b", "a=|b"},
    {"x -- vfio-gpu.ids=10de:13d7", "x"},
    {"x --foo y", "x|--foo|y"},
    {"x \"--\" y", "x"},
    {"a\tb\nc", "a|b|c"},
    {"a\xa0"
     "b",
     "a|b"},
    {"\"", ""},
    {"\"\"", ""},
    {"a=\"\"", "a="},
    {"vfio-gpu.ids=1 vfio-gpu.ids=2", "vfio-gpu.ids=1|vfio-gpu.ids=2"},
    {"k=\"v\"tail", "k=v\"tail"},
};

static void join(struct vg_arg *args, size_t n, char *out, size_t len)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < n; i++) {
		size_t used = strlen(out);

		snprintf(out + used, len - used, "%s%s%s%s", i ? "|" : "", args[i].key,
			 args[i].val ? "=" : "", args[i].val ? args[i].val : "");
	}
}

void test_cmdline(void)
{
	struct vg_arg args[16];
	char buf[128], got[256];
	size_t i, n, dropped;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(buf, sizeof(buf), "%s", cases[i].in);
		n = vg_cmdline_split(buf, args, 16, &dropped);
		join(args, n, got, sizeof(got));
		tap_streq(got, cases[i].want, "cmdline split [%zu] '%s'", i, cases[i].want);
	}

	snprintf(buf, sizeof(buf), "a b c d");
	n = vg_cmdline_split(buf, args, 2, &dropped);
	tap_ok(n == 2 && dropped == 2, "cmdline split keeps max args and counts the rest");
}
