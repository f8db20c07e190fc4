/* SPDX-License-Identifier: GPL-2.0-or-later */
/* conffile.c - reading the selection file. Only reading and comments live
 * here; its tokens are the command line's (params.c interprets both), so a
 * token means the same in the file as on the line. */
#include "conffile.h"

#include <errno.h>
#include <stdbool.h>

#include "sysfs.h"

void vg_conf_strip(char *text, size_t len)
{
	bool quote = false, comment = false;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (c == '\n') {
			comment = false; /* a quote goes on across lines, as on the line */
			continue;
		}
		if (!comment && c == '"')
			quote = !quote;
		else if (!comment && !quote && c == '#')
			comment = true;
		if (comment || c == '\0')
			text[i] = ' ';
	}
}

int vg_conf_load(struct vg_config *cfg, const char *root, const char *file, const char **name)
{
	/* One byte more than allowed tells a file at the bound from a larger one. */
	char path[VG_PATH_MAX], buf[VG_CONF_MAX + 2];
	ssize_t n;
	int r;

	*name = file ? file : VG_CONF_PATH;
	r = file ? vg_path(path, sizeof(path), "", "%s", file)
		 : vg_path(path, sizeof(path), root, VG_CONF_PATH);
	if (r < 0)
		return r;
	n = vg_read_file(path, buf, sizeof(buf));
	if (n == -ENOENT || n == -ENOTDIR)
		return 0;
	if (n < 0)
		return (int)n;
	if (n > VG_CONF_MAX)
		return -EFBIG;
	vg_config_add_file(cfg, *name, buf, (size_t)n);
	return 1;
}
