/* SPDX-License-Identifier: GPL-2.0-or-later */
/* modalias.h - SPEC "Variant vfio drivers": a function's modalias made from
 * its scanned ids and class, and the best `alias vfio_pci:PATTERN MODULE`
 * line of a modules.alias buffer for it. Pure (buffer in, no I/O), so that it
 * can be fuzzed and the binder, the host tool and late devices pick the same. */
#ifndef VG_MODALIAS_H
#define VG_MODALIAS_H

#include <stdbool.h>
#include <stddef.h>

#include "pci.h"

/* "vfio_" + "pci:v%08Xd%08Xsv%08Xsd%08Xbc%02Xsc%02Xi%02X" and its NUL: 59. */
#define VG_MODALIAS_MAX 64

/* The function's modalias as the kernel's pci_uevent writes it
 * ("pci:v000010DEd00002342sv...i00"), from d's fields (the scan has them;
 * nothing is read here). */
void vg_modalias(const struct vg_dev *d, char *buf, size_t len);

/* Whether subject matches pattern (plen bytes, need not be NUL-terminated),
 * fnmatch-style with '*' matching any run of characters; every other byte,
 * '?' and '[' included, is literal: file2alias writes only '*' into PCI
 * aliases. */
bool vg_alias_match(const char *pattern, size_t plen, const char *subject);

/* Keep only the "alias vfio_pci:..." lines of a modules.alias buffer, moved
 * to its start (in place; a 1 MB host file shrinks to a few lines before
 * each function is matched). Returns the new length. */
size_t vg_alias_vfio_lines(char *buf, size_t len);

/* The module of the vfio_pci: alias line of buf (len bytes, need not be
 * NUL-terminated) that matches "vfio_" + modalias with the fewest '*'
 * (libvirt's rule). On a tie the first such line wins, as in libvirt, so a
 * given modules.alias always gives the same answer; tie then names the
 * module of the first line that matched as well ("" when none did). Returns
 * the number of '*' of the line chosen, or -ENOENT when none matches (the
 * caller's answer is then plain vfio_pci); a module name that does not fit
 * mod (or tie, then left "") is not a candidate. */
int vg_alias_best(const char *buf, size_t len, const char *modalias, char *mod, size_t modlen,
		  char *tie, size_t tielen);

#endif
