#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kernelstub back end (Pop!_OS): options read from the "user" list of
# /etc/kernelstub/configuration, changed with kernelstub -a (first) and -d, then read back.
load helpers

setup() {
	common_setup
	mkdir -p "$R/etc/kernelstub"
	C=$R/etc/kernelstub/configuration
	cp "$FIX/kernelstub.configuration" "$C"
	cp "$FIX/grub.popos" "$R/etc/default/grub"
	stub kernelstub update-grub
}

@test "show reads the user kernel_options" {
	run -0 vgc show
	assert_output "backend: kernelstub
file: $C
cmdline: quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7"
}

@test "show falls back to the default list before kernelstub's first run" {
	cp "$FIX/kernelstub.configuration.default-only" "$C"
	run -0 vgc show
	assert_line "cmdline: quiet splash"
}

@test "add a flag: kernelstub -a" {
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: running: kernelstub -a vfio-gpu.debug"
	assert_calls "kernelstub [-a] [vfio-gpu.debug]"
	cmp "$R/etc/default/grub" "$FIX/grub.popos"
}

@test "merge a list item: -a the merged token first, then -d the old one, read back" {
	run -0 vgc add vfio-gpu.ids=10de:1b81 intel_iommu=on
	assert_calls "kernelstub [-a] [vfio-gpu.ids=10de:13d7,10de:1b81 intel_iommu=on]
kernelstub [-d] [vfio-gpu.ids=10de:13d7]"
	run -0 vgc show --cmdline-only
	assert_output "quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7,10de:1b81 intel_iommu=on"
}

@test "the second kernelstub call fails (full ESP): the added options go again, the old ones stay" {
	STUB_FAIL_CALL=2 run -1 vgc add vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: error: kernelstub could not delete the old options (vfio-gpu.ids=10de:13d7); the new ones are deleted again; nothing changed"
	assert_calls "kernelstub [-a] [vfio-gpu.ids=10de:13d7,10de:1b81]
kernelstub [-d] [vfio-gpu.ids=10de:13d7]
kernelstub [-d] [vfio-gpu.ids=10de:13d7,10de:1b81]"
	run -0 vgc show --cmdline-only
	assert_output "quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7"
}

@test "the second and third kernelstub calls fail: both stay, said so, the old options never lost" {
	STUB_FAIL_CALL="2 3" run -1 vgc add vfio-gpu.ids=10de:1b81
	assert_line --partial "nor the new ones again: $C holds both"
	run -0 vgc show --cmdline-only
	assert_output "quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7 vfio-gpu.ids=10de:13d7,10de:1b81"
}

@test "the first kernelstub call fails: nothing deleted" {
	STUB_FAIL_CALL=1 run -1 vgc add vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: error: kernelstub could not add the new options; the old ones are kept; nothing changed"
	assert_calls "kernelstub [-a] [vfio-gpu.ids=10de:13d7,10de:1b81]"
	cmp "$C" "$FIX/kernelstub.configuration"
}

@test "kernelstub says ok but changes nothing: the read-back says so" {
	KERNELSTUB_NOOP=1 run -1 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: error: kernelstub reported success but $C does not read back as the new command line: it holds 'quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7'; check it with 'kernelstub -p'"
}

@test "already set: no kernelstub call" {
	run -0 vgc add vfio-gpu.ids=10de:13d7 splash
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.ids=10de:13d7"
	assert_line "vfio-gpu-cmdline: already set: splash"
	assert_calls ""
}

@test "remove the whole key: kernelstub -d with its token" {
	run -0 vgc remove vfio-gpu.ids
	assert_calls "kernelstub [-d] [vfio-gpu.ids=10de:13d7]"
}

@test "--dry-run shows the commands and runs none" {
	run -0 vgc --dry-run add vfio-gpu.ids=10de:1b81
	assert_output "vfio-gpu-cmdline: would run: kernelstub -a vfio-gpu.ids=10de:13d7,10de:1b81
vfio-gpu-cmdline: would run: kernelstub -d vfio-gpu.ids=10de:13d7
vfio-gpu-cmdline: dry run: nothing changed; the new command line would be: quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7,10de:1b81"
	assert_calls ""
}

@test "kernelstub failing: exit 1" {
	STUB_FAIL=kernelstub run -1 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: error: 'kernelstub' failed with status 3"
}

@test "a configuration without kernel_options is an error" {
	echo '{ "user": { "esp_path": "/boot/efi" } }' >"$C"
	run -1 vgc --backend kernelstub show
	assert_output "vfio-gpu-cmdline: error: $C: no kernel_options list found; run kernelstub once to create it"
}
