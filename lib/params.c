/* SPDX-License-Identifier: GPL-2.0-or-later */
/* params.c - interpretation of the tokens: known vfio-gpu.* keys, their value
 * lists, and the bad-token bookkeeping. Repeated keys accumulate (lists) or
 * the last one wins (flags), as klibc's getarg does. */
#include "params.h"

#include <errno.h>

#include "conffile.h"
#include <stdio.h>
#include <string.h>

enum list_kind { LIST_IDS, LIST_ADDRS, LIST_GROUPS, LIST_VFS, LIST_RESET };

static void add_bad(struct vg_config *cfg, const char *key, const char *token, size_t toklen,
		    const char *why)
{
	struct vg_bad *b;

	if (cfg->n_bad >= VG_MAX_BAD) {
		cfg->n_bad_lost++;
		return;
	}
	b = &cfg->bad[cfg->n_bad++];
	snprintf(b->key, sizeof(b->key), "%s", key);
	b->truncated = toklen > VG_ITEM_MAX;
	if (b->truncated)
		toklen = VG_ITEM_MAX;
	memcpy(b->token, token, toklen);
	b->token[toklen] = '\0';
	b->why = why;
	b->line = cfg->cur_line;
	b->file = cfg->cur_line ? cfg->conf_name : NULL;
}

/* Remember that the list item just added came from the file. */
static void mark_file(const struct vg_config *cfg, uint64_t *mask, unsigned n)
{
	if (cfg->cur_line)
		*mask |= UINT64_C(1) << (n - 1);
}

static void add_item(struct vg_config *cfg, enum list_kind kind, const char *key, const char *item,
		     size_t len)
{
	char tmp[VG_ITEM_MAX + 1];
	int r = -EINVAL;

	if (len == 0) {
		add_bad(cfg, key, item, len, "empty");
		return;
	}
	if (len > VG_ITEM_MAX) {
		add_bad(cfg, key, item, len, "too long");
		return;
	}
	memcpy(tmp, item, len);
	tmp[len] = '\0';
	switch (kind) {
	case LIST_IDS:
		if (cfg->n_ids >= VG_MAX_ITEMS)
			break;
		r = vg_parse_id(tmp, &cfg->ids[cfg->n_ids]);
		if (r == 0)
			mark_file(cfg, &cfg->file_ids, ++cfg->n_ids);
		break;
	case LIST_ADDRS:
		if (cfg->n_addrs >= VG_MAX_ITEMS)
			break;
		r = vg_parse_addr_pin(tmp, &cfg->addrs[cfg->n_addrs], &cfg->pins[cfg->n_addrs]);
		if (r == 0)
			mark_file(cfg, &cfg->file_addrs, ++cfg->n_addrs);
		break;
	case LIST_GROUPS:
		if (cfg->n_groups >= VG_MAX_ITEMS)
			break;
		r = vg_parse_group(tmp, &cfg->groups[cfg->n_groups]);
		if (r == 0)
			mark_file(cfg, &cfg->file_groups, ++cfg->n_groups);
		break;
	case LIST_VFS:
		if (cfg->n_vfs >= VG_MAX_ITEMS)
			break;
		r = vg_parse_vfs(tmp, &cfg->vfs[cfg->n_vfs]);
		if (r == 0)
			cfg->n_vfs++;
		break;
	case LIST_RESET:
		if (cfg->n_resets >= VG_MAX_ITEMS)
			break;
		r = vg_parse_reset(tmp, &cfg->resets[cfg->n_resets]);
		if (r == 0)
			cfg->n_resets++;
		break;
	}
	if (r != 0) {
		unsigned n = kind == LIST_IDS	  ? cfg->n_ids
			     : kind == LIST_ADDRS ? cfg->n_addrs
			     : kind == LIST_VFS	  ? cfg->n_vfs
			     : kind == LIST_RESET ? cfg->n_resets
						  : cfg->n_groups;

		add_bad(cfg, key, item, len,
			n >= VG_MAX_ITEMS ? "too many"
			: r == -EBADMSG	  ? "bad pin"
					  : "malformed");
	}
}

static void parse_list(struct vg_config *cfg, enum list_kind kind, const char *key, const char *val)
{
	const char *p = val;

	if (!val) {
		add_bad(cfg, key, "", 0, "no value");
		return;
	}
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		add_item(cfg, kind, key, p, len);
		if (!comma)
			break;
		p = comma + 1;
	}
}

/* The kernel's kstrtobool words; a bare flag means true. */
static int parse_bool(const char *val, bool *out)
{
	static const char *const yes[] = {"1", "y", "Y", "on", "yes"};
	static const char *const no[] = {"0", "n", "N", "off", "no"};
	size_t i;

	if (!val) {
		*out = true;
		return 0;
	}
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(val, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(val, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

static void set_flag(struct vg_config *cfg, const struct vg_arg *a, bool *flag)
{
	if (parse_bool(a->val, flag) < 0)
		add_bad(cfg, a->key, a->val, strlen(a->val), "not a boolean");
}

bool vg_modname_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];

		if (x != y || y == '\0')
			return false;
	}
	return b[alen] == '\0';
}

bool vg_is_module_option(const char *key)
{
	const char *dot = strchr(key, '.');

	return dot && dot[1] && strncmp(key, "vfio", 4) == 0 &&
	       !vg_modname_eq(key, (size_t)(dot - key), "vfio_gpu");
}

/* vfio-gpu, vfio-gpu.*, and the same with '_': our namespace. */
static bool is_ours(const char *k)
{
	return vg_modname_eq(k, 8, "vfio_gpu") && (k[8] == '.' || k[8] == '\0');
}

static void interpret(struct vg_config *cfg, const struct vg_arg *a)
{
	const char *k = a->key;
	unsigned bad = cfg->n_bad + cfg->n_bad_lost;

	if (strcmp(k, "vfio-gpu.ids") == 0) {
		parse_list(cfg, LIST_IDS, k, a->val);
	} else if (strcmp(k, "vfio-gpu.addrs") == 0) {
		parse_list(cfg, LIST_ADDRS, k, a->val);
	} else if (strcmp(k, "vfio-gpu.groups") == 0) {
		parse_list(cfg, LIST_GROUPS, k, a->val);
	} else if (strcmp(k, "vfio-gpu.vfs") == 0) {
		parse_list(cfg, LIST_VFS, k, a->val);
	} else if (strcmp(k, "vfio-gpu.reset") == 0) {
		parse_list(cfg, LIST_RESET, k, a->val);
	} else if (strcmp(k, "vfio-gpu.boot_vga") == 0) {
		set_flag(cfg, a, &cfg->boot_vga);
	} else if (strcmp(k, "vfio-gpu.dry_run") == 0) {
		set_flag(cfg, a, &cfg->dry_run);
	} else if (strcmp(k, "vfio-gpu.off") == 0) {
		set_flag(cfg, a, &cfg->off);
	} else if (strcmp(k, "vfio-gpu.debug") == 0) {
		set_flag(cfg, a, &cfg->debug);
	} else if (strcmp(k, "vfio-gpu.variants") == 0) {
		bool on = !cfg->no_variants;

		set_flag(cfg, a, &on);
		cfg->no_variants = !on;
	} else if (strcmp(k, "vfio-gpu") == 0) {
		if (a->val && strcmp(a->val, "off") == 0)
			cfg->off = true;
		else if (a->val && strcmp(a->val, "on") == 0)
			cfg->off = false;
		else
			add_bad(cfg, k, a->val ? a->val : "", a->val ? strlen(a->val) : 0,
				"expected off or on");
	} else if (is_ours(k)) {
		/* Our namespace but not a key we know: a typo must not pass silently. */
		add_bad(cfg, k, a->val ? a->val : "", a->val ? strlen(a->val) : 0,
			"unknown parameter");
	}
	/* Said by the file and not undone by the line: the summary names it. */
	if ((strcmp(k, "vfio-gpu") == 0 || strcmp(k, "vfio-gpu.off") == 0) &&
	    bad == cfg->n_bad + cfg->n_bad_lost)
		cfg->off_from_file = cfg->off && cfg->cur_line != 0;
}

/* The command line may have been cut after len bytes. Token boundaries as
 * the kernel's next_arg() sees them: a blank outside double quotes ends a
 * token. When the last token runs to the cut, the byte after it is unknown
 * (the boot sees only the kept bytes, and plan must say what the boot will
 * do), so that token may be partial: keep a copy for the report and end the
 * buffer before it, so that it is never split or interpreted. */
static void drop_cut_token(struct vg_config *cfg, size_t len)
{
	bool in_quote = false, in_token = false;
	size_t i, start = 0, n;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)cfg->buf[i];

		/* An embedded NUL ends what the splitter sees: nothing is partial. */
		if (c == '\0')
			return;
		if (!in_quote && vg_kspace(c)) {
			in_token = false;
			continue;
		}
		if (!in_token) {
			in_token = true;
			start = i;
		}
		if (c == '"')
			in_quote = !in_quote;
	}
	if (!in_token)
		return;
	n = len - start;
	cfg->cut_token_long = n > VG_ITEM_MAX;
	if (cfg->cut_token_long)
		n = VG_ITEM_MAX;
	memcpy(cfg->cut_token, cfg->buf + start, n);
	cfg->cut_token[n] = '\0';
	cfg->buf[start] = '\0';
}

void vg_config_begin(struct vg_config *cfg, unsigned size)
{
	memset(cfg, 0, sizeof(*cfg));
	if (size == 0 || size > VG_CMDLINE_MAX)
		size = VG_CMDLINE_MAX;
	cfg->cmdline_size = size;
}

/* Split buf into cfg->args after those there; returns the first new one. */
static size_t split_more(struct vg_config *cfg, char *buf)
{
	size_t first = cfg->n_args, lost;

	cfg->n_args += vg_cmdline_split(buf, cfg->args + first, VG_MAX_ARGS - first, &lost);
	cfg->args_lost += lost;
	return first;
}

void vg_config_add_file(struct vg_config *cfg, const char *name, const char *text, size_t len)
{
	/* The newlines as they were: the split overwrites the blank ending
	 * each token, and a token's line is 1 + the newlines before it. */
	char copy[VG_CONF_MAX + 1];
	size_t i, j, pos = 0;
	unsigned line = 1;

	if (len > VG_CONF_MAX)
		len = VG_CONF_MAX;
	cfg->conf_name = name;
	memcpy(copy, text, len);
	copy[len] = '\0';
	vg_conf_strip(copy, len);
	memcpy(cfg->fbuf, copy, len + 1);
	for (i = j = split_more(cfg, cfg->fbuf); i < cfg->n_args; i++) {
		struct vg_arg a = cfg->args[i];

		for (; pos < (size_t)(a.key - cfg->fbuf); pos++)
			line += copy[pos] == '\n';
		cfg->cur_line = line;
		/* Ours and the vfio modules' only: the file is no place for
		 * the kernel's or init's options, which it cannot set. */
		if (!is_ours(a.key) && !vg_is_module_option(a.key)) {
			add_bad(cfg, a.key, a.val ? a.val : "", a.val ? strlen(a.val) : 0,
				"not a vfio-gpu or vfio module option");
			continue;
		}
		cfg->args[j++] = a;
		cfg->from_file = true;
		interpret(cfg, &a);
	}
	cfg->n_args = j;
	cfg->cur_line = 0;
}

void vg_config_add_cmdline(struct vg_config *cfg, const char *cmdline, size_t len)
{
	size_t keep = cfg->cmdline_size - 1, line = len, i;

	/* /proc/cmdline ends in the newline the kernel adds: not the line's. */
	if (line > 0 && cmdline[line - 1] == '\n')
		line--;
	if (line >= keep) {
		memcpy(cfg->buf, cmdline, keep);
		cfg->buf[keep] = '\0';
		cfg->cmdline_truncated = true;
		drop_cut_token(cfg, keep);
	} else {
		memcpy(cfg->buf, cmdline, len);
		cfg->buf[len] = '\0';
	}
	for (i = split_more(cfg, cfg->buf); i < cfg->n_args; i++)
		interpret(cfg, &cfg->args[i]);
}

void vg_config_parse_size(struct vg_config *cfg, const char *cmdline, size_t len, unsigned size)
{
	vg_config_begin(cfg, size);
	vg_config_add_cmdline(cfg, cmdline, len);
}

void vg_config_parse(struct vg_config *cfg, const char *cmdline, size_t len)
{
	vg_config_parse_size(cfg, cmdline, len, vg_cmdline_size_native());
}

bool vg_config_selects(const struct vg_config *cfg)
{
	/* A vfs entry names the VFs it creates. */
	return cfg->n_ids || cfg->n_addrs || cfg->n_groups || cfg->n_vfs;
}

bool vg_config_has_group(const struct vg_config *cfg, uint32_t group)
{
	unsigned i;

	for (i = 0; i < cfg->n_groups; i++)
		if (cfg->groups[i] == group)
			return true;
	return false;
}

const char *vg_config_value(const struct vg_config *cfg, const char *key)
{
	size_t i = cfg->n_args;

	while (i-- > 0)
		if (strcmp(cfg->args[i].key, key) == 0)
			return cfg->args[i].val ? cfg->args[i].val : "";
	return NULL;
}

int vg_config_module_args(const struct vg_config *cfg, const char *mod, char *out, size_t len)
{
	size_t start = strlen(out), used = start, i;

	for (i = 0; i < cfg->n_args; i++) {
		const struct vg_arg *a = &cfg->args[i];
		const char *dot = strchr(a->key, '.');
		const char *val = a->val;
		int n;

		if (!dot || dot[1] == '\0' || !vg_modname_eq(a->key, (size_t)(dot - a->key), mod))
			continue;
		if (!val)
			n = snprintf(out + used, len - used, "%s%s", used ? " " : "", dot + 1);
		else if (strpbrk(val, " \t"))
			n = snprintf(out + used, len - used, "%s%s=\"%s\"", used ? " " : "",
				     dot + 1, val);
		else
			n = snprintf(out + used, len - used, "%s%s=%s", used ? " " : "", dot + 1,
				     val);
		if (n < 0 || (size_t)n >= len - used) {
			out[start] = '\0'; /* all or nothing, as promised */
			return -E2BIG;
		}
		used += (size_t)n;
	}
	return 0;
}
