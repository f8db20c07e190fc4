/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_claim.c - the claim engine's variant step that no fake-root run of
 * the binder reaches (under --root nothing is loaded): a variant's driver
 * name is known only once its module is in, so the override first holds the
 * module name and is rewritten to the driver name the module registered
 * (sys/module/M/drivers/pci:NAME) before the probe. A temporary root with the
 * test seam's fake kernel (VG_TEST_HOOKS: probe links the override's driver,
 * every write is logged to ROOT/.vg-writes). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../lib/claim.h"
#include "../../lib/sysfs.h"
#include "tap.h"

#define DEVDIR "/sys/bus/pci/devices/0000:02:00.0"

static char root[64];

static void put(const char *rel, const char *text)
{
	char path[VG_PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void mkdirs(const char *rel)
{
	char path[VG_PATH_MAX], *p;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

/* What the kernel shows once the variant module is loaded. */
static void load_variant(void *ctx)
{
	(void)ctx;
	mkdirs("/sys/module/vgtest_vfio_pci/drivers");
	put("/sys/module/vgtest_vfio_pci/drivers/pci:vgtest-drv", "");
}

void test_claim(void)
{
	struct vg_dev dev = {.name = "0000:02:00.0", .vendor = 0x1234, .device = 0x1111};
	struct vg_pci pci = {.devs = &dev, .n = 1, .have_groups = true};
	struct vg_line line = {
	    .kind = VG_LINE_CLAIM, .dev = 0, .group = 8, .target = "vgtest_vfio_pci"};
	struct vg_plan plan = {.lines = &line, .n = 1, .n_claims = 1, .n_groups = 1};
	struct vg_claim c = {.pci = &pci, .plan = &plan, .policy = &vg_policy_boot};
	char path[VG_PATH_MAX], buf[512];
	int r;

	snprintf(root, sizeof(root), "/tmp/vg-claim-XXXXXX");
	if (!tap_ok(mkdtemp(root) != NULL, "temporary root"))
		return;
	mkdirs(DEVDIR);
	mkdirs("/sys/bus/pci/drivers");
	put(DEVDIR "/driver_override", "(null)\n");
	put("/sys/bus/pci/drivers_probe", "");
	put("/.vg-faults", "kernel\n");
	vg_faults_load(root);

	c.root = root;
	c.load = load_variant;
	r = vg_claim_run(&c);
	tap_ok(r == 0 && c.fn && c.fn[0].state == VG_CLAIM_BOUND && c.claimed == 1,
	       "the function binds to the variant's driver (r=%d)", r);
	tap_streq(c.fn ? c.fn[0].driver : NULL, "vgtest-drv", "the driver name is the module's");
	tap_streq(c.fn ? c.fn[0].now : NULL, "vgtest-drv", "read back: on the variant's driver");
	snprintf(path, sizeof(path), "%s%s", root, DEVDIR "/driver_override");
	tap_ok(vg_read_file(path, buf, sizeof(buf)) > 0, "driver_override readable");
	tap_streq(buf, "vgtest-drv\n", "driver_override holds the driver name");
	snprintf(path, sizeof(path), "%s/.vg-writes", root);
	tap_ok(vg_read_file(path, buf, sizeof(buf)) > 0, "writes logged");
	tap_streq(buf,
		  DEVDIR "/driver_override vgtest_vfio_pci\n" DEVDIR
			 "/driver_override vgtest-drv\n/sys/bus/pci/drivers_probe 0000:02:00.0\n",
		  "module name before the load, driver name after it, then the probe");
	vg_claim_free(&c);
	vg_faults_load("");
	snprintf(buf, sizeof(buf), "rm -rf '%s'", root);
	if (system(buf) != 0)
		tap_ok(false, "remove %s", root);
}
