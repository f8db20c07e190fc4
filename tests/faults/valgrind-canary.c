/* SPDX-License-Identifier: GPL-2.0-or-later */
/* valgrind-canary.c - a deliberate bug for suite 75-valgrind: a branch on
 * uninitialised stack memory, built static with klcc like the binder. If
 * valgrind does not report it, valgrind is not really instrumenting klibc
 * static binaries on this machine and the suite's clean results mean
 * nothing. (Heap errors cannot be seen in a static binary: valgrind cannot
 * replace its malloc, which is why the suite also runs a glibc build.) */
int main(int argc, char **argv)
{
	volatile int x[4];

	(void)argv;
	if (x[argc & 3] > 0)
		return 3;
	return 0;
}
