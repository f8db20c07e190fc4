#!/usr/bin/env bats
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

@test "IOMMU off on AMD: the error names amd_iommu=on, nothing is planned" {
	run --separate-stderr "$BIN" --root "$A" --dry-run
	assert_failure 1
	assert_output "error reason=no-iommu option=amd_iommu=on"
}

@test "IOMMU off: a real run logs the missing option, writes nothing, exits 0" {
	real "$A" vfio-gpu.ids=10de:2204
	assert_success
	assert_stderr --partial "error: no IOMMU groups: the IOMMU is off; add amd_iommu=on to the kernel command line"
	run cat "$A/sys/bus/pci/devices/0000:0a:00.0/driver_override"
	assert_output "(null)"
}

@test "IOMMU off, nothing selected: no error at all" {
	dry "$A" quiet
	assert_success
	assert_output ""
}

@test "IOMMU off on an unknown CPU: both options are named" {
	rm "$A/proc/cpuinfo"
	dry "$A" vfio-gpu.ids=10de:2204
	assert_failure 1
	assert_output "error reason=no-iommu option=intel_iommu=on|amd_iommu=on"
}
