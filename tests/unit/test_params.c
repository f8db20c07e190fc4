/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_params.c - interpretation of the command line: accumulation, flags,
 * malformed tokens kept and quoted, module options as modprobe passes them. */
#include <stdlib.h>

#include "../../lib/params.h"
#include "../../lib/report.h"
#include "tap.h"

static struct vg_config *parse(const char *s)
{
	static struct vg_config cfg;

	vg_config_parse(&cfg, s, strlen(s));
	return &cfg;
}

/* All bad tokens as the plan prints them, joined with '|' (tap.h: shared by
 * the parser's, the selection file's and the SR-IOV parameters' tests). */
const char *test_bad_lines(const struct vg_config *cfg)
{
	static char out[2048];
	char line[512];
	unsigned i;

	out[0] = '\0';
	for (i = 0; i < cfg->n_bad; i++) {
		vg_format_bad(&cfg->bad[i], line, sizeof(line));
		snprintf(out + strlen(out), sizeof(out) - strlen(out), "%s%s", i ? "|" : "", line);
	}
	return out;
}

struct bad_case {
	const char *cmdline;
	const char *want;
};

static const struct bad_case bad_cases[] = {
    {"vfio-gpu.ids=10de:13d7,1234:zzzz", "bad vfio-gpu.ids token='1234:zzzz'"},
    {"vfio-gpu.addrs=x9,01:00", "bad vfio-gpu.addrs token='x9'|bad vfio-gpu.addrs token='01:00'"},
    {"vfio-gpu.ids=", "bad vfio-gpu.ids token=''"},
    {"vfio-gpu.ids", "bad vfio-gpu.ids token=''"},
    {"vfio-gpu.ids=10de:13d7,,10de:0fbb", "bad vfio-gpu.ids token=''"},
    {"vfio-gpu.ids=10de:13d7,", "bad vfio-gpu.ids token=''"},
    {"vfio-gpu.groups=1,-2,x", "bad vfio-gpu.groups token='-2'|bad vfio-gpu.groups token='x'"},
    {"vfio-gpu.ids=0123456789012345678901234567890123456789012345",
     "bad vfio-gpu.ids token='0123456789012345678901234567890123456789...'"},
    {"\"vfio-gpu.ids=10de:13d7 10de:0fbb\"", "bad vfio-gpu.ids token='10de:13d7 10de:0fbb'"},
    {"vfio-gpu.ids=it's", "bad vfio-gpu.ids token='it\\x27s'"},
    {"vfio-gpu.ids=\x01"
     "a",
     "bad vfio-gpu.ids token='\\x01a'"},
    {"vfio-gpu.boot_vga=maybe", "bad vfio-gpu.boot_vga token='maybe'"},
    {"vfio-gpu.variants=2", "bad vfio-gpu.variants token='2'"},
    {"vfio-gpu=of", "bad vfio-gpu token='of'"},
    {"vfio-gpu.id=10de:13d7", "bad vfio-gpu.id token='10de:13d7'"},
    {"vfio_gpu.ids=10de:13d7", "bad vfio_gpu.ids token='10de:13d7'"},
    {"vfio-gpu.ids=10de:13d7 vfio-gpu.addrs=01:00.0 vfio-gpu.groups=3 vfio-gpu.debug", ""},
    {"vfio-gpu-extra=1 vfio-gpux.ids=1 vfio_pci.ids=10de:13d7", ""},
};

/* A command line of exactly n bytes: 15-byte tokens and blanks (few enough
 * for VG_MAX_ARGS), then tail, so that tail starts at byte n - strlen(tail). */
static char *long_line(size_t n, const char *tail)
{
	size_t t = strlen(tail), i;
	char *s = malloc(n + 1);

	for (i = 0; i + t < n; i++)
		s[i] = i % 16 == 15 || i + t + 1 == n ? ' ' : 'a';
	memcpy(s + n - t, tail, t + 1);
	return s;
}

/* The report of a cut line, as the plan prints it. */
static const char *cut_line(const struct vg_config *cfg)
{
	static char line[256];
	struct vg_rec r = {.kind = VG_REC_ERROR,
			   .error = VG_ERROR_CMDLINE_TRUNCATED,
			   .token = cfg->cut_token,
			   .token_long = cfg->cut_token_long,
			   .limit = cfg->cmdline_size};

	vg_rec_text(&r, line, sizeof(line));
	return line;
}

/* The lines below are parsed for an x86 kernel (COMMAND_LINE_SIZE 2048)
 * whatever the build machine, so that the expected lines hold everywhere. */
#define SIZE 2048
#define KEEP (SIZE - 1)

static struct vg_config *parse_x86(const char *s)
{
	static struct vg_config cfg;

	vg_config_parse_size(&cfg, s, strlen(s), SIZE);
	return &cfg;
}

/* SPEC "Honest plans": the kernel keeps COMMAND_LINE_SIZE - 1 bytes; a line
 * that long may be cut, and its last token is dropped, never interpreted. */
static void test_truncation(void)
{
	struct vg_config *cfg;
	char *s;

	/* The one table: the kernel's values (lib/cmdline_size.c names them). */
	tap_ok(vg_cmdline_size_of("x86_64") == 2048 && vg_cmdline_size_of("i686") == 2048 &&
		   vg_cmdline_size_of("aarch64") == 2048 && vg_cmdline_size_of("ppc64le") == 2048 &&
		   vg_cmdline_size_of("s390x") == 4096 && vg_cmdline_size_of("riscv64") == 1024 &&
		   vg_cmdline_size_of("sparc64") == 0,
	       "COMMAND_LINE_SIZE per architecture, unknown is 0");
#ifdef __x86_64__
	tap_ok(vg_cmdline_size_native() == 2048, "the binder on x86 uses x86's 2048");
#else
	tap_ok(vg_cmdline_size_native() >= 1024, "the binder uses its own architecture's size");
#endif

	/* The brief's pair: 2047 bytes ending in groups=12 claim neither 1
	 * nor 12 (the kernel may have cut "=123"); 2046 bytes are whole. */
	s = long_line(KEEP, "vfio-gpu.groups=12");
	cfg = parse_x86(s);
	tap_ok(cfg->cmdline_truncated && cfg->n_groups == 0,
	       "a line of %d bytes: its last token, complete as it looks, is dropped", KEEP);
	tap_streq(cut_line(cfg),
		  "error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=12'",
		  "the report names the dropped token and the limit");
	free(s);
	s = long_line(KEEP - 1, "vfio-gpu.groups=12");
	cfg = parse_x86(s);
	tap_ok(!cfg->cmdline_truncated && cfg->n_groups == 1 && cfg->groups[0] == 12,
	       "a line of %d bytes is whole", KEEP - 1);
	free(s);
	/* /proc/cmdline's own newline is not part of the line. */
	s = long_line(KEEP, "vfio-gpu.groups=12");
	s = realloc(s, KEEP + 2);
	memcpy(s + KEEP, "\n", 2);
	tap_ok(parse_x86(s)->cmdline_truncated, "%d bytes and a newline: cut", KEEP);
	memcpy(s + KEEP - 1, "\n", 2);
	tap_ok(!parse_x86(s)->cmdline_truncated, "%d bytes and a newline: whole", KEEP - 1);
	free(s);
	/* s390's 4096: the same line is whole there. */
	s = long_line(KEEP, "vfio-gpu.groups=12");
	vg_config_parse_size(cfg, s, strlen(s), 4096);
	tap_ok(!cfg->cmdline_truncated && cfg->n_groups == 1,
	       "under a 4096 limit 2047 bytes are whole");
	free(s);

	/* The cut falls after "vfio-gpu.groups=1" of "vfio-gpu.groups=12". */
	s = long_line(KEEP + 1, "vfio-gpu.groups=12");
	cfg = parse_x86(s);
	tap_ok(cfg->cmdline_truncated && cfg->n_groups == 0 && cfg->n_bad == 0,
	       "a token cut inside its value is not interpreted (no group 1)");
	tap_streq(cfg->cut_token, "vfio-gpu.groups=1", "the cut token is kept for the report");
	tap_streq(cut_line(cfg),
		  "error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=1'",
		  "the report names the cut token");
	free(s);

	/* A whole token before the cut still counts. */
	s = long_line(KEEP + 1, "vfio-gpu.groups=12");
	memcpy(s, "vfio-gpu.groups=8 ", 18);
	cfg = parse_x86(s);
	tap_ok(cfg->n_groups == 1 && cfg->groups[0] == 8,
	       "whole tokens before the cut are interpreted");
	free(s);

	/* The cut right after a whole token: the boot sees only the kept
	 * bytes and cannot know the next one, so plan drops it too. */
	s = long_line(KEEP + 2, "vfio-gpu.groups=3 x");
	cfg = parse_x86(s);
	tap_ok(cfg->cmdline_truncated && cfg->n_groups == 0 &&
		   strcmp(cfg->cut_token, "vfio-gpu.groups=3") == 0,
	       "a token that ends at the cut is dropped as the boot will drop it");
	free(s);

	/* The cut right before a token (the last kept byte a blank). */
	s = long_line(KEEP + 17, "vfio-gpu.groups=3");
	cfg = parse_x86(s);
	tap_ok(cfg->n_groups == 0 && cfg->cut_token[0] == '\0',
	       "a token wholly after the cut is lost, nothing is partial");
	tap_streq(cut_line(cfg), "error reason=cmdline-truncated limit=2048 token=''",
		  "a cut between tokens is still reported");
	free(s);

	/* Quotes closed before the cut: the quoted token is whole, only the
	 * token after it is cut. */
	s = long_line(KEEP + 10, "vfio_pci.x=\"a b c d\" vfio-gpu.off");
	cfg = parse_x86(s);
	tap_streq(cfg->cut_token, "vf", "a closed quote: the token after it is the cut one");
	tap_streq(vg_config_value(cfg, "vfio_pci.x"), "a b c d",
		  "the quoted token before is whole");
	free(s);
	/* Inside open quotes a blank does not end the token. */
	s = long_line(KEEP + 3, "vfio_pci.x=\"a b c d\"");
	cfg = parse_x86(s);
	tap_ok(vg_config_value(cfg, "vfio_pci.x") == NULL,
	       "a quoted value cut inside its quotes is dropped whole");
	tap_streq(cfg->cut_token, "vfio_pci.x=\"a b c", "its start is the cut token");
	free(s);

	/* A cut token longer than a list item is shown shortened. */
	s = long_line(KEEP + 1, "vfio-gpu.ids=10de:1111,10de:2222,10de:3333,10de:4444");
	cfg = parse_x86(s);
	tap_ok(cfg->cut_token_long && strlen(cfg->cut_token) == VG_ITEM_MAX && cfg->n_ids == 0,
	       "a long cut token: shortened copy, no id of it interpreted");
	tap_ok(strstr(cut_line(cfg), "...'") != NULL, "a shortened cut token ends in ...");
	free(s);
}

void test_params(void)
{
	struct vg_config *cfg;
	char args[128];
	size_t i;

	for (i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++)
		tap_streq(test_bad_lines(parse(bad_cases[i].cmdline)), bad_cases[i].want,
			  "bad tokens of '%s'", bad_cases[i].cmdline);

	cfg = parse("vfio-gpu.ids=10de:13d7 quiet vfio-gpu.ids=10de:0fbb,1002:*");
	tap_ok(cfg->n_ids == 3 && cfg->ids[0].device == 0x13d7 && cfg->ids[1].device == 0x0fbb &&
		   cfg->ids[2].vendor == 0x1002 && cfg->ids[2].device == VG_ANY,
	       "repeated vfio-gpu.ids accumulate in order");
	cfg = parse("vfio-gpu.ids=10de:13d7,1234:zzzz,10de:0fbb");
	tap_ok(cfg->n_ids == 2 && cfg->n_bad == 1,
	       "valid tokens of a list with a bad one still apply");
	cfg = parse("vfio-gpu.groups=3 vfio-gpu.groups=12,3");
	tap_ok(cfg->n_groups == 3 && vg_config_has_group(cfg, 12) && !vg_config_has_group(cfg, 4),
	       "repeated vfio-gpu.groups accumulate");
	cfg = parse("vfio-gpu.addrs=01:00.0 vfio-gpu.addrs=0000:02:00.0");
	{
		struct vg_addr a;

		vg_parse_addr("0000:01:00.0", &a);
		tap_ok(cfg->n_addrs == 2 && vg_addr_cmp(&cfg->addrs[0], &a) == 0,
		       "repeated vfio-gpu.addrs accumulate, domain defaulted");
	}

	tap_ok(parse("vfio-gpu.off")->off, "vfio-gpu.off switches off");
	tap_ok(parse("vfio-gpu=off")->off, "vfio-gpu=off switches off");
	tap_ok(!parse("vfio-gpu=off vfio-gpu=on")->off, "last vfio-gpu= wins");
	tap_ok(parse("vfio-gpu.dry_run")->dry_run && parse("vfio-gpu.dry_run=1")->dry_run &&
		   !parse("vfio-gpu.dry_run=0")->dry_run,
	       "vfio-gpu.dry_run bare, =1 and =0");
	tap_ok(parse("vfio-gpu.boot_vga=1")->boot_vga && !parse("vfio-gpu.boot_vga=0")->boot_vga &&
		   !parse("quiet")->boot_vga,
	       "vfio-gpu.boot_vga consent only when set");
	tap_ok(!parse("quiet")->no_variants && parse("vfio-gpu.variants=0")->no_variants &&
		   !parse("vfio-gpu.variants=1")->no_variants &&
		   !parse("vfio-gpu.variants")->no_variants &&
		   !parse("vfio-gpu.variants=0 vfio-gpu.variants=1")->no_variants &&
		   parse("vfio-gpu.variants=1 vfio-gpu.variants=off")->no_variants,
	       "vfio-gpu.variants: on by default, =0 turns it off, the last one wins");
	tap_ok(parse("vfio-gpu.debug")->debug, "vfio-gpu.debug");
	tap_ok(!parse("-- vfio-gpu.off")->off && !vg_config_selects(parse("x -- vfio-gpu.ids=1:2")),
	       "parameters after -- belong to init");
	tap_ok(!vg_config_selects(parse("VFIO-GPU.ids=10de:13d7")), "keys are matched exactly");

	cfg = parse("vfio_pci.disable_vga=1 vfio-pci.ids=10de:13d7 vfio-pci-core.x=1 "
		    "vfio_pci.nointxmask vfio_pci.y=\"a b\" vfio_pcix.z=1 vfio_pci.=3");
	args[0] = '\0';
	tap_ok(vg_config_module_args(cfg, "vfio_pci", args, sizeof(args)) == 0, "module args fit");
	tap_streq(args, "disable_vga=1 ids=10de:13d7 nointxmask y=\"a b\"",
		  "module args for vfio_pci from vfio_pci. and vfio-pci. keys");
	snprintf(args, sizeof(args), "from_modprobe_d=1");
	vg_config_module_args(cfg, "vfio_pci_core", args, sizeof(args));
	tap_streq(args, "from_modprobe_d=1 x=1", "command-line module args follow modprobe.d's");
	{
		char small[8] = "";

		tap_ok(vg_config_module_args(cfg, "vfio_pci", small, sizeof(small)) == -E2BIG &&
			   small[0] == '\0',
		       "module args too long: -E2BIG and nothing half written");
	}

	cfg = parse("intel_iommu=off quiet intel_iommu=on");
	tap_streq(vg_config_value(cfg, "intel_iommu"), "on", "plain key: last value wins");
	tap_ok(vg_config_value(cfg, "amd_iommu") == NULL, "absent key is NULL");

	{
		char *big = malloc(VG_CMDLINE_MAX + 100);

		memset(big, 'a', VG_CMDLINE_MAX + 99);
		memcpy(big + VG_CMDLINE_MAX + 60, " vfio-gpu.off", 13);
		big[VG_CMDLINE_MAX + 99] = '\0';
		vg_config_parse(parse(""), big, strlen(big));
		cfg = parse("");
		vg_config_parse(cfg, big, strlen(big));
		tap_ok(cfg->cmdline_truncated && !cfg->off,
		       "over-long command line is cut at %d bytes", VG_CMDLINE_MAX);
		free(big);
	}
	{
		char list[2048] = "vfio-gpu.groups=";

		for (i = 0; i < VG_MAX_ITEMS + 3; i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%zu",
				 i ? "," : "", i);
		cfg = parse(list);
		tap_ok(cfg->n_groups == VG_MAX_ITEMS && cfg->n_bad == 3 &&
			   strcmp(cfg->bad[0].why, "too many") == 0,
		       "items beyond %d are reported, not dropped silently", VG_MAX_ITEMS);
	}
	test_truncation();
}
