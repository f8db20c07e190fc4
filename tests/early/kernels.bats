#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Kernels that differ from Debian's 6.1: the whole vfio set built in
# (Ubuntu-like), and an AMD machine booted with its IOMMU off.

load helpers

setup_file() {
	export U=$BATS_FILE_TMPDIR/ubuntu A=$BATS_FILE_TMPDIR/amd
	make_root ubuntu-builtin "$U"
	make_root no-iommu "$A"
}

@test "built-in vfio: the binder relies on drivers_probe" {
	real "$U" vfio-gpu.ids=10de:2684
	assert_success
	assert_output ""
	assert_probed "$U" 0000:01:00.0 0000:01:00.1
	run cat "$U/sys/bus/pci/drivers/nvidia/unbind"
	assert_output "0000:01:00.0"
}

@test "IOMMU off on AMD: the error names the firmware (there is no amd_iommu=on), nothing is planned" {
	run --separate-stderr "$BIN" --root "$A" --dry-run
	assert_failure 1
	assert_output "error reason=no-iommu option=firmware"
}

@test "IOMMU off: a real run logs the missing option, writes nothing, exits 0" {
	real "$A" vfio-gpu.ids=10de:2204
	assert_success
	assert_stderr --partial "error: no IOMMU groups: the IOMMU is off; enable the IOMMU (AMD-Vi) in the firmware setup; check there is no amd_iommu=off or iommu=off on the kernel command line (nothing was claimed)"
	refute_stderr --partial "amd_iommu=on"
	run cat "$A/sys/bus/pci/devices/0000:0a:00.0/driver_override"
	assert_output "(null)"
}

@test "IOMMU off, nothing selected: no error at all" {
	dry "$A" quiet
	assert_success
	assert_output ""
}

@test "IOMMU off on an unknown CPU: both fixes are named" {
	rm "$A/proc/cpuinfo"
	dry "$A" vfio-gpu.ids=10de:2204
	assert_failure 1
	assert_output "error reason=no-iommu option=intel_iommu=on|firmware"
}
