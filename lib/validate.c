/* SPDX-License-Identifier: GPL-2.0-or-later */
/* validate.c - one boot option through the binder's own tokeniser and
 * interpreter. Beyond what the binder rejects at boot, an option must be one
 * token the bootloader can hold: no unquoted blank, no unbalanced quote (it
 * would swallow the options after it), no control character. */
#include "validate.h"

#include <stdlib.h>
#include <string.h>

#include "modload.h"
#include "params.h"
#include "report.h"

/* The binder's why ("too long") as one word ("too-long") for reason=. */
static const char *reason_word(const char *why)
{
	static char buf[32];
	size_t i;

	snprintf(buf, sizeof(buf), "%s", why);
	for (i = 0; buf[i]; i++)
		if (buf[i] == ' ')
			buf[i] = '-';
	return buf;
}

/* What the kernel would make of arg alone, before our interpreter. */
static const char *token_problem(const char *arg, size_t len)
{
	unsigned quotes = 0;
	size_t i;

	if (len == 0)
		return "empty";
	if (len > VG_CMDLINE_MAX)
		return "too-long";
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)arg[i];

		quotes += c == '"';
		if (c < 0x20 || c == 0x7f) /* a newline even when quoted */
			return "control-character";
	}
	if (quotes % 2)
		return "unbalanced-quote";
	/* A leading or trailing blank is a second (empty) boundary the
	 * tokeniser would hide; inner blanks show as a second token below. */
	if (vg_kspace((unsigned char)arg[0]) || vg_kspace((unsigned char)arg[len - 1]))
		return "not-one-token";
	return NULL;
}

/* A vfio module option (vfio_pci.X=V) as the loader passes it: without a
 * name, or too long for the module's argument buffer, the binder drops it at
 * boot. Options of other modules are not ours to check. */
static const char *module_option_problem(const struct vg_config *cfg)
{
	const char *key = cfg->args[0].key, *dot = strchr(key, '.');
	char mod[sizeof(((struct vg_module *)0)->name)];
	char args[sizeof(((struct vg_module *)0)->args)] = "";
	size_t n = dot ? (size_t)(dot - key) : 0;

	if (!(n == 4 && vg_modname_eq(key, 4, "vfio")) &&
	    !(n > 5 && vg_modname_eq(key, 5, "vfio_")))
		return NULL;
	if (dot[1] == '\0')
		return "empty";
	if (n >= sizeof(mod))
		return "too-long";
	memcpy(mod, key, n);
	mod[n] = '\0';
	if (vg_config_module_args(cfg, mod, args, sizeof(args)) < 0)
		return "too-long";
	return NULL;
}

static const char *judge(struct vg_config *cfg, const char *arg)
{
	size_t len = strlen(arg);
	const char *why = token_problem(arg, len);

	if (why)
		return why;
	vg_config_parse(cfg, arg, len);
	if (cfg->n_args == 0)
		return "ends-kernel-options"; /* a lone "--": the rest goes to init */
	if (cfg->n_args > 1)
		return "not-one-token";
	if (cfg->args[0].key[0] == '\0' || cfg->args[0].key[0] == '=')
		return "empty"; /* "" or "=x": no parameter name */
	if (cfg->n_bad)
		return reason_word(cfg->bad[0].why);
	return module_option_problem(cfg);
}

const char *vg_validate_arg(const char *arg)
{
	struct vg_config *cfg = malloc(sizeof(*cfg));
	const char *why;

	if (!cfg)
		return "no-memory";
	why = judge(cfg, arg);
	free(cfg);
	return why;
}

int vg_validate(char *const *args, int n, FILE *out)
{
	int i, status = 0;

	for (i = 0; i < n; i++) {
		size_t qlen = strlen(args[i]) * 4 + 2; /* room for \xNN each */
		char *q = malloc(qlen);
		const char *why = vg_validate_arg(args[i]);

		if (!q) {
			fputs("bad - reason=no-memory\n", out);
			status = 1;
			continue;
		}
		vg_escape(args[i], q, qlen, false);
		if (why)
			fprintf(out, "bad %s reason=%s\n", q, why);
		else
			fprintf(out, "ok %s\n", q);
		status |= why != NULL;
		free(q);
	}
	return status;
}
