/* SPDX-License-Identifier: GPL-2.0-or-later */
/* check_conf.c - `vfio-gpu check` and the selection file (SPEC "The same
 * tokens from a file in the image"): the configurations check judges are
 * read as the binder reads them (the file, then the line), a refused file is
 * a warning, and a selection that the boot line and the file state
 * differently is named, both sides quoted, so that nobody edits one and
 * boots the other. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "conffile.h"

/* Why vg_conf_load refused the file, in words (the binder says strerror's). */
static const char *refusal(int err)
{
	static char big[64];

	switch (-err) {
	case ELOOP:
		return "it is a symbolic link";
	case EISDIR:
		return "it is a directory";
	case EINVAL:
		return "it is not a regular file (a FIFO or a device)";
	case EFBIG:
		snprintf(big, sizeof(big), "it is larger than %u bytes (VG_CONF_MAX)",
			 (unsigned)VG_CONF_MAX);
		return big;
	default:
		return strerror(-err);
	}
}

/* The file hv_opts names: --conf FILE, '' none, else ROOT's. */
static int load_file(const struct check *c, struct vg_config *cfg, const char **name)
{
	*name = c->o->conf && c->o->conf[0] ? c->o->conf : VG_CONF_PATH;
	if (c->o->conf && !c->o->conf[0])
		return 0;
	return vg_conf_load(cfg, c->o->root, c->o->conf && c->o->conf[0] ? c->o->conf : NULL, name);
}

void hv_check_config(struct check *c, struct vg_config *cfg, const char *line, size_t len,
		     bool warn)
{
	const char *name;
	int r;

	vg_config_begin(cfg, 0);
	r = load_file(c, cfg, &name);
	if (r < 0 && warn)
		hv_check_item(c, HV_WARN, "conf", "%s ignored: %s; the command line alone applies",
			      name, refusal(r));
	vg_config_add_cmdline(cfg, line, len);
}

/* The selection keys whose values can disagree; lists compare as the
 * comma-joined values of all their tokens, scalars by their last value. */
static const char *const keys[] = {"vfio-gpu.ids",	"vfio-gpu.addrs",    "vfio-gpu.groups",
				   "vfio-gpu.boot_vga", "vfio-gpu.variants", "vfio-gpu.dry_run",
				   "vfio-gpu.debug"};

/* The value of key in cfg ("" bare), lists joined; false when absent. */
static bool value_of(const struct vg_config *cfg, const char *key, bool list, char *out, size_t len)
{
	bool found = false;
	size_t i, used = 0;

	out[0] = '\0';
	for (i = 0; i < cfg->n_args; i++) {
		const char *v = cfg->args[i].val ? cfg->args[i].val : "";

		if (strcmp(cfg->args[i].key, key) != 0)
			continue;
		if (!list)
			used = 0;
		used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%s",
					 found && list ? "," : "", v);
		if (used >= len)
			used = len - 1;
		found = true;
	}
	return found;
}

void hv_check_conf_agrees(struct check *c, const char *line, size_t len)
{
	struct vg_config *alone = calloc(1, sizeof(*alone)), *file = calloc(1, sizeof(*file));
	char a[VG_CMDLINE_MAX + 1], b[VG_CONF_MAX + 1];
	const char *name;
	bool differ = false;
	size_t k;

	if (!alone || !file) {
		hv_check_item(c, HV_FAIL, "conf", "out of memory");
		goto out;
	}
	vg_config_begin(file, 0);
	if (load_file(c, file, &name) <= 0 || !file->from_file)
		goto out; /* no file (or refused: said already): nothing to compare */
	vg_config_parse(alone, line, len);
	if (alone->off && vg_config_selects(file)) {
		hv_check_item(c, HV_WARN, "conf",
			      "%s selects devices but the boot line (/proc/cmdline) says "
			      "vfio-gpu.off: nothing is claimed while the line says so",
			      name);
		differ = true;
	}
	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		bool list = k < 3;

		if (!value_of(alone, keys[k], list, a, sizeof(a)) ||
		    !value_of(file, keys[k], list, b, sizeof(b)) || strcmp(a, b) == 0)
			continue;
		hv_check_item(
		    c, HV_WARN, "conf",
		    "%s differs: the boot line (/proc/cmdline) says %s=%s, %s says %s=%s; "
		    "%s",
		    keys[k], keys[k], a, name, keys[k], b,
		    list ? "both apply (the lists accumulate)"
			 : "the line's wins (it is read last)");
		differ = true;
	}
	if (!differ)
		hv_check_item(c, HV_PASS, "conf",
			      "%s and the boot line (/proc/cmdline) do not disagree", name);
out:
	free(alone);
	free(file);
}
