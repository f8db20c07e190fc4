/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_conffile.c - the selection file (SPEC "The same tokens from a file in
 * the image"): comments, quotes across lines, CRLF, line numbers of bad
 * tokens, what the file may say, file tokens before the command line's, and
 * the refusals of the reader (too large, a link, a FIFO, a directory). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/conffile.h"
#include "../../lib/params.h"
#include "../../lib/report.h"
#include "tap.h"

static struct vg_config cfg;

/* The file's text, then the command line. */
static struct vg_config *both(const char *file, const char *line)
{
	vg_config_begin(&cfg, 2048);
	vg_config_add_file(&cfg, VG_CONF_PATH, file, strlen(file));
	vg_config_add_cmdline(&cfg, line, strlen(line));
	return &cfg;
}

static void test_strip(void)
{
	char t1[] = "a=1 # c \"q\nb=2#x\n\"#in\" #out";
	char t2[] = "x\0y";

	vg_conf_strip(t1, sizeof(t1) - 1);
	tap_streq(t1, "a=1       \nb=2  \n\"#in\"     ",
		  "conf: '#' to the end of the line is blanked, newlines and quoted '#' stay");
	vg_conf_strip(t2, sizeof(t2) - 1);
	tap_ok(memcmp(t2, "x y", 3) == 0, "conf: a NUL byte is a blank, not the end");
}

static void test_parse(void)
{
	struct vg_config *c;
	char entry[64];

	c = both("# card B only\nvfio-gpu.ids=10de:1e87 # the GPU\n\nvfio-gpu.addrs=02:00.0\n", "");
	tap_ok(c->n_ids == 1 && c->n_addrs == 1 && c->n_bad == 0 && c->from_file,
	       "conf: comments and blank lines, two tokens");
	tap_ok(c->file_ids == 1 && c->file_addrs == 1, "conf: both entries are the file's");

	c = both("vfio-gpu.ids=10de:1e87\r\nvfio-gpu.groups=3\r\n", "");
	tap_ok(c->n_ids == 1 && c->n_groups == 1 && c->groups[0] == 3 && c->n_bad == 0,
	       "conf: CRLF line ends are blanks");

	c = both("vfio_pci.ids=\"1 2\nvfio-gpu.groups=4\"\nvfio-gpu.groups=5\n", "");
	tap_ok(c->n_groups == 1 && c->groups[0] == 5,
	       "conf: a quote spans lines as on the command line (no groups=4)");
	tap_streq(vg_config_value(c, "vfio_pci.ids"), "1 2\nvfio-gpu.groups=4",
		  "conf: the quoted value holds the newline");

	c = both("vfio-gpu.ids=10de:1e87\nquiet intel_iommu=on\n  vfio-gpu.groups=x9 # typo\n", "");
	tap_streq(test_bad_lines(c),
		  "bad quiet token='' source=file at=/etc/vfio-gpu/vfio-gpu.conf:2|"
		  "bad intel_iommu token='on' source=file at=/etc/vfio-gpu/vfio-gpu.conf:2|"
		  "bad vfio-gpu.groups token='x9' source=file at=/etc/vfio-gpu/vfio-gpu.conf:3",
		  "conf: other options and malformed tokens are named with file and line");
	tap_ok(c->n_ids == 1 && vg_config_value(c, "intel_iommu") == NULL,
	       "conf: the rest applies; a kernel option in the file sets nothing");

	c = both("vfio-gpu.ids=10de:1e87 vfio-gpu.groups=3 vfio-gpu.boot_vga=1",
		 "vfio-gpu.ids=1002:73bf vfio-gpu.boot_vga=0 vfio-gpu.groups=zz");
	tap_ok(c->n_ids == 2 && c->ids[0].vendor == 0x10de && c->ids[1].vendor == 0x1002,
	       "conf: lists accumulate, the file's first");
	tap_ok(c->file_ids == 1 && c->file_groups == 1, "conf: only the file's entries marked");
	tap_ok(!c->boot_vga, "conf: a scalar on the command line wins over the file's");
	tap_streq(test_bad_lines(c), "bad vfio-gpu.groups token='zz'",
		  "conf: a bad token of the command line has no file");
	vg_format_entry(c, VG_LIST_IDS, 1, entry, sizeof(entry));
	tap_streq(entry, "vfio-gpu.ids=1002:73bf", "conf: entries keep their order");

	c = both("vfio-gpu.ids=10de:1e87 vfio-gpu=on", "vfio-gpu.off");
	tap_ok(c->off && !c->off_from_file, "conf: vfio-gpu.off on the line wins over the file");
	c = both("vfio-gpu.ids=10de:1e87 vfio-gpu.off=0", "vfio-gpu=off");
	tap_ok(c->off && !c->off_from_file, "conf: vfio-gpu=off on the line wins too");
	c = both("vfio-gpu.ids=10de:1e87 vfio-gpu.off", "quiet");
	tap_ok(c->off && c->off_from_file, "conf: off in the file alone turns it off");

	c = both("vfio_pci.disable_vga=1 vfio-iommu-type1.allow_unsafe_interrupts=1",
		 "vfio_pci.nointxmask=1");
	{
		char out[256] = "";

		vg_config_module_args(c, "vfio_pci", out, sizeof(out));
		tap_streq(out, "disable_vga=1 nointxmask=1",
			  "conf: module options from the file, then the line's");
	}
	c = both("", "vfio-gpu.ids=10de:1e87");
	tap_ok(!c->from_file && c->file_ids == 0, "conf: an empty file gives nothing");
}

static void test_load(void)
{
	char dir[] = "/tmp/vg-conf-XXXXXX", path[256], big[VG_CONF_MAX + 2];
	const char *name;
	FILE *f;
	int r;

	if (!mkdtemp(dir)) {
		tap_ok(false, "conf: temporary root");
		return;
	}
	vg_config_begin(&cfg, 2048);
	tap_ok(vg_conf_load(&cfg, dir, NULL, &name) == 0, "conf: no file is silent (0)");
	snprintf(path, sizeof(path), "%s/etc", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/etc/vfio-gpu", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s" VG_CONF_PATH, dir);

	memset(big, ' ', sizeof(big));
	memcpy(big, "vfio-gpu.groups=3", 17);
	f = fopen(path, "w");
	fwrite(big, 1, VG_CONF_MAX, f);
	fclose(f);
	vg_config_begin(&cfg, 2048);
	r = vg_conf_load(&cfg, dir, NULL, &name);
	tap_ok(r == 1 && cfg.n_groups == 1, "conf: a file of exactly VG_CONF_MAX bytes is read");
	tap_streq(name, VG_CONF_PATH, "conf: named without the root");
	f = fopen(path, "w");
	fwrite(big, 1, VG_CONF_MAX + 1, f);
	fclose(f);
	vg_config_begin(&cfg, 2048);
	r = vg_conf_load(&cfg, dir, NULL, &name);
	tap_ok(r == -EFBIG && cfg.n_groups == 0 && !cfg.from_file,
	       "conf: one byte more is refused whole (r=%d)", r);

	unlink(path);
	r = symlink("/etc/hostname", path);
	vg_config_begin(&cfg, 2048);
	r = vg_conf_load(&cfg, dir, NULL, &name);
	tap_ok(r == -ELOOP, "conf: a symbolic link is refused (r=%d)", r);
	unlink(path);
	mkfifo(path, 0600);
	r = vg_conf_load(&cfg, dir, NULL, &name);
	tap_ok(r == -EINVAL, "conf: a FIFO is refused without blocking (r=%d)", r);
	unlink(path);
	mkdir(path, 0755);
	r = vg_conf_load(&cfg, dir, NULL, &name);
	tap_ok(r == -EISDIR, "conf: a directory is refused (r=%d)", r);
	rmdir(path);

	f = fopen(path, "w");
	fputs("vfio-gpu.ids=10de:1e87\n", f);
	fclose(f);
	vg_config_begin(&cfg, 2048);
	r = vg_conf_load(&cfg, "/nonexistent", path, &name);
	tap_ok(r == 1 && cfg.n_ids == 1 && strcmp(name, path) == 0,
	       "conf: an explicit file is read as given, not under the root");
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc/vfio-gpu", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/etc", dir);
	rmdir(path);
	rmdir(dir);
}

void test_conffile(void)
{
	test_strip();
	test_parse();
	test_load();
}
