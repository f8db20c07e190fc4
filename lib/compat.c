/* SPDX-License-Identifier: GPL-2.0-or-later */
/* compat.c - system calls that klibc and glibc expose differently. */
#include "compat.h"

#include <sys/time.h>

#ifdef __KLIBC__
int finit_module(int fd, const char *args, int flags);

int vg_finit_module(int fd, const char *args, int flags)
{
	return finit_module(fd, args, flags);
}

unsigned long long vg_now_us(void)
{
	/* klibc has no clock_gettime; boot time is short and the wall clock
	 * does not jump inside an initramfs. */
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return (unsigned long long)tv.tv_sec * 1000000ULL + (unsigned long long)tv.tv_usec;
}
#else
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int vg_finit_module(int fd, const char *args, int flags)
{
	return (int)syscall(SYS_finit_module, fd, args, flags);
}

unsigned long long vg_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000ULL +
	       (unsigned long long)ts.tv_nsec / 1000ULL;
}
#endif

unsigned long vg_now_ms(void)
{
	return (unsigned long)(vg_now_us() / 1000ULL);
}
