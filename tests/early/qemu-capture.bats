#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The binder's plan on a real kernel's sysfs: tests/fixtures/qemu-q35 was
# captured from the QEMU test machine (qemu-test/capture-sysfs). Each case is
# a command line and the plan SPEC's rules give for that machine.

load helpers

setup_file() {
	export R=$FIXTURES/qemu-q35/root
}

@test "ids: the boot VGA is refused, the two secondary cards are claimed whole" {
	dry "$R" vfio-gpu.ids=1234:1111
	assert_failure 1
	assert_output "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300
claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=ids target=vfio_pci
claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=group target=vfio_pci
claim 0000:01:00.2 1b36:000d group=7 was=xhci_hcd by=group target=vfio_pci
claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=ids target=vfio_pci
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=group target=vfio_pci
$LOADS_61"
	assert_regex "$stderr" '^vfio-gpu: claimed 0 device\(s\) in 0 group\(s\), refused 1 group\(s\) in [0-9]+ ms \(parse [0-9]+ ms, scan [0-9]+ ms, modules [0-9]+ ms, bind [0-9]+ ms\) \(dry run: would claim 5 device\(s\) in 2 group\(s\)\)$'
}

@test "addrs: one of two identical cards" {
	dry "$R" vfio-gpu.addrs=0000:02:00.0
	assert_success
	assert_output "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=group target=vfio_pci
$LOADS_61"
}

@test "addrs: the domain may be left out" {
	dry "$R" vfio-gpu.addrs=01:00.0
	assert_success
	assert_line --index 0 "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci"
	assert_line --index 2 "claim 0000:01:00.2 1b36:000d group=7 was=xhci_hcd by=group target=vfio_pci"
	refute_output --partial 0000:02:00.0
}

@test "groups: a group behind a PCIe-to-PCI bridge, the bridge is skipped" {
	dry "$R" vfio-gpu.groups=10
	assert_success
	assert_output "skip 0000:04:00.0 1b36:000e group=10 reason=bridge
claim 0000:05:01.0 1274:5000 group=10 was=snd_ens1370 by=groups target=vfio_pci
claim 0000:05:02.0 1b36:0002 group=10 was=serial by=groups target=vfio_pci
$LOADS_61"
}

@test "a NIC in the group of a selected GPU refuses the group" {
	dry "$R" vfio-gpu.ids=1af4:1050
	assert_failure 1
	assert_output "refuse group=9 reason=protected dev=0000:03:00.1 class=0200"
}

@test "the NIC named by address too: the group may go" {
	dry "$R" vfio-gpu.ids=1af4:1050 vfio-gpu.addrs=03:00.1
	assert_success
	assert_line --index 0 "claim 0000:03:00.0 1af4:1050 group=9 was=virtio-pci by=ids target=vfio_pci"
	assert_line --index 1 "claim 0000:03:00.1 8086:10d3 group=9 was=e1000e by=addrs target=vfio_pci"
}

@test "the SATA controller's group named by number is refused" {
	dry "$R" vfio-gpu.groups=6
	assert_failure 1
	assert_output "refuse group=6 reason=protected dev=0000:00:1f.2 class=0106"
}

@test "boot VGA named by address is consent" {
	dry "$R" vfio-gpu.addrs=00:01.0
	assert_success
	assert_output "claim 0000:00:01.0 1234:1111 group=1 was=bochs-drm by=addrs target=vfio_pci
$LOADS_61"
}

@test "boot VGA by ids with vfio-gpu.boot_vga=1" {
	dry "$R" vfio-gpu.ids=1234:1111 vfio-gpu.boot_vga=1
	assert_success
	assert_line --index 0 "claim 0000:00:01.0 1234:1111 group=1 was=bochs-drm by=ids target=vfio_pci"
	assert_line --index 1 "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=ids target=vfio_pci"
	refute_output --partial refuse
}

@test "malformed tokens are named, the valid ones of the same list apply" {
	dry "$R" 'vfio-gpu.ids=1234:zzzz,8086:293e vfio-gpu.addrs=x9,01:00 vfio-gpu.groups='
	assert_failure 1
	assert_output "bad vfio-gpu.ids token='1234:zzzz'
bad vfio-gpu.addrs token='x9'
bad vfio-gpu.addrs token='01:00'
bad vfio-gpu.groups token=''
claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=group target=vfio_pci
claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=ids target=vfio_pci
claim 0000:01:00.2 1b36:000d group=7 was=xhci_hcd by=group target=vfio_pci
claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=group target=vfio_pci
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=ids target=vfio_pci
$LOADS_61"
}

@test "module options from the command line, vfio_pci. and vfio-pci. alike" {
	dry "$R" vfio-gpu.addrs=02:00.0 vfio_pci.disable_vga=1 vfio-pci.nointxmask=1 vfio_iommu_type1.allow_unsafe_interrupts=1
	assert_success
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args='disable_vga=1 nointxmask=1'"
	assert_line "load vfio_iommu_type1 path=kernel/drivers/vfio/vfio_iommu_type1.ko args='allow_unsafe_interrupts=1'"
}

@test "vfio-gpu.off: nothing is planned, exit 0" {
	dry "$R" vfio-gpu.ids=1234:1111 vfio-gpu.off
	assert_success
	assert_output ""
	assert_equal "$stderr" "vfio-gpu: disabled by vfio-gpu.off on the kernel command line"
	dry "$R" vfio-gpu=off vfio-gpu.addrs=01:00.0
	assert_success
	assert_output ""
}

@test "without --cmdline the root's proc/cmdline is read (it selects nothing)" {
	run --separate-stderr "$BIN" --root "$R" --dry-run
	assert_success
	assert_output ""
	assert_regex "$stderr" '^vfio-gpu: claimed 0 device\(s\) in 0 group\(s\), refused 0 group\(s\) in [0-9]+ ms'
}

@test "kernel quoting and -- : a quoted value and init's arguments" {
	dry "$R" '"vfio-gpu.addrs=02:00.0" -- vfio-gpu.addrs=01:00.0'
	assert_success
	assert_line --index 0 "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
	refute_output --partial 0000:01:00.0
}

# v3 (SPEC "Honest plans"): an error line per entry and exit 1 (v2: warnings, exit 0).
@test "a selection that matches nothing is an error per entry, named" {
	dry "$R" vfio-gpu.ids=10de:ffff vfio-gpu.addrs=0000:0b:00.0 vfio-gpu.groups=77
	assert_failure 1
	assert_output "error reason=no-match entry=vfio-gpu.ids=10de:ffff
error reason=no-match entry=vfio-gpu.addrs=0000:0b:00.0
error reason=no-match entry=vfio-gpu.groups=77"
}

@test "at boot an entry that matches nothing is logged as an error and the boot goes on" {
	# A run that writes: on a copy, never on the shared capture.
	local w=$BATS_TEST_TMPDIR/root
	cp -a "$R" "$w"
	run --separate-stderr "$BIN" --root "$w" --cmdline "vfio-gpu.addrs=0000:0b:00.0 vfio-gpu.ids=1234:1111"
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=no-match entry=vfio-gpu.addrs=0000:0b:00.0 (it matches no PCI function; check it with vfio-gpu list)"
}
