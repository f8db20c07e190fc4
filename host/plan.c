/* plan.c - `vfio-gpu plan`: what vfio-gpu-early will do at the next boot,
 * with the command line the boot loader is configured with (nextline.c).
 * The plan is the binder's own run (vg_run with dry_run), so its lines, their
 * order and the exit status are those of `vfio-gpu-early --dry-run` by
 * construction; --json re-reads the same lines into objects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "json.h"
#include "report.h"
#include "run.h"

/* Names of the words before the key=value pairs, per line kind. */
static const char *const *positional(const char *kind)
{
	static const char *const dev[] = {"address", "id", NULL};
	static const char *const bad[] = {"key", NULL};
	static const char *const load[] = {"module", NULL};
	static const char *const none[] = {NULL};

	if (strcmp(kind, "claim") == 0 || strcmp(kind, "skip") == 0)
		return dev;
	if (strcmp(kind, "bad") == 0)
		return bad;
	if (strcmp(kind, "load") == 0)
		return load;
	return none;
}

/* The closing quote of the 'value' whose opening quote is at p: the first
 * one followed by the end of the line or by " key=" (module args may hold quotes). */
static const char *closing_quote(const char *p)
{
	for (p = strchr(p + 1, '\''); p; p = strchr(p + 1, '\'')) {
		const char *k = p + 1;

		if (*k == '\0')
			return p;
		if (*k != ' ')
			continue;
		k++;
		while ((*k >= 'a' && *k <= 'z') || *k == '_')
			k++;
		if (*k == '=' && k > p + 2)
			return p;
	}
	return NULL;
}

static void json_pair(const char *key, const char *val, size_t len)
{
	char v[VG_LINE_MAX];

	snprintf(v, sizeof(v), "%.*s", (int)len, val);
	printf(",");
	hv_json_str(stdout, key);
	printf(":");
	hv_json_str(stdout, v);
}

/* One plan line as a JSON object: {"kind":..., the positional words, each
 * key=value, "line": the text itself}. */
static void json_line(const char *line, bool first)
{
	const char *const *pos;
	const char *p = line;
	char kind[16], key[32];
	size_t n, k;

	n = strcspn(p, " ");
	snprintf(kind, sizeof(kind), "%.*s", (int)n, p);
	printf("%s{\"kind\":", first ? "" : ",");
	hv_json_str(stdout, kind);
	pos = positional(kind);
	for (p += n; *p;) {
		const char *end;

		if (*p == ' ') {
			p++;
			continue;
		}
		n = strcspn(p, " ");
		k = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
		if (k && k < sizeof(key) && p[k] == '=') {
			snprintf(key, sizeof(key), "%.*s", (int)k, p);
			if (p[k + 1] == '\'' && (end = closing_quote(p + k + 1))) {
				json_pair(key, p + k + 2, (size_t)(end - (p + k + 2)));
				p = end + 1;
				continue;
			}
			json_pair(key, p + k + 1, n - k - 1);
		} else if (*pos) {
			json_pair(*pos++, p, n);
		}
		p += n;
	}
	printf(",\"line\":");
	hv_json_str(stdout, line);
	printf("}");
}

struct collect {
	unsigned n;
};

static void on_line(void *ctx, const char *line)
{
	struct collect *c = ctx;

	json_line(line, c->n++ == 0);
}

int hv_plan(const struct hv_opts *o)
{
	struct vg_opts vo = {.root = o->root, .dry_run = true};
	struct collect c = {0};
	struct hv_next nx;
	int r;

	if (o->nargs) {
		hv_err("plan takes no operands ('%s'); use --cmdline STRING", o->args[0]);
		return HV_EXIT_USAGE;
	}
	/* The next boot's line: --cmdline, else the boot loader's, else (NULL)
	 * the binder reads ROOT/proc/cmdline itself, as it does at boot. */
	hv_next_cmdline(o, o->json, &nx);
	vo.cmdline = nx.text;
	if (!o->json) {
		r = vg_run(&vo);
		hv_next_free(&nx);
		return r ? HV_EXIT_FAIL : HV_EXIT_OK;
	}
	vo.line = on_line;
	vo.line_ctx = &c;
	printf("{\"source\":");
	hv_json_str(stdout, nx.source);
	printf(",\"lines\":[");
	r = vg_run(&vo);
	printf("],\"ok\":%s}\n", r ? "false" : "true");
	hv_next_free(&nx);
	return r ? HV_EXIT_FAIL : HV_EXIT_OK;
}
