#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs that write, on a copy of the real capture: the order of SPEC's claim
# steps as seen in the fake sysfs files (override, unbind, drivers_probe),
# the truth read back, the summary line, and exit 0 whatever happens.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	DEV=$R/sys/bus/pci/devices
	DRV=$R/sys/bus/pci/drivers
}

@test "claiming a group writes driver_override of every function, nothing else" {
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	run cat "$DEV/0000:02:00.0/driver_override" "$DEV/0000:02:00.1/driver_override"
	assert_output "vfio-pci
vfio-pci"
	for other in 0000:00:01.0 0000:01:00.0 0000:01:00.1 0000:03:00.1; do
		run cat "$DEV/$other/driver_override"
		assert_output "(null)"
	done
}

@test "bound host drivers are unbound, the bus is asked to probe" {
	real "$R" vfio-gpu.addrs=02:00.0
	run cat "$DRV/bochs-drm/unbind"
	assert_output "0000:02:00.0"
	run cat "$DRV/snd_hda_intel/unbind"
	assert_output "0000:02:00.1"
	assert_probed "$R" 0000:02:00.0 0000:02:00.1
}

@test "the truth is read back: a device that did not bind is an error, not a claim" {
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	use_stderr
	assert_line "vfio-gpu: error: 0000:02:00.0 1234:1111 group 8: did not bind to vfio-pci (driver now: bochs-drm)"
	assert_line "vfio-gpu: error: 0000:02:00.1 8086:293e group 8: did not bind to vfio-pci (driver now: snd_hda_intel)"
	# SPEC "What gets claimed" 6: the group is counted failed in the summary
	assert_regex "${stderr##*$'\n'}" '^vfio-gpu: claimed 0 device\(s\) in 0 group\(s\), refused 0 group\(s\), failed 1 group\(s\) in [0-9]+ ms \(parse [0-9]+ ms, scan [0-9]+ ms, modules [0-9]+ ms, bind [0-9]+ ms\)$'
}

@test "a device that is on vfio-pci after the probe counts as claimed" {
	# What the kernel does when vfio-pci binds: the driver link moves.
	for f in 0000:02:00.0 0000:02:00.1; do
		"$FIXTURES/set-driver" "$R" "$f" vfio-pci
	done
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	assert_stderr --partial "0000:02:00.0 1234:1111 group 8: bound to vfio-pci (was vfio-pci, by addrs)"
	assert_stderr --partial "0000:02:00.1 8086:293e group 8: bound to vfio-pci (was vfio-pci, by group)"
	assert_stderr --partial "vfio-gpu: claimed 2 device(s) in 1 group(s), refused 0 group(s) in "
	# Already on vfio-pci: nothing to unbind, nothing to probe.
	assert_probed "$R"
}

@test "under --root the modules are resolved and reported, never loaded" {
	real "$R" vfio-gpu.addrs=02:00.0
	assert_output "$LOADS_61"
}

@test "a refused group is not touched at all" {
	real "$R" vfio-gpu.ids=1af4:1050
	assert_success
	assert_output ""
	run cat "$DEV/0000:03:00.0/driver_override" "$DEV/0000:03:00.1/driver_override" "$DRV/e1000e/unbind"
	assert_output "(null)
(null)"
	assert_stderr --partial "error: refusing IOMMU group 9: 0000:03:00.1 (class 0200) is a network device not named by vfio-gpu.addrs or an exact vfio-gpu.ids entry; nothing in the group was touched"
	assert_stderr --partial "refused 1 group(s)"
}

@test "vfio-gpu.dry_run on the command line: the plan is logged, nothing written" {
	real "$R" vfio-gpu.addrs=02:00.0 vfio-gpu.dry_run
	assert_success
	assert_output ""
	assert_stderr --partial "vfio-gpu: claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
	assert_stderr --partial "vfio-gpu: load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "(null)"
}

@test "vfio-gpu.off: nothing written" {
	real "$R" vfio-gpu.addrs=02:00.0 vfio-gpu.off
	assert_success
	run cat "$DEV/0000:02:00.0/driver_override" "$R/sys/bus/pci/drivers_probe"
	assert_output "(null)"
}

@test "malformed tokens in a real run are warnings naming the token" {
	real "$R" 'vfio-gpu.ids=1234:zzzz vfio-gpu.addrs=02:00.0'
	assert_success
	assert_stderr --partial "warning: ignoring vfio-gpu.ids token='1234:zzzz' (malformed)"
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vfio-pci"
}

@test "vfio-gpu.debug logs every decision" {
	real "$R" vfio-gpu.groups=10 vfio-gpu.debug
	assert_stderr --partial "0000:04:00.0 group 10: bridge left on no driver"
}

@test "usage errors exit 2 and name the option" {
	run --separate-stderr "$BIN" --bogus
	assert_failure 2
	assert_stderr --partial "unknown or incomplete option '--bogus'"
	run --separate-stderr "$BIN" --root
	assert_failure 2
}

@test "the shipped binary is static" {
	[ "$BIN" = "$TOP/early/vfio-gpu-early" ] || skip "only for the klibc build"
	run file "$BIN"
	assert_output --partial "statically linked"
	run readelf -l "$BIN"
	refute_output --partial INTERP
}
