#!/usr/bin/env bats
# A function on a vfio-pci variant driver is "on vfio" for list, check and
# release (SPEC "Variant vfio drivers"): by its name (mlx5_vfio_pci,
# nvgrace_gpu_vfio_pci, xe_vfio_pci, ...) or, whatever it is called, by the
# vfio-dev/ directory every vfio driver gives its device.
load helpers

setup() {
	common_setup
}

variant_root() { # DRIVER_OF_01:00.0
	mkroot_desc <<-EOF2
	0000:00:01.0 8086:1901 8086:2015 060400 1 pcieport
	0000:01:00.0 10de:2342 10de:16eb 030200 1 $1 parent=0000:00:01.0 mf=1
	0000:01:00.1 10de:22a3 10de:16eb 040300 1 - parent=0000:00:01.0
	EOF2
}

@test "list: a group on nvgrace_gpu_vfio_pci is viable, as on vfio-pci" {
	variant_root nvgrace_gpu_vfio_pci
	run -0 "$VG" --root "$R" list
	assert_line --partial "IOMMU group 1: viable"
	run -0 "$VG" --root "$R" list --json
	echo "$output" | jq -e '.groups[0].viable == true and (.groups[0].functions[] | select(.address == "0000:01:00.0") | .vfio_ready)' >/dev/null
}

@test "list: a driver whose name says nothing is on vfio when its device has vfio-dev/, not otherwise" {
	variant_root acme_passthrough
	run -0 "$VG" --root "$R" list
	assert_line --partial "IOMMU group 1: not viable (0000:01:00.0 on acme_passthrough)"
	mkdir -p "$R/sys/bus/pci/devices/0000:01:00.0/vfio-dev/vfio0"
	run -0 "$VG" --root "$R" list
	assert_line --partial "IOMMU group 1: viable"
}

@test "check: a selected group on a variant driver is viable" {
	variant_root mlx5_vfio_pci
	run -0 "$VG" --root "$R" check --cmdline 'intel_iommu=on vfio-gpu.addrs=01:00.0'
	refute_line --partial "not viable"
	refute_line --partial "0000:01:00.0 on mlx5_vfio_pci"
}

@test "release: a function on a variant driver is held by vfio and is given back" {
	variant_root nvgrace_gpu_vfio_pci
	echo nvgrace_gpu_vfio_pci >"$R/sys/bus/pci/devices/0000:01:00.0/driver_override"
	run -0 "$VG" --root "$R" release 01:00.0
	refute_output --partial "nothing to release"
	assert_line "0000:01:00.0 10de:2342 group 1: released (was nvgrace_gpu_vfio_pci, driver now none)"
	assert_attr 0000:01:00.0 driver_override ""
	assert_writes 0000:01:00.0/driver/unbind 0000:01:00.0
}
