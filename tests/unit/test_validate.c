/* SPDX-License-Identifier: GPL-2.0-or-later */
/* test_validate.c - --validate judges each boot option as the binder would
 * treat it at boot, plus what a bootloader line cannot hold. */
#include <stdlib.h>

#include "../../lib/validate.h"
#include "tap.h"

struct validate_case {
	const char *arg;
	const char *want; /* reason, or "" for valid */
};

static const struct validate_case validate_cases[] = {
    /* What the binder rejects. */
    {"vfio-gpu.groups=99999999999", "malformed"},
    {"vfio-gpu.groups=2147483648", "malformed"},
    {"vfio_gpu.ids=", "unknown-parameter"},
    {"vfio-gpu.idz=1", "unknown-parameter"},
    {"vfio-gpu.ids=1234:zzzz", "malformed"},
    {"vfio-gpu.ids=10de:13d7,,10de:0fbb", "empty"},
    {"vfio-gpu.ids", "no-value"},
    {"vfio-gpu.addrs=01:00", "malformed"},
    {"vfio-gpu.addrs=001:00.0", "malformed"},
    {"vfio-gpu.boot_vga=maybe", "not-a-boolean"},
    {"vfio-gpu.variants=0", ""},
    {"vfio-gpu.variants=1", ""},
    {"vfio-gpu.variants=all", "not-a-boolean"},
    {"vfio-gpu=of", "expected-off-or-on"},
    {"vfio-gpu.ids=0123456789012345678901234567890123456789012345", "too-long"},
    /* What it accepts. */
    {"vfio-gpu.addrs=10000:01:00.0", ""},
    {"vfio-gpu.addrs=1:0.0", ""},
    {"vfio-gpu.groups=2147483647", ""},
    {"vfio-gpu.ids=\"10de:1e87,10de:10f8\"", ""},
    {"vfio-gpu.ids=10de:*", ""},
    {"vfio-gpu.dry_run", ""},
    {"vfio-gpu=off", ""},
    {"vfio_pci.disable_vga=1", ""},
    {"vfio-pci.ids=10de:1e87", ""},
    {"vfio.enable_unsafe_noiommu_mode=1", ""},
    {"vfio_pci.=1", "empty"}, /* the loader would drop it */
    /* Not ours: nothing to check. */
    {"intel_iommu=on", ""},
    {"quiet", ""},
    {"vfio-gpu-extra=1", ""},
    /* Not one token a bootloader line can hold. */
    {"vfio-gpu.ids=10de:1e87 10de:10f8", "not-one-token"},
    {"quiet splash", "not-one-token"},
    {" quiet", "not-one-token"},
    {"quiet ", "not-one-token"},
    {"\"vfio-gpu.ids=10de:1e87 10de:10f8\"", "malformed"},
    {"vfio-gpu.ids=\"10de:1e87", "unbalanced-quote"},
    {"vfio_pci.x=\"a\nb\"", "control-character"},
    {"", "empty"},
    {"\"\"", "empty"},
    {"=1", "empty"},
    {"--", "ends-kernel-options"},
};

static const char *validate_output(char *const *args, int n, int *status)
{
	static char buf[1024];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	if (!f)
		return NULL;
	*status = vg_validate(args, n, f);
	fclose(f);
	return buf;
}

void test_validate(void)
{
	char *ok_args[] = {"vfio-gpu.ids=10de:1e87", "quiet"};
	char *mixed[] = {"vfio-gpu.ids=10de:1e87", "vfio-gpu.ids=x\nok y", "it's"};
	char *big;
	int status = -1;
	size_t i;

	for (i = 0; i < sizeof(validate_cases) / sizeof(validate_cases[0]); i++) {
		const char *why = vg_validate_arg(validate_cases[i].arg);

		tap_streq(why ? why : "", validate_cases[i].want, "validate '%s'",
			  validate_cases[i].arg);
	}

	big = malloc(5000);
	if (big) {
		memset(big, 'a', 4999);
		big[4999] = '\0';
		tap_streq(vg_validate_arg(big), "too-long", "validate: longer than a command line");
		memcpy(big, "vfio_pci.x=", 11);
		big[600] = '\0';
		tap_streq(vg_validate_arg(big), "too-long",
			  "validate: a vfio module option longer than the loader passes");
		memcpy(big, "foo_bar.x=", 10);
		tap_ok(vg_validate_arg(big) == NULL,
		       "validate: other modules' options are not ours");
		free(big);
	}

	tap_streq(validate_output(ok_args, 2, &status), "ok vfio-gpu.ids=10de:1e87\nok quiet\n",
		  "validate: one ok line per valid arg");
	tap_ok(status == 0, "validate: exit 0 when all are valid");
	tap_streq(validate_output(mixed, 3, &status),
		  "ok vfio-gpu.ids=10de:1e87\n"
		  "bad vfio-gpu.ids=x\\x0aok y reason=control-character\n"
		  "ok it\\x27s\n",
		  "validate: args quoted as bad tokens, a newline cannot forge a line");
	tap_ok(status == 1, "validate: exit 1 when one is bad");
}
