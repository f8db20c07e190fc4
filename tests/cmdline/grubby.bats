#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# grubby back end (RHEL/CentOS/Fedora): the default entry's args read through
# grubby --info=DEFAULT, every kernel changed with one --update-kernel=ALL call.
# The grubby stand-in keeps state, so a second run sees the first one's edit.
load helpers

setup() {
	common_setup
	mkdir -p "$R/boot/loader/entries"
	cp "$FIX/grub.centos8" "$R/etc/default/grub"
	stub grubby update-grub grub2-mkconfig
}

@test "add: one grubby call with the new tokens, then idempotent" {
	run -0 vgc add vfio-gpu.ids=10de:13d7 intel_iommu=on
	assert_line "vfio-gpu-cmdline: running: grubby --update-kernel=ALL '--args=vfio-gpu.ids=10de:13d7 intel_iommu=on'"
	run -0 vgc add intel_iommu=on vfio-gpu.ids=10de:13d7
	assert_line "vfio-gpu-cmdline: already set: intel_iommu=on"
	assert_line --partial "nothing to change"
	assert_calls "grubby [--info=DEFAULT]
grubby [--update-kernel=ALL] [--args=vfio-gpu.ids=10de:13d7 intel_iommu=on]
grubby [--info=DEFAULT]"
	cmp "$R/etc/default/grub" "$FIX/grub.centos8"
	run -0 vgc show
	assert_line "cmdline: ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/cs-swap rd.lvm.lv=cs/root rd.lvm.lv=cs/swap rhgb quiet vfio-gpu.ids=10de:13d7 intel_iommu=on"
}

@test "a list item merges: the old token is removed and the merged one set" {
	run -0 vgc add vfio-gpu.ids=10de:13d7
	: >"$LOG"
	run -0 vgc add vfio-gpu.ids=10de:0fbb
	assert_calls "grubby [--info=DEFAULT]
grubby [--update-kernel=ALL] [--remove-args=vfio-gpu.ids=10de:13d7] [--args=vfio-gpu.ids=10de:13d7,10de:0fbb]"
	run -0 vgc show
	assert_line --partial "rhgb quiet vfio-gpu.ids=10de:13d7,10de:0fbb"
}

@test "remove: --remove-args with the exact tokens; twice is a no-op" {
	run -0 vgc remove rhgb quiet
	run -0 vgc remove rhgb quiet
	assert_line "vfio-gpu-cmdline: not set: rhgb"
	assert_calls "grubby [--info=DEFAULT]
grubby [--update-kernel=ALL] [--remove-args=rhgb quiet]
grubby [--info=DEFAULT]"
}

@test "--dry-run shows the grubby command and runs only --info" {
	run -0 vgc --dry-run add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: would run: grubby --update-kernel=ALL --args=vfio-gpu.debug
vfio-gpu-cmdline: dry run: nothing changed; the new command line would be: ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/cs-swap rd.lvm.lv=cs/root rd.lvm.lv=cs/swap rhgb quiet vfio-gpu.debug"
	assert_calls "grubby [--info=DEFAULT]"
}

@test "show names the default entry's BLS file when it exists" {
	run -0 vgc show
	assert_output "backend: grubby
file: grubby --info=DEFAULT (kernel /boot/vmlinuz-5.14.0-362.8.1.el9.x86_64)
cmdline: ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/cs-swap rd.lvm.lv=cs/root rd.lvm.lv=cs/swap rhgb quiet"
	e=$R/boot/loader/entries/5f1a0b2c3d4e4f5a8b9c0d1e2f3a4b5c-5.14.0-362.8.1.el9.x86_64.conf
	: >"$e"
	run -0 vgc show
	assert_line "file: $e"
}

@test "grubby failing: exit 1 naming it" {
	STUB_FAIL=grubby run -1 vgc show
	assert_output --partial "'grubby --info=DEFAULT' failed"
}
