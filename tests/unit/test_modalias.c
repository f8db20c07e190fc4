/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_modalias.c - the vfio_pci: alias rules of SPEC "Variant vfio drivers"
 * on a modules.alias shaped as depmod writes it: fewest wildcards, subsystem
 * fields, class masks, ties (the first line wins), no match, and lines that
 * are not vfio_pci: aliases. */
#include <stdlib.h>

#include "../../lib/modalias.h"
#include "tap.h"

static const char aliases[] =
    "# Aliases extracted from modules themselves.\n"
    "alias pci:v000015B3d00001021sv*sd*bc*sc*i* mlx5_core\n"
    "alias vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i* mlx5_vfio_pci\n"
    "alias vfio_pci:v000015B3d00001021sv*sd*bc*sc*i* mlx5_vfio_pci\n"
    "alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci\n"
    "alias vfio_pci:v*d*sv*sd*bc*sc*i* generic_twin\n" /* a tie a better line undoes */
    "alias vfio_pci:v000010DEd00002342sv*sd*bc*sc*i* nvgrace_gpu_vfio_pci\n"
    "alias vfio_pci:v000010DEd00002342sv000010DEsd000016EBbc*sc*i* acme_exact_vfio_pci\n"
    "alias vfio_pci:v00008086d*sv*sd*bc03sc*i* xe_like_vfio_pci\n"
    "alias vfio_pci:v00001AF4d00001041sv*sd*bc*sc*i* virtio_vfio_pci\n"
    "alias vfio_pci:v00001AF4d00001041sv*sd*bc*sc*i* other_vfio_pci\n"
    "alias vfio_pci:v00001AF4d00001041sv*sd*bc*sc*i* virtio_vfio_pci\n"
    "alias vfio_pcix:v*d*sv*sd*bc*sc*i* not_vfio\n"
    "alias vfio_pci:v00001B36d00000005sv*sd*bc*sc*i* vgtest_vfio_pci\r\n"
    "alias vfio_pci:v00001B36d00000006sv*sd*bc*sc*i*"; /* no module, no newline */

struct best_case {
	const char *what;
	uint32_t vendor, device, subvendor, subdevice, class;
	const char *want; /* "" : no vfio_pci: line matches */
	int stars;
	const char *tie;
};

static const struct best_case cases[] = {
    {"an exact vendor:device beats the generic alias", 0x15b3, 0x1021, 0x15b3, 0x0001, 0x020000,
     "mlx5_vfio_pci", 5, ""},
    {"subsystem fields in the pattern: fewer wildcards win", 0x10de, 0x2342, 0x10de, 0x16eb,
     0x030200, "acme_exact_vfio_pci", 3, ""},
    {"another subsystem: the vendor:device alias", 0x10de, 0x2342, 0x1043, 0x866a, 0x030200,
     "nvgrace_gpu_vfio_pci", 5, ""},
    {"a class mask (bc03sc*) matches a display function", 0x8086, 0x56c0, 0x8086, 0x0000, 0x030000,
     "xe_like_vfio_pci", 5, ""},
    {"a class mask does not match another class: only the generic alias", 0x8086, 0x56c0, 0x8086,
     0x0000, 0x048000, "vfio_pci", 7, "generic_twin"},
    {"a tie: the first line wins, the other module is named", 0x1af4, 0x1041, 0x1af4, 0x1100,
     0x010000, "virtio_vfio_pci", 5, "other_vfio_pci"},
    {"a CR before the newline is not part of the module name", 0x1b36, 0x0005, 0x1af4, 0x1100,
     0x00ff00, "vgtest_vfio_pci", 5, ""},
    {"a line without a module is no candidate", 0x1b36, 0x0006, 0, 0, 0, "vfio_pci", 7,
     "generic_twin"},
};

struct match_case {
	const char *pattern, *subject;
	bool want;
};

static const struct match_case matches[] = {
    {"", "", true},	     {"*", "", true},	       {"*", "abc", true},   {"a*c", "abbbc", true},
    {"a*c", "abcd", false},  {"a*b*c", "aXbYc", true}, {"a**", "a", true},   {"abc", "ab", false},
    {"ab", "abc", false},    {"a?c", "abc", false},    {"a?c", "a?c", true}, {"[ab]", "a", false},
    {"*c*c", "cxcxc", true}, {"v*d*", "v1d", true},
};

void test_modalias(void)
{
	struct vg_dev d = {.vendor = 0x10de,
			   .device = 0x2342,
			   .subvendor = 0x10de,
			   .subdevice = 0x16eb,
			   .class = 0x0c0330};
	char ma[VG_MODALIAS_MAX], mod[64], tie[64], *buf;
	size_t i, n;
	int r;

	vg_modalias(&d, ma, sizeof(ma));
	tap_streq(ma, "pci:v000010DEd00002342sv000010DEsd000016EBbc0Csc03i30",
		  "modalias as pci_uevent writes it: upper-case hex, class split in three");

	for (i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		const struct match_case *m = &matches[i];

		tap_ok(vg_alias_match(m->pattern, strlen(m->pattern), m->subject) == m->want,
		       "match '%s' against '%s': %s", m->pattern, m->subject,
		       m->want ? "yes" : "no");
	}
	/* The pattern is bounded by its length, not by a NUL. */
	tap_ok(vg_alias_match("abX", 2, "ab"), "a pattern ends at its length");

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct best_case *c = &cases[i];
		struct vg_dev f = {.vendor = c->vendor,
				   .device = c->device,
				   .subvendor = c->subvendor,
				   .subdevice = c->subdevice,
				   .class = c->class};

		vg_modalias(&f, ma, sizeof(ma));
		r = vg_alias_best(aliases, sizeof(aliases) - 1, ma, mod, sizeof(mod), tie,
				  sizeof(tie));
		tap_ok(r == c->stars, "%s: %d wildcards (got %d)", c->what, c->stars, r);
		tap_streq(mod, c->want, "%s: module", c->what);
		tap_streq(tie, c->tie, "%s: tie", c->what);
	}

	/* No vfio_pci: line at all (a kernel before 5.15): no answer. */
	r = vg_alias_best(aliases, 100, "pci:v000015B3d00001021sv0sd0bc02sc00i00", mod, sizeof(mod),
			  tie, sizeof(tie));
	tap_ok(r == -ENOENT && mod[0] == '\0', "no vfio_pci: line matches: -ENOENT, no module");
	r = vg_alias_best("", 0, "pci:v1", mod, sizeof(mod), NULL, 0);
	tap_ok(r == -ENOENT, "an empty modules.alias: -ENOENT");

	/* A module name too long for the caller's buffer is no candidate. */
	vg_modalias(&d, ma, sizeof(ma));
	r = vg_alias_best(aliases, sizeof(aliases) - 1, ma, mod, 9, NULL, 0);
	tap_ok(r == 7 && strcmp(mod, "vfio_pci") == 0,
	       "modules that do not fit are skipped, the generic alias remains (got %d '%s')", r,
	       mod);

	/* Compaction keeps exactly the vfio_pci: lines, in order. */
	buf = malloc(sizeof(aliases));
	if (!buf)
		return;
	memcpy(buf, aliases, sizeof(aliases));
	n = vg_alias_vfio_lines(buf, sizeof(aliases) - 1);
	tap_ok(n < sizeof(aliases) - 1 &&
		   strncmp(buf, "alias vfio_pci:v000015B3d0000101E", 33) == 0,
	       "compaction drops the comment and the pci: alias");
	tap_ok(memmem(buf, n, "mlx5_core", 9) == NULL && memmem(buf, n, "not_vfio", 8) == NULL,
	       "compaction drops lines that are not vfio_pci: aliases");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct best_case *c = &cases[i];
		struct vg_dev f = {.vendor = c->vendor,
				   .device = c->device,
				   .subvendor = c->subvendor,
				   .subdevice = c->subdevice,
				   .class = c->class};

		vg_modalias(&f, ma, sizeof(ma));
		r = vg_alias_best(buf, n, ma, mod, sizeof(mod), tie, sizeof(tie));
		tap_streq(mod, c->want, "after compaction, %s", c->what);
	}
	free(buf);
}
