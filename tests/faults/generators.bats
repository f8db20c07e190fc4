#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark trees come from bench/mkroot-fast (C), the test trees from
# tests/fixtures/mkroot (shell). Both must build the same tree from the same
# description, or the benchmark would measure a layout the tests never see.

load helpers

FAST=$TOP/build/bench/mkroot-fast

setup() {
	T=$BATS_TEST_TMPDIR
}

# same_tree A B: names, types, modes, link targets and file contents agree.
same_tree() {
	(cd "$1" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort) >"$T/a.list"
	(cd "$2" && find . -printf '%p %y %m %l\n' | LC_ALL=C sort) >"$T/b.list"
	run diff "$T/a.list" "$T/b.list"
	assert_success
	run diff -r --no-dereference "$1" "$2"
	assert_success
}

@test "mkroot and mkroot-fast: the benchmark's GPU server at 64 functions" {
	"$TOP/bench/gen-desc" 64 >"$T/desc"
	"$TOP/tests/fixtures/mkroot" "$T/desc" "$T/sh"
	"$FAST" "$T/desc" "$T/c"
	# Not two empty trees: every function is there in both.
	assert_equal "$(find "$T/c/sys/bus/pci/devices" -mindepth 1 -maxdepth 1 | wc -l)" 64
	same_tree "$T/sh" "$T/c"
}

@test "mkroot and mkroot-fast: every field and key of the description format" {
	cat >"$T/desc" <<'DESC'
# comment lines and blank lines are skipped

0000:00:00.0 8086:29c0 1af4:1100 060000 0 -
0000:00:1c.0 8086:a190 8086:0000 060400 1 pcieport mf=1
  0000:01:00.0 10de:1b81 1458:3702 030000 2 nouveau parent=0000:00:1c.0 boot_vga=1 mf=1
0000:01:00.1 10de:10f0 1458:3702 040300 2 - parent=0000:00:1c.0
0000:00:1e.0 8086:244e 8086:0000 060401 3 - header=1
0000:02:03.0 104c:ac56 104c:0000 060700 3 yenta_cardbus parent=0000:00:1e.0
0000:00:1f.2 8086:2922 1af4:1100 010601 - ahci
10000:e1:00.0 144d:a80a 144d:a801 010802 4 nvme
DESC
	"$TOP/tests/fixtures/mkroot" "$T/desc" "$T/sh"
	"$FAST" "$T/desc" "$T/c"
	same_tree "$T/sh" "$T/c"
	# Spot checks that the keys took effect (a shared mistake would pass
	# the comparison).
	run od -An -tx1 -j14 -N1 "$T/c/sys/bus/pci/devices/0000:01:00.0/config"
	assert_output " 80"
	run cat "$T/c/sys/bus/pci/devices/0000:01:00.0/boot_vga"
	assert_output 1
	run readlink "$T/c/sys/bus/pci/devices/0000:02:03.0"
	assert_output ../../../devices/pci0000:00/0000:00:1e.0/0000:02:03.0
	run od -An -tx1 -j14 -N1 "$T/c/sys/bus/pci/devices/0000:02:03.0/config"
	assert_output " 02"
	assert [ ! -e "$T/c/sys/bus/pci/devices/0000:00:1f.2/iommu_group" ]
	# uevent as the kernel prints it (dev_uevent, pci_uevent): DRIVER= only
	# while bound, %04X class, upper-case ids, the modalias.
	run cat "$T/c/sys/bus/pci/devices/0000:01:00.0/uevent"
	assert_output "DRIVER=nouveau
PCI_CLASS=30000
PCI_ID=10DE:1B81
PCI_SUBSYS_ID=1458:3702
PCI_SLOT_NAME=0000:01:00.0
MODALIAS=pci:v000010DEd00001B81sv00001458sd00003702bc03sc00i00"
	run cat "$T/c/sys/bus/pci/devices/10000:e1:00.0/uevent"
	assert_line --index 0 "DRIVER=nvme"
	assert_line --index 1 "PCI_CLASS=10802"
	run cat "$T/c/sys/bus/pci/devices/0000:00:1e.0/uevent"
	assert_line --index 0 "PCI_CLASS=60401"
	refute_line --partial "DRIVER="
}

@test "mkroot-fast refuses an unknown key, as mkroot does" {
	echo "0000:00:00.0 8086:29c0 1af4:1100 060000 0 - colour=red" >"$T/desc"
	run ! "$TOP/tests/fixtures/mkroot" "$T/desc" "$T/sh"
	run ! "$FAST" "$T/desc" "$T/c"
	assert_output --partial "unknown key colour=red"
}
