/* SPDX-License-Identifier: GPL-2.0-or-later */
/* tap.h - the smallest TAP producer: one "ok N - name" line per check, so the
 * aggregator counts every table row of every unit test. */
#ifndef VG_TAP_H
#define VG_TAP_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

extern unsigned tap_n, tap_failed;

struct vg_config;
/* A config's bad tokens as the plan prints them, joined with '|' (test_params.c). */
const char *test_bad_lines(const struct vg_config *cfg);

__attribute__((format(printf, 2, 3))) static inline bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %u - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

/* Compare strings and show both on failure. */
#define tap_streq(got, want, ...)                                                                  \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		if (!tap_ok(g_ && strcmp(g_, w_) == 0, __VA_ARGS__))                               \
			printf("#   got:  '%s'\n#   want: '%s'\n", g_ ? g_ : "(null)", w_);        \
	} while (0)

void test_cmdline(void);
void test_ids(void);
void test_params(void);
void test_moddep(void);
void test_modalias(void);
void test_pci(void);
void test_modprobe_d(void);
void test_select(void);
void test_claim(void);
void test_validate(void);
void test_pin(void);
void test_conffile(void);
void test_rootfs(void);
void test_sriov(void);

#endif
