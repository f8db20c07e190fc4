#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# proxmox-boot-tool back end (Proxmox VE on systemd-boot, ZFS or UEFI): the
# fake root is shaped like such a host as issue 19 found it: the ESPs not
# mounted (no loader.conf anywhere), /etc/kernel/proxmox-boot-uuids, the one
# line /etc/kernel/cmdline, and a /etc/default/grub that this host never
# reads. No Proxmox package exists here: proxmox-boot-tool is the recording
# stand-in, so the tests prove the command line the real tool is given.
load helpers

setup() {
	common_setup
	K=$R/etc/kernel/cmdline
	mkdir -p "$R/etc/kernel"
	cp "$FIX/kernel-cmdline.proxmox" "$K"
	printf '%s\n' 5A1C-93F0 5A1D-2B7E >"$R/etc/kernel/proxmox-boot-uuids"
	cp "$FIX/grub.debian12" "$R/etc/default/grub"
	stub proxmox-boot-tool kernel-install update-grub
}

@test "detected by proxmox-boot-uuids, before GRUB and kernel-install; /etc/default/grub never touched" {
	run -0 vgc show
	assert_line "backend: proxmox-boot-tool"
	assert_line "file: $K"
	assert_line "cmdline: root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet"
	run -0 vgc add vfio-gpu.ids=10de:1b81 intel_iommu=on
	assert_line "vfio-gpu-cmdline: running: proxmox-boot-tool refresh"
	run cat "$K"
	assert_output "root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet vfio-gpu.ids=10de:1b81 intel_iommu=on"
	cmp "$K.vfio-gpu.orig" "$FIX/kernel-cmdline.proxmox"
	cmp "$K.vfio-gpu.bak" "$FIX/kernel-cmdline.proxmox"
	assert_calls "proxmox-boot-tool [refresh]"
	cmp "$R/etc/default/grub" "$FIX/grub.debian12"
	assert_no_leftovers "$R/etc/default/grub"
}

@test "without /etc/default/grub, installed kernels present: the refresh, never kernel-install" {
	rm "$R/etc/default/grub"
	mkdir -p "$R/lib/modules/6.8.12-5-pve" "$R/boot"
	: >"$R/boot/vmlinuz-6.8.12-5-pve"
	run -0 vgc add vfio-gpu.debug
	assert_calls "proxmox-boot-tool [refresh]"
}

@test "twice is a no-op: no second refresh" {
	run -0 vgc add vfio-gpu.ids=10de:1b81
	run -0 vgc add vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: nothing to change (proxmox-boot-tool: $K)"
	assert_calls "proxmox-boot-tool [refresh]"
}

@test "without the uuids file: detected when 'proxmox-boot-tool status --quiet' succeeds" {
	rm "$R/etc/kernel/proxmox-boot-uuids"
	run -0 vgc show
	assert_line "backend: proxmox-boot-tool"
	assert_calls "proxmox-boot-tool [status] [--quiet]"
}

@test "without the uuids file and a failing status (no ESP configured): not Proxmox, GRUB" {
	rm "$R/etc/kernel/proxmox-boot-uuids"
	STUB_FAIL=proxmox-boot-tool run -0 vgc show
	assert_line "backend: grub"
}

@test "Proxmox in GRUB mode (no /etc/kernel/cmdline): GRUB" {
	rm "$K"
	run -0 vgc show
	assert_line "backend: grub"
}

@test "a failed refresh: the previous options are put back and read back, exit 1, the error and the fix named" {
	STUB_FAIL=proxmox-boot-tool run -1 vgc add vfio-gpu.debug
	assert_output --partial "error: 'proxmox-boot-tool' failed with status 3"
	assert_line "vfio-gpu-cmdline: error: 'proxmox-boot-tool refresh' failed: $K is back to its previous options (read back), so nothing changed; fix the cause and run 'proxmox-boot-tool refresh' so that every boot partition has them"
	cmp "$K" "$FIX/kernel-cmdline.proxmox"
	run ls -A "$R/etc/kernel"
	refute_output --partial "vfio-gpu.restore"
}

@test "proxmox-boot-tool missing (forced back end): error, file unchanged" {
	rm "$STUBS/proxmox-boot-tool"
	run -1 vgc --backend proxmox-boot-tool add vfio-gpu.debug
	assert_output --partial "proxmox-boot-tool not found"
	cmp "$K" "$FIX/kernel-cmdline.proxmox"
	assert_calls ""
	run ls -A "$R/etc/kernel"
	assert_output "cmdline
proxmox-boot-uuids"
}

@test "dry run: the diff and the refresh it would run, nothing changed" {
	run -0 vgc --dry-run set vfio-gpu.groups=14
	assert_line "+root=ZFS=rpool/ROOT/pve-1 boot=zfs quiet vfio-gpu.groups=14"
	assert_line "vfio-gpu-cmdline: would run: proxmox-boot-tool refresh"
	cmp "$K" "$FIX/kernel-cmdline.proxmox"
	assert_calls ""
}

@test "validation: a bad argument is refused before anything is read or run" {
	run -2 vgc add vfio-gpu.ids=zzzz
	cmp "$K" "$FIX/kernel-cmdline.proxmox"
	assert_calls ""
}
