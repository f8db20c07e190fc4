#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
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

# The capture's module tree with a variant vgtest_vfio_pci for 1234:1111
# (bochs, 01:00.0 and 02:00.0); DRIVER_NAME, when given, is what its module
# registered (sys/module/vgtest_vfio_pci/drivers/pci:NAME).
q35_variant() { # [DRIVER_NAME]
	q35_copy
	mods=$(echo "$R"/lib/modules/*)
	echo 'alias vfio_pci:v00001234d00001111sv*sd*bc*sc*i* vgtest_vfio_pci' >>"$mods/modules.alias"
	echo "kernel/drivers/vfio/pci/vgtest_vfio_pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko" >>"$mods/modules.dep"
	: >"$mods/kernel/drivers/vfio/pci/vgtest_vfio_pci.ko"
	if [ -n "${1-}" ]; then
		mkdir -p "$R/sys/module/vgtest_vfio_pci/drivers"
		echo live >"$R/sys/module/vgtest_vfio_pci/initstate"
		: >"$R/sys/module/vgtest_vfio_pci/drivers/pci:$1"
	fi
}

@test "plan: claim lines name their target, the variant is loaded after vfio_pci" {
	q35_variant
	run -0 --separate-stderr "$VG" --root "$R" plan --cmdline "vfio-gpu.groups=8"
	assert_line --index 0 "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vgtest_vfio_pci"
	assert_line --index 1 "claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=groups target=vfio_pci"
	assert_line --index 8 "load vgtest_vfio_pci path=kernel/drivers/vfio/pci/vgtest_vfio_pci.ko args=''"
	# the same lines as the binder's dry run, by construction
	local plan=$output
	run -0 --separate-stderr "$EARLY" --root "$R" --cmdline "vfio-gpu.groups=8" --dry-run
	assert_output "$plan"
}

@test "plan --json: \"target\" in every claim object, vfio_pci with vfio-gpu.variants=0" {
	q35_variant
	run -0 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	run jq -r '.lines[] | select(.kind == "claim") | .address + " " + .target' <<<"$output"
	assert_output "0000:02:00.0 vgtest_vfio_pci
0000:02:00.1 vfio_pci"
	run -0 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8 vfio-gpu.variants=0"
	run jq -r '[.lines[] | select(.kind == "claim") | .target] | unique | join(",")' <<<"$output"
	assert_output "vfio_pci"
}

@test "bind: the variant's driver name (not its module name) goes to driver_override, and it binds" {
	q35_variant vgtest-drv
	run -0 "$VG" --root "$R" bind 02:00.0
	# loaded already (initstate live): not loaded again
	refute_line --partial "load vgtest_vfio_pci"
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
	assert_line "0000:02:00.0 1234:1111 group 8: vgtest-drv (was bochs-drm, by addrs)"
	assert_line "0000:02:00.1 8086:293e group 8: vfio-pci (was snd_hda_intel, by group)"
	assert_attr 0000:02:00.0 driver_override vgtest-drv
	assert_driver 0000:02:00.0 vgtest-drv
	assert_attr 0000:02:00.1 driver_override vfio-pci
}

@test "bind: a variant modules.dep lacks stops the bind before anything is written" {
	q35_copy
	mods=$(echo "$R"/lib/modules/*)
	echo 'alias vfio_pci:v00001234d00001111sv*sd*bc*sc*i* vgtest_vfio_pci' >>"$mods/modules.alias"
	run -1 --separate-stderr "$VG" --root "$R" bind 02:00.0
	assert_stderr --partial "module vgtest_vfio_pci is not in modules.dep of 6.1.0-56-amd64 (nothing was changed)"
	assert_attr 0000:02:00.0 driver_override "(null)"
	run test -e "$R/.vg-writes"
	assert_failure
}

@test "release: a variant named like no vfio driver, known by its vfio-dev/, is unbound" {
	variant_root acme_passthrough
	mkdir -p "$R/sys/bus/pci/devices/0000:01:00.0/vfio-dev/vfio0"
	echo acme_passthrough >"$R/sys/bus/pci/devices/0000:01:00.0/driver_override"
	# Without the kernel seam the driver link stays where it is (the seam
	# would bind a driver not named like vfio again, as a host driver), so
	# the tool must say it is still bound; what counts here are the writes:
	# override cleared, then the unbind that a name test alone would skip.
	echo >"$R/.vg-faults"
	run -1 --separate-stderr "$VG" --root "$R" release 01:00.0
	assert_stderr --partial "0000:01:00.0: still bound to acme_passthrough after release"
	assert_attr 0000:01:00.0 driver_override ""
	assert_writes 0000:01:00.0/driver/unbind 0000:01:00.0
}

@test "check: a variant modules.alias names but modules.dep lacks is a FAIL item, exit 1" {
	q35_copy
	mods=$(echo "$R"/lib/modules/*)
	echo 'alias vfio_pci:v00001234d00001111sv*sd*bc*sc*i* vgtest_vfio_pci' >>"$mods/modules.alias"
	run -1 --separate-stderr "$VG" --root "$R" check --cmdline "intel_iommu=on vfio-gpu.groups=8"
	assert_line "FAIL plan: error reason=module-unknown module=vgtest_vfio_pci dir=/lib/modules/6.1.0-56-amd64"
}

@test "bind: vfio-gpu.variants=0 on the running command line sends the function to vfio-pci" {
	q35_variant vgtest-drv
	echo "console=ttyS0 intel_iommu=on vfio-gpu.variants=0" >"$R/proc/cmdline"
	run -0 "$VG" --root "$R" bind 02:00.0
	assert_line "0000:02:00.0 1234:1111 group 8: vfio-pci (was bochs-drm, by addrs)"
	assert_attr 0000:02:00.0 driver_override vfio-pci
}

@test "bind: vfio-gpu.variants=0 in the selection file holds for bind too" {
	q35_variant vgtest-drv
	mkdir -p "$R/etc/vfio-gpu"
	echo "vfio-gpu.variants=0" >"$R/etc/vfio-gpu/vfio-gpu.conf"
	run -0 "$VG" --root "$R" bind 02:00.0
	assert_line "0000:02:00.0 1234:1111 group 8: vfio-pci (was bochs-drm, by addrs)"
	assert_attr 0000:02:00.0 driver_override vfio-pci
}
