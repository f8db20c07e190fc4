/* SPDX-License-Identifier: GPL-2.0-or-later */
/* main.c - runs every table-driven unit test of the core library. */
#include "tap.h"

unsigned tap_n, tap_failed;

int main(void)
{
	test_cmdline();
	test_ids();
	test_pin();
	test_params();
	test_conffile();
	test_moddep();
	test_modalias();
	test_modprobe_d();
	test_select();
	test_claim();
	test_validate();
	test_pci();
	test_rootfs();
	test_sriov();
	printf("1..%u\n", tap_n);
	return tap_failed ? 1 : 0;
}
