#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# set: the vfio-gpu.* options become exactly the given ones (the Ansible role's
# declarative edit), other options stay; --remove joins an add or a set in the
# same edit; '--' ends the options and nothing after it is taken for one.
load helpers

setup() {
	common_setup
	sdboot_root
}

@test "set replaces every vfio-gpu.* option, keeps the others, one backup; again is a no-op" {
	echo "root=/dev/vda vfio-gpu.ids=1234:1111 quiet vfio-gpu.off vfio-gpu.debug" >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	# --no-pin: the set's own rules (pins.bats: set pins).
	run -0 vgc --no-pin set vfio-gpu.ids=8086:293e vfio-gpu.addrs=0000:01:00.0
	assert_line "vfio-gpu-cmdline: removed vfio-gpu.ids=1234:1111 from $K: not in the set"
	assert_line "vfio-gpu-cmdline: removed vfio-gpu.off from $K: not in the set"
	run -0 cat "$K"
	assert_output "root=/dev/vda quiet vfio-gpu.ids=8086:293e vfio-gpu.addrs=0000:01:00.0"
	cmp "$K.vfio-gpu.bak" "$BATS_TEST_TMPDIR/orig"
	run -0 vgc --no-pin set vfio-gpu.ids=8086:293e vfio-gpu.addrs=0000:01:00.0
	assert_line --partial "nothing to change"
	# Case and order within the line do not make a change: ids and addrs are hex.
	run -0 vgc --no-pin set vfio-gpu.addrs=0000:01:00.0 vfio-gpu.ids=8086:293E
	assert_line --partial "nothing to change"
}

@test "set keeps the line's spacing when nothing changes" {
	printf 'root=/dev/vda  vfio-gpu.ids=10de:1e87   quiet\n' >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	run -0 vgc set vfio-gpu.ids=10de:1e87
	assert_line --partial "nothing to change"
	cmp "$K" "$BATS_TEST_TMPDIR/orig"
}

@test "set with no ARG removes every vfio-gpu.* option" {
	echo "root=/dev/vda vfio-gpu.ids=1234:1111 vfio-gpu.groups=3 quiet" >"$K"
	run -0 vgc set
	run -0 cat "$K"
	assert_output "root=/dev/vda quiet"
}

@test "set --iommu and module options: added beside the set, as add adds them" {
	echo "root=/dev/vda vfio-gpu.ids=1234:1111" >"$K"
	run -0 vgc set --iommu vfio-gpu.ids=1234:1111 vfio_pci.disable_vga=1
	run -0 cat "$K"
	assert_output "root=/dev/vda vfio-gpu.ids=1234:1111 vfio_pci.disable_vga=1 intel_iommu=on"
}

@test "--remove goes into the same edit: one preview shows remove and add together" {
	echo "root=/dev/vda vfio-pci.ids=10de:1e87 quiet" >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	run -0 vgc --dry-run add --remove vfio-pci.ids vfio-gpu.ids=10de:1e87
	assert_line "vfio-gpu-cmdline: dry run: nothing changed; the new command line would be: root=/dev/vda quiet vfio-gpu.ids=10de:1e87"
	cmp "$K" "$BATS_TEST_TMPDIR/orig"
	run -0 vgc set --remove=quiet vfio-gpu.ids=10de:1e87
	run -0 cat "$K"
	assert_output "root=/dev/vda vfio-pci.ids=10de:1e87 vfio-gpu.ids=10de:1e87"
	run -2 vgc remove --remove quiet vfio-gpu.debug
	assert_output --partial "--remove goes with add or set"
}

@test "set validates its ARGs with the binder's parser; a bad one changes nothing" {
	echo "root=/dev/vda vfio-gpu.ids=1234:1111" >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	run -2 vgc set vfio-gpu.ids=zz:1
	assert_output --partial "invalid argument 'vfio-gpu.ids=zz:1'"
	cmp "$K" "$BATS_TEST_TMPDIR/orig"
}

@test "after '--' an ARG that looks like an option is refused by name, never obeyed" {
	echo "root=/dev/vda vfio-gpu.ids=1234:1111" >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	run -2 vgc set -- -n vfio-gpu.ids=8086:293e
	assert_output --partial "unknown option '-n'"
	run -2 vgc add -- --root=/tmp vfio-gpu.debug
	assert_output --partial "unknown option '--root=/tmp'"
	cmp "$K" "$BATS_TEST_TMPDIR/orig"
}

@test "GRUB: set acts on both GRUB_CMDLINE_LINUX and GRUB_CMDLINE_LINUX_DEFAULT" {
	rm -rf "$R/etc/kernel" "$R/boot/efi"
	mkdir -p "$R/etc/default"
	cat >"$R/etc/default/grub" <<'G'
GRUB_DEFAULT=0
GRUB_CMDLINE_LINUX="vfio-gpu.ids=1234:1111"
GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio-gpu.debug"
G
	stub update-grub
	run -0 vgc set vfio-gpu.ids=8086:293e
	run -0 grep '^GRUB_CMDLINE' "$R/etc/default/grub"
	assert_output 'GRUB_CMDLINE_LINUX="vfio-gpu.ids=8086:293e"
GRUB_CMDLINE_LINUX_DEFAULT="quiet"'
	assert_calls "update-grub"
}
