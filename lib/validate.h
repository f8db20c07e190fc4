/* SPDX-License-Identifier: GPL-2.0-or-later */
/* validate.h - vfio-gpu-early --validate: the binder's own parser judging
 * boot options one by one, so that every other part of the product (the boot
 * options helper, the host tool) agrees with what the boot will do. */
#ifndef VG_VALIDATE_H
#define VG_VALIDATE_H

#include <stdio.h>

/* Why arg is not a valid boot option ("malformed", "not-one-token", ...),
 * NULL when it is. Parameters that are not ours are valid: nothing to check.
 * Returns "no-memory" when the parser's state cannot be allocated. */
const char *vg_validate_arg(const char *arg);

/* Print "ok ARG" or "bad ARG reason=WHY" for each of the n args, ARG quoted
 * as bad tokens are (vg_escape), so no argument can forge a line.
 * Returns 0 when all are valid, 1 otherwise. */
int vg_validate(char *const *args, int n, FILE *out);

#endif
