/* SPDX-License-Identifier: GPL-2.0-or-later */
/* split.h - vfio-gpu-early --split: the kernel's tokeniser (lib/cmdline.c)
 * offered to the shell parts of the product, so that no second copy of its
 * rules (quotes, blanks, the lone "--") lives in awk. */
#ifndef VG_SPLIT_H
#define VG_SPLIT_H

#include <stdio.h>

/* Print the tokens of line to out, each as two lines, "raw TEXT" (the token
 * as written, quotes and all, to write it back) and "arg PARAM" (what the
 * kernel passes on: KEY or KEY=VALUE, the grouping quotes removed); then,
 * where a lone "--" ends the kernel's part, a line "--" and, when anything
 * follows it, "init TEXT" (the rest, as written: init's arguments).
 * Returns 0, 1 when a token or the rest holds a newline (inside quotes: it
 * cannot be one line; nothing is printed), 2 when out of memory. */
int vg_split_print(const char *line, FILE *out);

#endif
