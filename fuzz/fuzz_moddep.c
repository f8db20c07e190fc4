/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fuzz_moddep.c - depmod's files as the loader reads them: modules.dep
 * (vg_moddep_find, vg_moddep_next, vg_modname) and modules.builtin
 * (vg_builtin_has), over a buffer that is not NUL-terminated. Invariants:
 * every span lies inside the buffer, the line found is the named module's,
 * and a dependency is a non-empty word without blanks. */
#include <string.h>

#include "fuzz.h"
#include "moddep.h"

static const char *const names[] = {"vfio",	     "vfio_iommu_type1", "vfio_pci",
				    "vfio-pci-core", "irqbypass",	 "vfio_virqfd"};

static int same_name(const char *a, const char *b)
{
	for (; *a || *b; a++, b++)
		if ((*a == '-' ? '_' : *a) != (*b == '-' ? '_' : *b))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = fuzz_dup(data, size, 0);
	const char *end = buf + size;
	unsigned i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		struct vg_span path, deps, dep;
		char got[VG_MODNAME_MAX];
		unsigned n = 0;

		(void)vg_builtin_has(buf, size, names[i]);
		if (vg_moddep_find(buf, size, names[i], &path, &deps) < 0)
			continue;
		CHECK(path.p >= buf && path.p + path.len <= end);
		CHECK(deps.p >= buf && deps.p + deps.len <= end);
		CHECK(memchr(path.p, '\n', path.len) == NULL);
		CHECK(vg_modname(path.p, path.len, got, sizeof(got)) == 0);
		CHECK(same_name(got, names[i]));
		while (vg_moddep_next(&deps, &dep)) {
			CHECK(dep.p >= buf && dep.p + dep.len <= end && dep.len > 0);
			CHECK(memchr(dep.p, ' ', dep.len) == NULL);
			CHECK(memchr(dep.p, '\t', dep.len) == NULL);
			CHECK(++n <= size);
			(void)vg_modname(dep.p, dep.len, got, sizeof(got));
		}
	}
	/* The whole buffer as one path, into a small name buffer. */
	{
		char small[8];

		if (vg_modname(buf, size, small, sizeof(small)) == 0)
			CHECK(strlen(small) < sizeof(small));
	}
	free(buf);
	return 0;
}
