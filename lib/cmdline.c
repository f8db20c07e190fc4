/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline.c - the kernel's command-line tokeniser (kernel/params.c next_arg()
 * and parse_args()), rewritten to be bounded: an opening quote with nothing
 * after it must not make us look before the buffer, as it once did there. */
#include "cmdline.h"

#include <string.h>

int vg_kspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xa0;
}

static char *skip_spaces(char *s)
{
	while (*s && vg_kspace((unsigned char)*s))
		s++;
	return s;
}

/* One token; returns where the next one starts. */
static char *next_arg(char *args, char **param, char **val)
{
	size_t i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (vg_kspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}

	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* Quotes around a value are not part of it. */
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';

	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	return skip_spaces(args);
}

size_t vg_cmdline_split(char *buf, struct vg_arg *args, size_t max, size_t *dropped)
{
	size_t n = 0, lost = 0;
	char *p = skip_spaces(buf);

	while (*p) {
		char *key, *val;

		p = next_arg(p, &key, &val);
		if (!val && strcmp(key, "--") == 0)
			break;
		if (n < max) {
			args[n].key = key;
			args[n].val = val;
			n++;
		} else {
			lost++;
		}
	}
	if (dropped)
		*dropped = lost;
	return n;
}
