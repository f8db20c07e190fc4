/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline_size.h - how long a kernel command line each architecture keeps
 * (its COMMAND_LINE_SIZE), for the binder's own machine and for a target
 * named by its uname machine (vfio-gpu plan --arch). */
#ifndef VG_CMDLINE_SIZE_H
#define VG_CMDLINE_SIZE_H

/* The largest COMMAND_LINE_SIZE in the table: the parser's buffer. */
#define VG_CMDLINE_MAX 4096

/* COMMAND_LINE_SIZE of the architecture a uname machine names ("x86_64",
 * "aarch64", "ppc64le", "s390x", "riscv64", ...); 0 when unknown. */
unsigned vg_cmdline_size_of(const char *machine);

/* The architecture this binary was built for (its uname machine family,
 * "x86_64" on x86) and its COMMAND_LINE_SIZE; VG_CMDLINE_MAX when the
 * architecture is not in the table, so that nothing is taken for cut. */
const char *vg_native_machine(void);
unsigned vg_cmdline_size_native(void);

#endif
