/* SPDX-License-Identifier: GPL-2.0-or-later */
/* nextline.c - the command line of the next boot, for plan and check (SPEC
 * "vfio-gpu plan": the command line configured in the bootloader, else
 * /proc/cmdline). The boot loader is vfio-gpu-cmdline's business, so this
 * runs `vfio-gpu-cmdline [--root DIR] show --cmdline-only` rather than parse
 * grub, grubby, kernelstub or systemd-boot files a second time. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compat.h"
#include "host.h"
#include "run.h"

extern char **environ;

#define TOOL	   "vfio-gpu-cmdline"
#define OUT_MAX	   (64 * 1024) /* far above any COMMAND_LINE_SIZE */
#define ERR_MAX	   4096
#define TIMEOUT_MS 20000 /* grubby reads every entry; a hang must not hang us */

struct child_out {
	char *out, err[ERR_MAX];
	size_t outlen, errlen;
	bool out_overflow;
	int status;
};

/* Run argv (a fixed vector: nothing passes through a shell) with stdin on
 * /dev/null, collecting stdout and stderr. Returns 0 once the child has been
 * waited for (status in co->status), or -errno when it could not be started
 * (-ETIME when it was killed for taking too long). */
static int run_tool(char *const argv[], struct child_out *co)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, r;
	posix_spawn_file_actions_t fa;
	unsigned long deadline;
	bool timed_out = false;
	pid_t pid;

	memset(co, 0, sizeof(*co));
	co->out = malloc(OUT_MAX + 1);
	if (!co->out)
		return -ENOMEM;
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		r = -errno;
		goto fail;
	}
	r = posix_spawn_file_actions_init(&fa);
	if (r) {
		r = -r;
		goto fail;
	}
	/* dup2 clears close-on-exec on the copies; the originals close at exec. */
	r = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (!r)
		r = posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	if (!r)
		r = posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	/* posix_spawnp searches PATH only for a name without a slash. */
	if (!r)
		r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r) {
		r = -r;
		goto fail;
	}
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	deadline = vg_now_ms() + TIMEOUT_MS;
	while (po[0] >= 0 || pe[0] >= 0) {
		struct pollfd pf[2] = {{.fd = po[0], .events = POLLIN},
				       {.fd = pe[0], .events = POLLIN}};
		long left = (long)(deadline - vg_now_ms());
		int k;

		if (left <= 0) {
			kill(pid, SIGKILL);
			timed_out = true;
			break;
		}
		k = poll(pf, 2, (int)left);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			/* Not reading any more: the child must not block on us. */
			kill(pid, SIGKILL);
			break;
		}
		for (k = 0; k < 2; k++) {
			char tmp[4096];
			int *fd = k ? &pe[0] : &po[0];
			ssize_t n;

			if (*fd < 0 || !(pf[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(*fd, tmp, sizeof(tmp));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				close(*fd);
				*fd = -1;
				continue;
			}
			/* Keep reading past the caps so the child never blocks on a
			 * full pipe; the excess is dropped. */
			if (k == 0) {
				size_t room = OUT_MAX - co->outlen;

				if ((size_t)n > room)
					co->out_overflow = true;
				memcpy(co->out + co->outlen, tmp,
				       (size_t)n < room ? (size_t)n : room);
				co->outlen += (size_t)n < room ? (size_t)n : room;
			} else {
				size_t room = ERR_MAX - 1 - co->errlen;
				size_t m = (size_t)n < room ? (size_t)n : room;

				memcpy(co->err + co->errlen, tmp, m);
				co->errlen += m;
			}
		}
	}
	while (waitpid(pid, &co->status, 0) < 0 && errno == EINTR)
		;
	co->out[co->outlen] = '\0';
	co->err[co->errlen] = '\0';
	r = timed_out ? -ETIME : 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	if (r < 0) {
		free(co->out);
		co->out = NULL;
	}
	return r;
}

/* The line of the tool's stderr that says why: the last "error:" line (a
 * usage error ends with "Try ... --help"), else the last non-empty one. */
static void why_line(const char *s, char *buf, size_t len)
{
	const char *start = NULL, *err = NULL, *p = s;

	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *e = memmem(p, n, "error: ", 7);

		if (n)
			start = p;
		if (e)
			err = p;
		p += n + (p[n] == '\n');
	}
	if (err)
		start = err;
	buf[0] = '\0';
	if (start)
		snprintf(buf, len, "%.*s", (int)strcspn(start, "\n"), start);
}

static const char *tool_path(void)
{
	const char *t = getenv("VFIO_GPU_CMDLINE_TOOL");

	return t && *t ? t : TOOL;
}

/* argv for `TOOL [--root DIR] show [--cmdline-only]`; root "" is the
 * running system and is not passed. */
static void tool_argv(char *argv[6], const char *root, bool only)
{
	int n = 0;

	argv[n++] = (char *)tool_path();
	if (root[0]) {
		argv[n++] = (char *)"--root";
		argv[n++] = (char *)root;
	}
	argv[n++] = (char *)"show";
	if (only)
		argv[n++] = (char *)"--cmdline-only";
	argv[n] = NULL;
}

/* "bootloader (grub: /etc/default/grub)" from a plain `show`'s backend: and
 * file: lines; "bootloader (vfio-gpu-cmdline)" when that run tells nothing. */
static void name_source(const char *root, char *buf, size_t len)
{
	char *argv[6], backend[64] = "", file[400] = "";
	struct child_out co;
	const char *p;

	snprintf(buf, len, "bootloader (%s)", TOOL);
	tool_argv(argv, root, false);
	if (run_tool(argv, &co) < 0)
		return;
	if (WIFEXITED(co.status) && WEXITSTATUS(co.status) == 0) {
		for (p = co.out; *p; p += strcspn(p, "\n"), p += *p == '\n') {
			int n = (int)strcspn(p, "\n");

			if (strncmp(p, "backend: ", 9) == 0)
				snprintf(backend, sizeof(backend), "%.*s", n - 9, p + 9);
			else if (strncmp(p, "file: ", 6) == 0)
				snprintf(file, sizeof(file), "%.*s", n - 6, p + 6);
		}
		if (backend[0])
			snprintf(buf, len, "bootloader (%s%s%s)", backend, file[0] ? ": " : "",
				 file);
	}
	free(co.out);
}

void hv_next_cmdline(const struct hv_opts *o, bool name_it, struct hv_next *nx)
{
	char *argv[6], why[600], msg[512];
	struct child_out co;
	int r;

	memset(nx, 0, sizeof(*nx));
	if (o->cmdline) {
		nx->text = o->cmdline;
		nx->from = HV_FROM_OPTION;
		snprintf(nx->source, sizeof(nx->source), "--cmdline");
		return;
	}
	nx->from = HV_FROM_PROC;
	snprintf(nx->source, sizeof(nx->source), "/proc/cmdline");
	tool_argv(argv, o->root, true);
	r = run_tool(argv, &co);
	if (r == -ETIME) {
		snprintf(why, sizeof(why), "%s did not answer within %d s", argv[0],
			 TIMEOUT_MS / 1000);
	} else if (r < 0) {
		snprintf(why, sizeof(why), "%s: %s", argv[0], strerror(-r));
	} else {
		size_t nl = strcspn(co.out, "\n");

		why_line(co.err, msg, sizeof(msg));
		if (WIFSIGNALED(co.status))
			snprintf(why, sizeof(why), "%s killed by signal %d", argv[0],
				 WTERMSIG(co.status));
		else if (WEXITSTATUS(co.status) != 0)
			snprintf(why, sizeof(why), "%s exited with status %d%s%s", argv[0],
				 WEXITSTATUS(co.status), msg[0] ? ": " : "", msg);
		/* Exactly one line, newline included, and no NUL inside. */
		else if (co.out_overflow || nl + 1 != co.outlen || co.out[nl] != '\n')
			snprintf(why, sizeof(why), "%s show --cmdline-only did not print one line",
				 argv[0]);
		else {
			co.out[nl] = '\0';
			/* Its warnings (a grub.d file that overrides the value...)
			 * concern the line we now use: pass them on. */
			if (co.errlen) {
				fflush(stdout);
				fputs(co.err, stderr);
				if (co.err[co.errlen - 1] != '\n')
					fputc('\n', stderr);
			}
			nx->text = nx->owned = co.out;
			nx->from = HV_FROM_BOOTLOADER;
			if (name_it)
				name_source(o->root, nx->source, sizeof(nx->source));
			else
				snprintf(nx->source, sizeof(nx->source), "bootloader (%s)", TOOL);
			return;
		}
		free(co.out);
	}
	/* A note, not an error: the running boot's line is a fair stand-in. */
	fflush(stdout);
	fprintf(stderr, "vfio-gpu: note: no boot loader command line (%s); using %s/proc/cmdline\n",
		why, o->root);
}

void hv_next_free(struct hv_next *nx)
{
	free(nx->owned);
	nx->owned = NULL;
	nx->text = NULL;
}

void hv_next_conf(const struct hv_opts *o, struct vg_opts *vo)
{
	vo->conf = o->conf && o->conf[0] ? o->conf : NULL;
	vo->no_conf = o->conf && !o->conf[0];
}
