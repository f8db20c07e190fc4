/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sriov_params.c - parsing the vfs and reset list items; VF addresses. */
#include "sriov_params.h"

#include <errno.h>
#include <string.h>

/* Split "ADDR:TAIL" at the last ':' (the address has one or two of its own). */
static int split_addr(const char *s, struct vg_addr *addr, const char **tail)
{
	const char *colon = strrchr(s, ':');
	char a[VG_ADDR_STR + 4];
	size_t len;

	if (!colon || colon == s)
		return -EINVAL;
	len = (size_t)(colon - s);
	if (len >= sizeof(a))
		return -EINVAL;
	memcpy(a, s, len);
	a[len] = '\0';
	/* The address part must be an address alone: no pin after '@'. */
	if (strchr(a, '@') || vg_parse_addr(a, addr) < 0)
		return -EINVAL;
	*tail = colon + 1;
	return 0;
}

int vg_parse_vfs(const char *s, struct vg_vfs *out)
{
	const char *p;
	unsigned long n = 0;
	struct vg_addr addr;

	if (split_addr(s, &addr, &p) < 0 || *p == '\0')
		return -EINVAL;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > VG_VFS_MAX)
			return -EINVAL;
	}
	if (n == 0)
		return -EINVAL;
	out->pf = addr;
	out->count = (unsigned)n;
	return 0;
}

int vg_parse_reset(const char *s, struct vg_reset *out)
{
	const char *p, *m;
	struct vg_addr addr;

	if (split_addr(s, &addr, &m) < 0 || *m == '\0' || strlen(m) >= sizeof(out->method))
		return -EINVAL;
	for (p = m; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			return -EINVAL;
	out->addr = addr;
	memcpy(out->method, m, strlen(m) + 1);
	return 0;
}

int vg_vf_addr(const struct vg_addr *pf, unsigned offset, unsigned stride, unsigned n,
	       struct vg_addr *out)
{
	unsigned long rid =
	    ((unsigned long)pf->bus << 8) | ((unsigned long)pf->slot << 3) | pf->func;

	rid += offset + (unsigned long)n * stride;
	if (rid > 0xffff)
		return -ERANGE;
	out->domain = pf->domain;
	out->bus = (uint8_t)(rid >> 8);
	out->slot = (uint8_t)((rid & 0xff) >> 3);
	out->func = (uint8_t)(rid & 7);
	return 0;
}
