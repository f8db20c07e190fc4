/* SPDX-License-Identifier: GPL-2.0-or-later */
/* inuse_net.c - network interfaces of the picked functions that are up:
 * unbinding their driver takes the link (and whatever session runs over
 * it, perhaps the administrator's own) down at once. Up is the
 * administrator's IFF_UP (net/IF/flags), whether or not a cable is in;
 * operstate is given with it. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inuse_scan.h"
#include "report.h"
#include "rootfs.h"
#include "sysfs.h"

#define IFF_UP_BIT 0x1UL /* <net/if.h> IFF_UP, without its namespace clash */

/* net/IF/ATTR, one line, newline dropped; "" none. */
static void net_attr(const struct scan *s, size_t dev, const char *ifname, const char *attr,
		     char *buf, size_t len)
{
	char path[VG_PATH_MAX];

	if (vg_path(path, sizeof(path), s->root, "/sys/bus/pci/devices/%s/net/%s/%s",
		    s->pci->devs[dev].name, ifname, attr) < 0 ||
	    vg_read_file(path, buf, len) <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[strcspn(buf, "\n")] = '\0';
}

static int scan_one(struct scan *s, size_t dev)
{
	char path[VG_PATH_MAX], flags[32], oper[32], name[64], eoper[32];
	struct dirent *e;
	char *end;
	DIR *d;
	int r = 0;

	if (vg_path(path, sizeof(path), s->root, "/sys/bus/pci/devices/%s/net",
		    s->pci->devs[dev].name) < 0 ||
	    !(d = vg_opendir(path)))
		return 0; /* no interface: the normal case */
	while (r == 0 && (e = readdir(d))) {
		unsigned long f;
		bool up;

		if (e->d_name[0] == '.' || strlen(e->d_name) >= 32)
			continue; /* IFNAMSIZ is 16 */
		net_attr(s, dev, e->d_name, "flags", flags, sizeof(flags));
		net_attr(s, dev, e->d_name, "operstate", oper, sizeof(oper));
		f = strtoul(flags, &end, 16);
		up = flags[0] && !*end ? (f & IFF_UP_BIT) != 0 : strcmp(oper, "up") == 0;
		if (!up)
			continue;
		vg_escape(e->d_name, name, sizeof(name), false);
		vg_escape(oper[0] ? oper : "unknown", eoper, sizeof(eoper), false);
		r = hv_scan_use(s, dev, 0, NULL,
				"network interface %s of %s is up (operstate %s; ip link set %s "
				"down first)",
				name, s->pci->devs[dev].name, eoper, name);
	}
	closedir(d);
	return r;
}

int hv_scan_net(struct scan *s)
{
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < s->pci->n; i++)
		if (s->pick[i])
			r = scan_one(s, i);
	return r;
}
