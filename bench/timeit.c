/* SPDX-License-Identifier: GPL-2.0-or-later */
/* timeit.c - time commands the way the benchmark needs on a shared machine:
 * the commands are run in rounds, one run of each per round, so that a
 * burst of load from other work hits all of them alike; before the first
 * round each command runs once untimed (TIMEIT_WARMUP=0 skips it), so every
 * timed run sees the same warm page cache. stdout and stderr of the commands
 * go to /dev/null: the benchmark measures work, not a terminal, except that
 * TIMEIT_OUT=FILE keeps the stdout of each run of the first command in FILE
 * (the last run's remains), so the output that was timed can be checked.
 *
 * usage: timeit RUNS CMD [ARG...] [--- CMD [ARG...]]...
 * prints one line per command: median_ms min_ms max_ms. Exits 1 if a command
 * could not be started or was killed; a command's own exit status is
 * ignored (a dry run exits 1 for a plan with refusals, still a plan to time).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *out_file; /* stdout of the first command, or NULL */

static int run(char **argv, double *ms, const char *out)
{
	double t0 = now_ms();
	pid_t pid = fork();
	int st;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);
		int o = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0666) : null;

		dup2(o, 1);
		dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	*ms = now_ms() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) != 127 ? 0 : -1;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

#define MAX_CMDS 8

int main(int argc, char **argv)
{
	char **cmd[MAX_CMDS];
	double *t[MAX_CMDS], ms;
	int runs, n = 0, i, c;
	const char *w = getenv("TIMEIT_WARMUP");

	out_file = getenv("TIMEIT_OUT");

	if (argc < 3 || (runs = atoi(argv[1])) < 1) {
		fputs("usage: timeit RUNS CMD [ARG...] [--- CMD [ARG...]]...\n", stderr);
		return 2;
	}
	/* Split argv at "---" in place: each command is NULL-terminated. */
	cmd[n++] = argv + 2;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "---") != 0)
			continue;
		argv[i] = NULL;
		if (n == MAX_CMDS || i + 1 == argc) {
			fputs("timeit: too many or empty commands\n", stderr);
			return 2;
		}
		cmd[n++] = argv + i + 1;
	}
	for (c = 0; c < n; c++) {
		t[c] = calloc((size_t)runs, sizeof(double));
		if (!t[c])
			return 1;
		if ((!w || strcmp(w, "0") != 0) && run(cmd[c], &ms, c ? NULL : out_file) < 0) {
			fprintf(stderr, "timeit: %s failed\n", cmd[c][0]);
			return 1;
		}
	}
	for (i = 0; i < runs; i++) {
		for (c = 0; c < n; c++) {
			if (run(cmd[c], &t[c][i], c ? NULL : out_file) < 0) {
				fprintf(stderr, "timeit: %s failed\n", cmd[c][0]);
				return 1;
			}
		}
	}
	for (c = 0; c < n; c++) {
		double *x = t[c];

		qsort(x, (size_t)runs, sizeof(*x), cmp);
		printf("%.3f %.3f %.3f\n",
		       runs % 2 ? x[runs / 2] : (x[runs / 2 - 1] + x[runs / 2]) / 2, x[0],
		       x[runs - 1]);
		free(x);
	}
	return 0;
}
