/* SPDX-License-Identifier: GPL-2.0-or-later */
/* json.h - the little JSON the tool writes by hand: strings escaped per
 * RFC 8259, everything else printed by the callers. */
#ifndef VG_HOST_JSON_H
#define VG_HOST_JSON_H

#include <stdio.h>

/* Write s as a JSON string (quotes included); NULL is written as null. */
void hv_json_str(FILE *f, const char *s);

#endif
