/* SPDX-License-Identifier: GPL-2.0-or-later */
/* params.h - what the command line asks of us: the vfio-gpu.* parameters
 * interpreted from the tokens, malformed tokens kept for the report. */
#ifndef VG_PARAMS_H
#define VG_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "cmdline_size.h"
#include "ids.h"
#include "sriov_params.h"

#define VG_MAX_ARGS  512
#define VG_MAX_ITEMS 64 /* per list (ids, addrs, groups) */
#define VG_MAX_BAD   32
#define VG_ITEM_MAX  40 /* longest list item; anything longer is malformed */

/* The selection file in the image (SPEC "The same tokens from a file in the
 * image"): read before the command line, at most VG_CONF_MAX bytes (a page:
 * a selection is a few lines; anything larger is not ours). */
#define VG_CONF_PATH "/etc/vfio-gpu/vfio-gpu.conf"
#define VG_CONF_MAX  4096 /* bytes of the selection file the binder reads */

/* Where a token came from; a mask, since one function may be named by both. */
enum { VG_SRC_FILE = 1u << 0, VG_SRC_CMDLINE = 1u << 1 };

struct vg_bad {
	char key[32];
	char token[VG_ITEM_MAX + 1]; /* truncated copy when over-long */
	bool truncated;
	const char *why;
	/* A token of the selection file: its name and line (0: the command line). */
	const char *file;
	unsigned line;
};

struct vg_config {
	struct vg_id ids[VG_MAX_ITEMS];
	unsigned n_ids;
	struct vg_addr addrs[VG_MAX_ITEMS];
	struct vg_id pins[VG_MAX_ITEMS]; /* addrs[i]'s pin (vg_pin_set), or none */
	unsigned n_addrs;
	uint32_t groups[VG_MAX_ITEMS];
	unsigned n_groups;
	/* vfio-gpu.vfs and vfio-gpu.reset (SPEC "SR-IOV virtual functions and
	 * reset at boot"): lib/sriov.c acts on them. */
	struct vg_vfs vfs[VG_MAX_ITEMS];
	unsigned n_vfs;
	struct vg_reset resets[VG_MAX_ITEMS];
	unsigned n_resets;

	bool boot_vga; /* vfio-gpu.boot_vga=1: consent to take the boot VGA by ids */
	bool dry_run;
	bool off;
	bool debug;
	/* vfio-gpu.variants=0: every claim goes to plain vfio-pci, whatever
	 * modules.alias offers (SPEC "Variant vfio drivers"). */
	bool no_variants;

	/* The selection file's part (vg_config_add_file): bit i of each mask
	 * is set when ids[i], addrs[i] or groups[i] came from the file. */
	uint64_t file_ids, file_addrs, file_groups;
	bool from_file;	       /* the file gave at least one token */
	bool off_from_file;    /* off was last set by the file */
	unsigned cur_line;     /* while interpreting: the file's line, 0 the command line */
	const char *conf_name; /* the file as messages name it (the caller's string) */
	char fbuf[VG_CONF_MAX + 1];

	struct vg_bad bad[VG_MAX_BAD];
	unsigned n_bad;
	unsigned n_bad_lost; /* malformed tokens beyond VG_MAX_BAD */

	/* The line reached cmdline_size - 1 bytes, all the kernel keeps of it
	 * (COMMAND_LINE_SIZE): its end may be lost. The last token is dropped,
	 * never interpreted, even when it looks whole (a cut groups=12 reads
	 * groups=1); cut_token keeps its start for the report ("" when the
	 * line ends between tokens). */
	unsigned cmdline_size;
	bool cmdline_truncated;
	char cut_token[VG_ITEM_MAX + 1];
	bool cut_token_long; /* cut_token is a shortened copy */
	size_t args_lost;
	size_t n_args;
	struct vg_arg args[VG_MAX_ARGS];
	char buf[VG_CMDLINE_MAX + 1];
};

/* Interpret len bytes of a kernel command line (need not be NUL-terminated).
 * Pure: no I/O, no logging; problems are recorded in cfg. */
void vg_config_parse(struct vg_config *cfg, const char *cmdline, size_t len);

/* The same in steps, for a selection file before the command line:
 * vg_config_begin (cfg emptied; size as for vg_config_parse_size), then at
 * most one vg_config_add_file, then vg_config_add_cmdline. */
void vg_config_begin(struct vg_config *cfg, unsigned size);
/* The selection file's text (len bytes, at most VG_CONF_MAX; more is cut),
 * named name in messages (kept: it must outlive cfg's records): the command line's syntax across
 * lines, '#' to the end of a line a comment. Only vfio-gpu.* tokens and vfio module options count;
 * any other token is a bad token naming file and line. */
void vg_config_add_file(struct vg_config *cfg, const char *name, const char *text, size_t len);
void vg_config_add_cmdline(struct vg_config *cfg, const char *cmdline, size_t len);

/* "vfio_pci.X", "vfio-iommu-type1.X": an option for a vfio module (not ours). */
bool vg_is_module_option(const char *key);
/* The same for a kernel whose COMMAND_LINE_SIZE is size (vg_config_parse:
 * this binary's architecture); 0 or above VG_CMDLINE_MAX means VG_CMDLINE_MAX. */
void vg_config_parse_size(struct vg_config *cfg, const char *cmdline, size_t len, unsigned size);

bool vg_config_selects(const struct vg_config *cfg);
bool vg_config_has_group(const struct vg_config *cfg, uint32_t group);
/* Value of a plain key (e.g. "intel_iommu"), last one wins; NULL if absent. */
const char *vg_config_value(const struct vg_config *cfg, const char *key);

/* Append the command line's options for module mod ("vfio_pci"; the command
 * line may say vfio-pci.X or vfio_pci.X) to out, space separated, as modprobe
 * passes them. Returns 0, or -E2BIG when out is too small (out unchanged). */
int vg_config_module_args(const struct vg_config *cfg, const char *mod, char *out, size_t len);

/* Module names compare with '-' and '_' equal, as the kernel does. */
bool vg_modname_eq(const char *a, size_t alen, const char *b);

#endif
