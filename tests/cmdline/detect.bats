#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Back-end detection by real markers, in the documented order, and --backend.
load helpers

setup() {
	common_setup
	cp "$FIX/grub.debian12" "$R/etc/default/grub"
	mkdir -p "$R/etc/kernel" "$R/etc/kernelstub"
}

backend_is() {
	run -0 vgc show
	assert_line "backend: $1"
}

@test "only /etc/default/grub: grub" {
	backend_is grub
}

@test "grubby on PATH with BLS entries wins over everything" {
	stub grubby kernelstub
	cp "$FIX/kernelstub.configuration" "$R/etc/kernelstub/configuration"
	cp "$FIX/kernel-cmdline" "$R/etc/kernel/cmdline"
	backend_is kernelstub
	mkdir -p "$R/boot/loader/entries"
	backend_is grubby
}

@test "grubby on PATH with /etc/sysconfig/kernel (pre-BLS RHEL): grubby" {
	stub grubby
	mkdir -p "$R/etc/sysconfig"
	: >"$R/etc/sysconfig/kernel"
	backend_is grubby
}

@test "grubby on PATH but no RHEL marker (e.g. Debian's grubby package): not grubby" {
	stub grubby
	backend_is grub
}

@test "kernelstub needs both the command and its configuration" {
	cp "$FIX/kernelstub.configuration" "$R/etc/kernelstub/configuration"
	backend_is grub
	stub kernelstub
	backend_is kernelstub
	rm "$R/etc/kernelstub/configuration"
	backend_is grub
}

@test "/etc/kernel/cmdline with a systemd-boot loader.conf wins over GRUB" {
	cp "$FIX/kernel-cmdline" "$R/etc/kernel/cmdline"
	backend_is grub
	for esp in efi boot boot/efi; do
		mkdir -p "$R/$esp/loader"
		: >"$R/$esp/loader/loader.conf"
		backend_is systemd-boot
		rm "$R/$esp/loader/loader.conf"
	done
}

@test "/etc/kernel/cmdline alone (no GRUB either): systemd-boot" {
	cp "$FIX/kernel-cmdline" "$R/etc/kernel/cmdline"
	rm "$R/etc/default/grub"
	backend_is systemd-boot
}

@test "nothing found: exit 1 with what was looked for" {
	rm "$R/etc/default/grub"
	run -1 vgc show
	assert_output --partial "error: no boot loader configuration found"
	assert_output --partial "$R/etc/default/grub"
}

@test "--backend forces a back end, in both spellings" {
	cp "$FIX/kernel-cmdline" "$R/etc/kernel/cmdline"
	run -0 vgc --backend systemd-boot show
	assert_line "backend: systemd-boot"
	run -0 vgc --backend=systemd-boot show
	assert_line "backend: systemd-boot"
	run -0 vgc -b grub show
	assert_line "backend: grub"
}

@test "--backend with a missing file: exit 1 naming the file" {
	run -1 vgc --backend kernelstub show
	assert_output "vfio-gpu-cmdline: error: $R/etc/kernelstub/configuration does not exist; create it, or name the back end this machine uses with --backend"
	run -1 vgc --backend systemd-boot add quiet
	assert_output "vfio-gpu-cmdline: error: $R/etc/kernel/cmdline does not exist; create it, or name the back end this machine uses with --backend"
}

@test "an unknown back end is a usage error (2)" {
	run -2 vgc --backend lilo show
	assert_line "vfio-gpu-cmdline: error: unknown back end 'lilo' (one of: rpm-ostree proxmox-boot-tool grubby kernelstub systemd-boot grub)"
	cmp "$R/etc/default/grub" "$FIX/grub.debian12"
}
