/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz.h - what every libFuzzer target here shares: the entry point's
 * prototype (the Makefile warns about functions without one) and CHECK, an
 * invariant that aborts with its text so libFuzzer saves the input. */
#ifndef VG_FUZZ_H
#define VG_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
				#cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A copy of the input in a buffer of exactly that size (plus the NUL when
 * asked), so that ASan sees any read past the end. */
static inline char *fuzz_dup(const uint8_t *data, size_t size, int nul)
{
	char *p = malloc(size + (nul ? 1 : 0) + (size == 0 && !nul));

	CHECK(p != NULL);
	for (size_t i = 0; i < size; i++)
		p[i] = (char)data[i];
	if (nul)
		p[size] = '\0';
	return p;
}

#endif
