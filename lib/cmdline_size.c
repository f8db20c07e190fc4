/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmdline_size.c - the one table of COMMAND_LINE_SIZE per architecture.
 *
 * The kernel copies at most COMMAND_LINE_SIZE - 1 bytes of the boot loader's
 * line and drops the rest without a word, so a line of that length may have
 * lost its end in the middle of a token. Values read in torvalds/linux
 * (stored versions, December 2026):
 *   x86      arch/x86/include/asm/setup.h            2048
 *   powerpc  arch/powerpc/include/uapi/asm/setup.h   2048
 *   arm64    arch/arm64/include/uapi/asm/setup.h     2048 in the 2021 tree
 *            (idreg-override era) and in SPEC v3; one older stored version
 *            reads 4096. The smaller value is the safe side: a longer line
 *            is reported as possibly cut, never silently misread.
 *   s390     arch/s390/include/uapi/asm/setup.h      4096
 *   riscv    arch/riscv/include/uapi/asm/setup.h     1024
 * An architecture not listed gets VG_CMDLINE_MAX: nothing is taken for cut. */
#include <string.h>

#include "cmdline_size.h"

struct arch_size {
	const char *prefix; /* uname machine, compared as a prefix */
	unsigned size;
};

static const struct arch_size sizes[] = {
    {"x86_64", 2048},  {"i386", 2048},	  {"i486", 2048},  {"i586", 2048},
    {"i686", 2048},    {"aarch64", 2048}, {"arm64", 2048}, {"ppc", 2048},
    {"powerpc", 2048}, {"s390", 4096},	  {"riscv", 1024},
};

unsigned vg_cmdline_size_of(const char *machine)
{
	size_t i;

	if (!machine)
		return 0;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (strncmp(machine, sizes[i].prefix, strlen(sizes[i].prefix)) == 0)
			return sizes[i].size;
	return 0;
}

const char *vg_native_machine(void)
{
#if defined(__x86_64__)
	return "x86_64";
#elif defined(__i386__)
	return "i686";
#elif defined(__aarch64__)
	return "aarch64";
#elif defined(__powerpc__) || defined(__powerpc64__)
	return "ppc64le";
#elif defined(__s390__) || defined(__s390x__)
	return "s390x";
#elif defined(__riscv)
	return "riscv64";
#else
	return "unknown";
#endif
}

unsigned vg_cmdline_size_native(void)
{
	unsigned n = vg_cmdline_size_of(vg_native_machine());

	return n ? n : VG_CMDLINE_MAX;
}
