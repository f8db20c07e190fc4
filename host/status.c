/* SPDX-License-Identifier: GPL-2.0-or-later */
/* status.c - vfio-gpu status: what the last boot's binder did, read from its
 * boot report (/run/vfio-gpu/boot.json, SPEC "Boot report": decisions, phase
 * times, the driver read back per function) or, without one, from the kernel
 * log of this boot (its one record of every claim, refusal and error, and the
 * summary), and whether each function claimed then is still on a vfio driver
 * now. Exit 0 only when the binder ran, everything it claimed is still
 * claimed, and the boot had no failed group, no refused group and no error
 * record of any reason (SPEC "Host-side tool"); the output says which of
 * these failed. Under --root the report is ROOT/run/vfio-gpu/boot.json and the log
 * ROOT/dev/kmsg, a regular file of /dev/kmsg records (tests). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "json.h"
#include "jsonread.h"
#include "log.h"
#include "report_boot.h"
#include "rootfs.h"
#include "sysfs.h"

#define ST_MAX_FUNCS  256
#define ST_MAX_ERRORS 64
#define ST_LOG_MAX    (8u << 20) /* the largest kernel log buffer (log_buf_len) */
#define ST_REPORT_MAX (16u << 20)

struct st_func {
	char addr[32];
	char target[64]; /* the driver the binder read back at boot */
	char by[16];
	char src[16]; /* the selection's source (boot report), "" when not said */
	int group;
	char now[64]; /* the driver bound now, "" for none */
	bool ok;
};

struct st {
	struct st_func f[ST_MAX_FUNCS];
	unsigned n;
	char *errors[ST_MAX_ERRORS]; /* the binder's error records, as logged */
	unsigned n_errors;
	char *refusals[ST_MAX_ERRORS]; /* the report's refuse lines (in the log
					* they are among the errors) */
	unsigned n_refusals;
	char summary[384];  /* its last summary line, "" when it never ran */
	const char *source; /* "report" or "kmsg" */
	bool have_phases;
	double phases[5];	  /* µs: parse, scan, modules, bind, total */
	unsigned refused, failed; /* the summary's counts */
};

static const char *const phase_names[5] = {"parse", "scan", "modules", "bind", "total"};

static void add_line(char **list, unsigned *n, const char *text)
{
	if (*n < ST_MAX_ERRORS && (list[*n] = strdup(text)) != NULL)
		(*n)++;
}

/* The refused and failed counts of a summary line, the same text in the
 * report and in the kernel log: "claimed N device(s) in M group(s), refused
 * R group(s)[, failed F group(s)] in T ms ...". */
static void take_counts(struct st *s)
{
	unsigned n, m;
	const char *f;

	s->refused = s->failed = 0;
	if (sscanf(s->summary, "claimed %u device(s) in %u group(s), refused %u group(s)", &n, &m,
		   &s->refused) != 3)
		s->refused = 0;
	f = strstr(s->summary, ", failed ");
	if (!f || sscanf(f, ", failed %u group(s)", &s->failed) != 1)
		s->failed = 0;
}

/* The report's fields into s; -EINVAL (with *why) when it is JSON but not a
 * version 1 boot report. */
/* A claim decision's source (only a boot with a selection file gives one,
 * SPEC "The same tokens from a file in the image") onto its function. */
static void take_source(struct st *s, const struct hv_jv *rec)
{
	const char *addr = hv_jstr(rec, "address"), *src = hv_jstr(rec, "source");
	unsigned i;

	for (i = 0; addr && src && i < s->n; i++)
		if (strcmp(s->f[i].addr, addr) == 0)
			snprintf(s->f[i].src, sizeof(s->f[i].src), "%s", src);
}

static int take_report(struct st *s, const struct hv_jv *d, const char **why)
{
	const struct hv_jv *v = hv_jget(d, "version"), *fns = hv_jget(d, "functions"),
			   *dec = hv_jget(d, "decisions"), *ph = hv_jget(d, "phases_us");
	const char *line = hv_jstr(hv_jget(d, "summary"), "line");
	size_t i;

	*why = "not a version 1 boot report";
	if (!v || v->type != HV_JNUM || v->num != 1 || !line || !fns || fns->type != HV_JARR ||
	    !dec || dec->type != HV_JARR)
		return -EINVAL;
	snprintf(s->summary, sizeof(s->summary), "%s", line);
	for (i = 0; ph && ph->type == HV_JOBJ && i < 5; i++) {
		const struct hv_jv *t = hv_jget(ph, phase_names[i]);

		if (!t || t->type != HV_JNUM)
			break;
		s->phases[i] = t->num;
		s->have_phases = i == 4;
	}
	for (i = 0; i < fns->n; i++) {
		const struct hv_jv *f = &fns->items[i], *g = hv_jget(f, "group"),
				   *c = hv_jget(f, "claimed");
		const char *addr = hv_jstr(f, "address"), *drv = hv_jstr(f, "driver");
		struct st_func *sf;

		*why = "a function without its address, group or outcome";
		if (!addr || !g || g->type != HV_JNUM || !c || c->type != HV_JBOOL)
			return -EINVAL;
		/* A group number is a whole number an int holds: 1e300 or -1 is a
		 * report that lies, not a group to print as -2147483648. */
		*why = "a function whose group is not a whole number from 0 to 2147483647";
		if (!(g->num >= 0 && g->num <= INT_MAX) || g->num != (double)(int)g->num)
			return -EINVAL;
		/* Not bound at boot: an error of the boot, not a claim to check. */
		if (!c->b) {
			char msg[VG_PATH_MAX];

			snprintf(msg, sizeof(msg), "%s did not bind at boot (driver read back: %s)",
				 addr, drv ? drv : "none");
			add_line(s->errors, &s->n_errors, msg);
			continue;
		}
		if (s->n >= ST_MAX_FUNCS)
			continue;
		sf = &s->f[s->n++];
		snprintf(sf->addr, sizeof(sf->addr), "%s", addr);
		snprintf(sf->target, sizeof(sf->target), "%s", drv ? drv : "");
		snprintf(sf->by, sizeof(sf->by), "%s", hv_jstr(f, "by") ? hv_jstr(f, "by") : "-");
		sf->group = (int)g->num;
	}
	for (i = 0; i < dec->n; i++) {
		const char *kind = hv_jstr(&dec->items[i], "kind"),
			   *text = hv_jstr(&dec->items[i], "line");

		if (!kind || !text)
			continue;
		if (strcmp(kind, "claim") == 0)
			take_source(s, &dec->items[i]);
		else if (strcmp(kind, "refuse") == 0)
			add_line(s->refusals, &s->n_refusals, text);
		else if (strcmp(kind, "error") == 0)
			add_line(s->errors, &s->n_errors, text);
	}
	return 0;
}

/* ROOT/run/vfio-gpu/boot.json into s. -ENOENT: there is none (the kernel
 * log then); any other error, with *why, is a report that cannot be used. */
static int read_report(const char *root, struct st *s, char *path, size_t plen, const char **why,
		       size_t *where)
{
	struct hv_jv *d = NULL;
	char *text;
	size_t len;
	int r;

	*why = NULL;
	*where = (size_t)-1;
	r = vg_path(path, plen, root, VG_BOOT_REPORT);
	if (r == 0)
		r = vg_read_whole(path, ST_REPORT_MAX, &text, &len);
	if (r < 0)
		return r;
	if (strlen(text) != len) {
		*why = "a NUL byte in the text";
		r = -EINVAL;
	} else {
		r = hv_json_parse(text, &d, where);
		if (r == -EINVAL)
			*why = "not JSON";
		if (r == 0)
			r = take_report(s, d, why);
	}
	hv_json_free(d);
	free(text);
	return r;
}

/* The whole log: /dev/kmsg gives one record per read() and EAGAIN at the end
 * (O_NONBLOCK), a regular file gives what fits; EPIPE means records were
 * overwritten while reading, and the next read goes on. */
static int read_log(const char *root, char **out, size_t *outlen)
{
	char path[VG_PATH_MAX], *buf = NULL;
	size_t len = 0, cap = 0;
	int fd, r;

	r = vg_path(path, sizeof(path), root, "/dev/kmsg");
	if (r < 0)
		return r;
	fd = vg_open(path, O_RDONLY, 0, true);
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t k;

		if (cap - len < 8192) {
			char *nb;

			if (cap >= ST_LOG_MAX)
				break;
			nb = realloc(buf, cap + 65536);
			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap += 65536;
		}
		k = read(fd, buf + len, cap - len - 1);
		if (k > 0) {
			len += (size_t)k;
			continue;
		}
		if (k < 0 && errno == EPIPE)
			continue;
		if (k < 0 && errno == EINTR)
			continue;
		break; /* 0: end of a file; EAGAIN: end of the log */
	}
	close(fd);
	if (!buf && !(buf = malloc(1)))
		return -ENOMEM;
	buf[len] = '\0';
	*out = buf;
	*outlen = len;
	return 0;
}

/* "0000:01:00.0 1234:1111 group 7: bound to vfio-pci (was bochs-drm, by addrs)" */
static void take_claim(struct st *s, const char *msg)
{
	struct st_func *f;
	char addr[32], id[16], target[64], was[64], by[16];
	int group;

	if (s->n >= ST_MAX_FUNCS)
		return;
	if (sscanf(msg, "%31s %15s group %d: bound to %63s (was %63[^,], by %15[^)])", addr, id,
		   &group, target, was, by) != 6)
		return;
	f = &s->f[s->n++];
	snprintf(f->addr, sizeof(f->addr), "%s", addr);
	snprintf(f->target, sizeof(f->target), "%s", target);
	snprintf(f->by, sizeof(f->by), "%s", by);
	f->group = group;
}

/* One record: "PRIO,SEQ,USEC,FLAGS;MESSAGE". Continuation lines (" KEY=VALUE")
 * and other programs' records are passed over. */
static void take_record(struct st *s, const char *line)
{
	const char *semi = strchr(line, ';'), *msg;
	unsigned prio;

	if (line[0] == ' ' || !semi || sscanf(line, "%u,", &prio) != 1)
		return;
	if (strncmp(semi + 1, "vfio-gpu: ", 10) != 0)
		return;
	msg = semi + 11;
	if (strncmp(msg, "claimed ", 8) == 0 || strncmp(msg, "disabled by ", 12) == 0) {
		snprintf(s->summary, sizeof(s->summary), "%s", msg);
	} else if (strstr(msg, ": bound to ")) {
		take_claim(s, msg);
	} else if ((prio & 7) <= 3 && s->n_errors < ST_MAX_ERRORS) {
		s->errors[s->n_errors] = strdup(msg);
		if (s->errors[s->n_errors])
			s->n_errors++;
	}
}

/* Still claimed: on the driver the binder saw at boot, or on any vfio driver
 * (its device directory has vfio-dev/, SPEC "Variant vfio drivers"). */
static void look_now(const char *root, struct st_func *f)
{
	char path[VG_PATH_MAX], link[VG_PATH_MAX];
	ssize_t k;

	f->now[0] = '\0';
	if (vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/driver", f->addr) == 0 &&
	    (k = vg_readlink(path, link, sizeof(link))) > 0) {
		const char *base;

		link[k] = '\0';
		base = strrchr(link, '/');
		base = base ? base + 1 : link;
		if (strlen(base) < sizeof(f->now))
			memcpy(f->now, base, strlen(base) + 1);
	}
	f->ok = f->now[0] && strcmp(f->now, f->target) == 0;
	if (!f->ok && f->now[0] &&
	    vg_path(path, sizeof(path), root, "/sys/bus/pci/devices/%s/vfio-dev", f->addr) == 0)
		f->ok = vg_exists(path) == 0;
}

/* The clauses of a failed verdict, at most 5, into why[]; their number. */
static unsigned why_not(const struct st *s, char why[][96])
{
	unsigned n = 0, released = 0, i;

	for (i = 0; i < s->n; i++)
		released += !s->f[i].ok;
	if (!s->summary[0])
		snprintf(why[n++], 96, "the binder did not run at boot");
	if (released)
		snprintf(why[n++], 96, "%u function(s) claimed at boot not on a vfio driver now",
			 released);
	if (s->failed)
		snprintf(why[n++], 96, "%u group(s) failed at boot", s->failed);
	/* The summary counts a refusal; the report lists it (the log counts it
	 * among the errors): the larger figure is the honest one. */
	if (s->refused || s->n_refusals)
		snprintf(why[n++], 96, "%u group(s) refused at boot",
			 s->refused > s->n_refusals ? s->refused : s->n_refusals);
	/* Every error record counts, whatever its reason (no-match, a missing
	 * module, a cut command line, a function that did not bind). */
	if (s->n_errors)
		snprintf(why[n++], 96, "%u error record(s) at boot", s->n_errors);
	return n;
}

static void print_text(const struct st *s, bool ok)
{
	char why[5][96], t[5][VG_PATH_MAX];
	unsigned n_why = why_not(s, why), j;

	unsigned i;

	/* Every string here comes from the report or the kernel log: shown
	 * with vg_printable, it cannot drive the terminal. */
	vg_printable(s->summary, t[0], sizeof(t[0]));
	if (s->summary[0] && strcmp(s->source, "report") == 0)
		printf("boot: %s (from the boot report)\n", t[0]);
	else if (s->summary[0])
		printf("boot: %s (from the kernel log)\n", t[0]);
	else
		printf("boot: no vfio-gpu-early summary in this boot's kernel log: the binder did "
		       "not run (is it in the initramfs? see vfio-gpu check)\n");
	for (i = 0; i < s->n; i++) {
		const struct st_func *f = &s->f[i];

		vg_printable(f->addr, t[0], sizeof(t[0]));
		vg_printable(f->target, t[1], sizeof(t[1]));
		vg_printable(f->by, t[2], sizeof(t[2]));
		vg_printable(f->now[0] ? f->now : "unbound", t[3], sizeof(t[3]));
		vg_printable(f->src, t[4], sizeof(t[4]));
		printf("%s group %d: claimed at boot for %s (by %s%s%s), now %s%s: %s\n", t[0],
		       f->group, t[1], t[2], f->src[0] ? ", source=" : "", t[4],
		       f->now[0] ? "on " : "", t[3], f->ok ? "ok" : "NOT CLAIMED ANY MORE");
	}
	if (s->have_phases)
		printf("phases: parse %.0f us, scan %.0f us, modules %.0f us, bind %.0f us, total "
		       "%.0f us\n",
		       s->phases[0], s->phases[1], s->phases[2], s->phases[3], s->phases[4]);
	for (i = 0; i < s->n_refusals; i++) {
		vg_printable(s->refusals[i], t[0], sizeof(t[0]));
		printf("refused at boot: %s\n", t[0]);
	}
	for (i = 0; i < s->n_errors; i++) {
		vg_printable(s->errors[i], t[0], sizeof(t[0]));
		printf("error at boot: %s\n", t[0]);
	}
	if (ok) {
		printf("status: ok\n");
		return;
	}
	printf("status: FAIL (");
	for (j = 0; j < n_why; j++)
		printf("%s%s", j ? "; " : "", why[j]);
	printf(")\n");
}

static void print_json(const struct st *s, bool ok)
{
	char why[5][96];
	unsigned i, n_why = why_not(s, why);

	printf("{\"source\":\"%s\",\"summary\":", s->source);
	hv_json_str(stdout, s->summary[0] ? s->summary : NULL);
	printf(",\"functions\":[");
	for (i = 0; i < s->n; i++) {
		const struct st_func *f = &s->f[i];

		printf("%s{\"address\":", i ? "," : "");
		hv_json_str(stdout, f->addr);
		printf(",\"group\":%d,\"by\":", f->group);
		hv_json_str(stdout, f->by);
		printf(",\"source\":");
		hv_json_str(stdout, f->src[0] ? f->src : NULL);
		printf(",\"target\":");
		hv_json_str(stdout, f->target);
		printf(",\"now\":");
		hv_json_str(stdout, f->now[0] ? f->now : NULL);
		printf(",\"ok\":%s}", f->ok ? "true" : "false");
	}
	printf("],\"phases_us\":%s", s->have_phases ? "" : "null");
	for (i = 0; s->have_phases && i < 5; i++)
		printf("%s\"%s\":%.0f", i ? "," : "{", phase_names[i], s->phases[i]);
	printf("%s,\"refusals\":[", s->have_phases ? "}" : "");
	for (i = 0; i < s->n_refusals; i++) {
		fputs(i ? "," : "", stdout);
		hv_json_str(stdout, s->refusals[i]);
	}
	printf("],\"errors\":[");
	for (i = 0; i < s->n_errors; i++) {
		fputs(i ? "," : "", stdout);
		hv_json_str(stdout, s->errors[i]);
	}
	printf("],\"refused\":%u,\"failed\":%u,\"why\":[", s->refused, s->failed);
	for (i = 0; i < n_why; i++) {
		fputs(i ? "," : "", stdout);
		hv_json_str(stdout, why[i]);
	}
	printf("],\"ok\":%s}\n", ok ? "true" : "false");
}

/* The kernel log into s; an unreadable log is an error that names it. */
static int from_log(const struct hv_opts *o, struct st *s)
{
	char *log = NULL, *line, *save = NULL;
	size_t len;
	int r = read_log(o->root, &log, &len);

	if (r < 0) {
		hv_err("cannot read the kernel log (%s/dev/kmsg): %s", o->root, strerror(-r));
		return r;
	}
	s->source = "kmsg";
	for (line = strtok_r(log, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		take_record(s, line);
	free(log);
	return 0;
}

int hv_status(const struct hv_opts *o)
{
	struct st *s = calloc(1, sizeof(*s));
	char path[VG_PATH_MAX];
	const char *why;
	size_t where;
	bool ok;
	unsigned i;
	int r;

	if (!s)
		return HV_EXIT_FAIL;
	r = read_report(o->root, s, path, sizeof(path), &why, &where);
	if (r == 0) {
		s->source = "report";
	} else {
		if (r != -ENOENT) {
			/* Say so, naming the file; what the log holds still helps. */
			if (why && where != (size_t)-1)
				hv_warn(
				    "the boot report %s is unusable (%s at byte %zu): reading the "
				    "kernel log instead",
				    path, why, where);
			else
				hv_warn(
				    "the boot report %s is unusable (%s): reading the kernel log "
				    "instead",
				    path, why ? why : strerror(-r));
			/* Nothing half-read from it is kept. */
			for (i = 0; i < s->n_errors; i++)
				free(s->errors[i]);
			for (i = 0; i < s->n_refusals; i++)
				free(s->refusals[i]);
			memset(s, 0, sizeof(*s));
		}
		if (from_log(o, s) < 0) {
			free(s);
			return HV_EXIT_FAIL;
		}
	}
	take_counts(s);
	for (i = 0; i < s->n; i++)
		look_now(o->root, &s->f[i]);
	{
		char clauses[5][96];

		ok = why_not(s, clauses) == 0;
	}
	if (o->json)
		print_json(s, ok);
	else
		print_text(s, ok);
	for (i = 0; i < s->n_errors; i++)
		free(s->errors[i]);
	for (i = 0; i < s->n_refusals; i++)
		free(s->refusals[i]);
	free(s);
	return ok ? HV_EXIT_OK : HV_EXIT_FAIL;
}
