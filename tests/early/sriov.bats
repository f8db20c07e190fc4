#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu.vfs and vfio-gpu.reset at boot (SPEC "SR-IOV virtual functions and
# reset at boot") on the fake root of tests/fixtures/sriov. VFs appear only
# through the sanitizer build's test seam (.vg-faults "sriov"); tests that
# need them skip on the static binder, the others run on both.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	mkdir -p "$R"
	cp -a "$FIXTURES/gpu-server/root/." "$R/"
	"$FIXTURES/mkroot" "$FIXTURES/sriov/devices" "$R"
	DEV=$R/sys/bus/pci/devices
	export VFIO_GPU_VFS_WAIT_MS=200
}

# seam: the fake kernel makes VFs and binds through overrides.
seam() {
	printf 'kernel\nsriov\n' >"$R/.vg-faults"
}

need_seam() {
	[ -f "$R/.vg-writes" ] || skip "the SR-IOV seam is in the sanitizer build only"
}

@test "dry run: a vfs line and the VFs at the PF's offset and stride, nothing written" {
	dry "$R" vfio-gpu.vfs=03:00.0:3
	assert_success
	assert_output "vfs 0000:03:00.0 count=3
vf 0000:03:10.0 pf=0000:03:00.0 index=0
vf 0000:03:10.2 pf=0000:03:00.0 index=1
vf 0000:03:10.4 pf=0000:03:00.0 index=2"
	run cat "$DEV/0000:03:00.0/sriov_numvfs" "$DEV/0000:03:00.0/sriov_drivers_autoprobe"
	assert_output "0
1"
}

@test "happy path: autoprobe 0, then N; the VFs are claimed in their own groups, the PF stays" {
	seam
	real "$R" vfio-gpu.vfs=00:02.0:2
	assert_success
	need_seam
	run grep sriov "$R/.vg-writes"
	assert_output "/sys/bus/pci/devices/0000:00:02.0/sriov_drivers_autoprobe 0
/sys/bus/pci/devices/0000:00:02.0/sriov_numvfs 2"
	use_stderr
	assert_stderr --partial "vfio-gpu: vfs 0000:00:02.0: 2 VF(s) ready after"
	assert_stderr --partial "0000:00:02.1 8086:a7a0 group 6: bound to vfio-pci (was no driver, by vfs)"
	assert_stderr --partial "0000:00:02.2 8086:a7a0 group 7: bound to vfio-pci (was no driver, by vfs)"
	assert_stderr --partial "claimed 2 device(s) in 2 group(s), refused 0 group(s)"
	run readlink "$DEV/0000:00:02.0/driver"
	assert_output --partial "/xe"
	run cat "$DEV/0000:00:02.0/driver_override"
	assert_output "(null)"
	run readlink "$DEV/0000:00:02.1/physfn"
	assert_output "../0000:00:02.0"
}

@test "the boot report lists the vfs entry and the VFs made" {
	seam
	real "$R" vfio-gpu.vfs=00:02.0:2
	need_seam
	run jq -r '.. | objects | select(.kind? == "vfs" or .kind? == "vf") | .line' "$R/run/vfio-gpu/boot.json"
	assert_output "vfs 0000:00:02.0 count=2
vf 0000:00:02.1 pf=0000:00:02.0 index=0
vf 0000:00:02.2 pf=0000:00:02.0 index=1"
}

@test "the PF is claimed only when named itself" {
	seam
	real "$R" vfio-gpu.vfs=00:02.0:1 vfio-gpu.addrs=00:02.0
	need_seam
	use_stderr
	assert_stderr --partial "0000:00:02.0 8086:a7a0 group 1: bound to vfio-pci (was xe, by addrs)"
	assert_stderr --partial "0000:00:02.1 8086:a7a0 group 6: bound to vfio-pci (was no driver, by vfs)"
}

@test "a NIC's VF needs an exact name; an addrs entry gives it" {
	seam
	real "$R" vfio-gpu.vfs=03:00.0:2
	need_seam
	use_stderr
	assert_stderr --partial "refusing IOMMU group 6: 0000:03:10.0 (class 0200) is a network device not named"
	assert_stderr --partial "claimed 0 device(s) in 0 group(s), refused 2 group(s)"
	run cat "$DEV/0000:03:10.0/driver_override"
	assert_output "(null)"
	rm -rf "$R"
	setup
	seam
	real "$R" vfio-gpu.vfs=03:00.0:2 vfio-gpu.addrs=03:10.2
	use_stderr
	assert_stderr --partial "refusing IOMMU group 6: 0000:03:10.0"
	assert_stderr --partial "0000:03:10.2 8086:10ca group 7: bound to vfio-pci (was no driver, by addrs)"
	run cat "$DEV/0000:03:00.0/driver_override"
	assert_output "(null)"
}

@test "a PF that is not SR-IOV capable, or no function at all: an error line, the boot goes on" {
	real "$R" vfio-gpu.vfs=05:00.0:2,09:00.0:1 vfio-gpu.addrs=05:00.0
	assert_success
	use_stderr
	assert_stderr --partial "vfio-gpu: error: reason=vfs dev=0000:05:00.0 why='not SR-IOV capable (no sriov_totalvfs)' (no VFs made for it; the boot goes on)"
	assert_stderr --partial "vfio-gpu: error: reason=vfs dev=0000:09:00.0 why='no PCI function at this address'"
	run cat "$DEV/0000:05:00.0/driver_override"
	assert_output "vfio-pci"
	dry "$R" vfio-gpu.vfs=05:00.0:2
	assert_failure 1
	assert_line "error reason=vfs dev=0000:05:00.0 why='not SR-IOV capable (no sriov_totalvfs)'"
}

@test "N above sriov_totalvfs: an error line, nothing written" {
	seam
	real "$R" vfio-gpu.vfs=00:02.0:8
	assert_success
	use_stderr
	assert_stderr --partial "error: reason=vfs dev=0000:00:02.0 why='count 8 is above sriov_totalvfs 7'"
	run cat "$DEV/0000:00:02.0/sriov_numvfs" "$DEV/0000:00:02.0/sriov_drivers_autoprobe"
	assert_output "0
1"
	[ ! -e "$DEV/0000:00:02.1" ]
}

@test "another count set: 0 first, said so, then N" {
	seam
	echo 3 >"$DEV/0000:00:02.0/sriov_numvfs"
	real "$R" vfio-gpu.vfs=00:02.0:2
	assert_success
	use_stderr
	assert_stderr --partial "warning: vfs 0000:00:02.0: the PF has 3 VFs; writing 0 first, then 2"
	need_seam
	run grep sriov_numvfs "$R/.vg-writes"
	assert_output "/sys/bus/pci/devices/0000:00:02.0/sriov_numvfs 0
/sys/bus/pci/devices/0000:00:02.0/sriov_numvfs 2"
}

@test "VFs that do not appear in time: an error naming them, the boot goes on" {
	# No seam: the fake root makes no VFs.
	real "$R" vfio-gpu.vfs=03:00.0:2 vfio-gpu.addrs=05:00.0
	assert_success
	use_stderr
	assert_stderr --regexp "error: reason=vfs dev=0000:03:00.0 why='VFs not there after [0-9]+ ms: 0000:03:10.0,0000:03:10.2'"
	run cat "$DEV/0000:05:00.0/driver_override"
	assert_output "vfio-pci"
}

@test "reset: the method is written before the probe and read back" {
	seam
	real "$R" vfio-gpu.addrs=00:02.0 vfio-gpu.reset=00:02.0:bus
	assert_success
	use_stderr
	assert_stderr --partial "vfio-gpu: 0000:00:02.0: reset_method is bus"
	run cat "$DEV/0000:00:02.0/reset_method"
	assert_output "bus"
	need_seam
	run awk '$1 ~ /reset_method|drivers_probe/ { print $1 }' "$R/.vg-writes"
	assert_output "/sys/bus/pci/devices/0000:00:02.0/reset_method
/sys/bus/pci/drivers_probe"
}

@test "reset: a method the kernel does not list is an error line, the claim goes on" {
	real "$R" vfio-gpu.addrs=05:00.0 vfio-gpu.reset=05:00.0:device_specific
	assert_success
	use_stderr
	assert_stderr --partial "error: reason=reset dev=0000:05:00.0 why='method device_specific is not in reset_method (pm bus)' (its reset method is left as it is)"
	run cat "$DEV/0000:05:00.0/reset_method" "$DEV/0000:05:00.0/driver_override"
	assert_output "pm bus
vfio-pci"
	dry "$R" vfio-gpu.addrs=05:00.0 vfio-gpu.reset=05:00.0:pm
	assert_line "reset 0000:05:00.0 method=pm"
}

# add_vendor_reset: an image that carries vendor-reset (modules.dep lists it).
add_vendor_reset() {
	local d
	d=$(echo "$R"/lib/modules/*)
	mkdir -p "$d/updates/dkms"
	: >"$d/updates/dkms/vendor-reset.ko.xz"
	echo "updates/dkms/vendor-reset.ko.xz:" >>"$d/modules.dep"
}

@test "reset: vendor-reset, when the image carries it, loads first; its device_specific is planned" {
	add_vendor_reset
	dry "$R" vfio-gpu.addrs=05:00.0 vfio-gpu.reset=05:00.0:device_specific
	assert_success
	run grep -m1 '^load ' <<<"$output"
	assert_output "load vendor_reset path=updates/dkms/vendor-reset.ko.xz args=''"
	dry "$R" vfio-gpu.addrs=05:00.0 vfio-gpu.reset=05:00.0:device_specific
	assert_line "reset 0000:05:00.0 method=device_specific"
	refute_line --partial "error reason=reset"
	# without a reset entry it is not loaded
	dry "$R" vfio-gpu.addrs=05:00.0
	refute_line --partial vendor_reset
}

@test "reset: without vendor-reset in the image, device_specific not listed is an error in the plan" {
	dry "$R" vfio-gpu.addrs=05:00.0 vfio-gpu.reset=05:00.0:device_specific
	assert_failure 1
	assert_line "error reason=reset dev=0000:05:00.0 why='method device_specific is not in reset_method (pm bus)'"
	refute_line --partial vendor_reset
}
