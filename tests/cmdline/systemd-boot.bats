#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# systemd-boot back end (/etc/kernel/cmdline + kernel-install), and the edit
# rules themselves, which every back end shares: list parameters merge and
# un-merge, key=value replaces, flags appear once.
load helpers

setup() {
	common_setup
	sdboot_root
}

# edit_case START WANT ARGS...: the file holds START, "vgc ARGS" must leave
# exactly WANT, and running it again must change nothing and say so.
edit_case() {
	printf '%s\n' "$1" >"$K"
	printf '%s\n' "$2" >"$BATS_TEST_TMPDIR/want"
	shift 2
	run -0 vgc "$@"
	cmp "$K" "$BATS_TEST_TMPDIR/want"
	run -0 vgc "$@"
	assert_line --partial "nothing to change"
	cmp "$K" "$BATS_TEST_TMPDIR/want"
}

@test "add to the Fedora-style file, then kernel-install for each kernel, twice is a no-op" {
	cp "$FIX/kernel-cmdline" "$K"
	mkdir -p "$R/lib/modules/6.5.6-300.fc39.x86_64" "$R/lib/modules/6.6.8-200.fc39.x86_64"
	: >"$R/lib/modules/6.5.6-300.fc39.x86_64/vmlinuz"
	: >"$R/lib/modules/6.6.8-200.fc39.x86_64/vmlinuz"
	run -0 vgc add amd_iommu=on vfio-gpu.groups=14,15
	cmp "$K" "$FIX/kernel-cmdline.added"
	cmp "$K.vfio-gpu.bak" "$FIX/kernel-cmdline"
	assert_calls "kernel-install [add] [6.5.6-300.fc39.x86_64] [/lib/modules/6.5.6-300.fc39.x86_64/vmlinuz]
kernel-install [add] [6.6.8-200.fc39.x86_64] [/lib/modules/6.6.8-200.fc39.x86_64/vmlinuz]"
	run -0 vgc add amd_iommu=on vfio-gpu.groups=15,14
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.groups=15,14"
	cmp "$K" "$FIX/kernel-cmdline.added"
	run -0 wc -l <"$LOG"
	assert_output 2
}

@test "Debian layout: kernel-install gets /boot/vmlinuz-* and its initrd; kernels without an image are skipped" {
	cp "$FIX/kernel-cmdline" "$K"
	mkdir -p "$R/lib/modules/6.1.0-18-amd64" "$R/lib/modules/6.1.0-17-amd64"
	: >"$R/boot/vmlinuz-6.1.0-18-amd64"
	: >"$R/boot/initrd.img-6.1.0-18-amd64"
	run -0 vgc add vfio-gpu.debug
	assert_calls "kernel-install [add] [6.1.0-18-amd64] [/boot/vmlinuz-6.1.0-18-amd64] [/boot/initrd.img-6.1.0-18-amd64]"
}

@test "no kernel found: the file is edited and a warning says nothing was regenerated" {
	cp "$FIX/kernel-cmdline" "$K"
	run -0 vgc add vfio-gpu.debug
	assert_output --partial "warning: no installed kernel found"
	assert_calls ""
}

@test "kernel-install missing: error, file unchanged" {
	cp "$FIX/kernel-cmdline" "$K"
	rm "$STUBS/kernel-install"
	run -1 vgc --backend systemd-boot add vfio-gpu.debug
	assert_output --partial "kernel-install not found"
	cmp "$K" "$FIX/kernel-cmdline"
	assert_no_leftovers "$K"
}

@test "kernel-install failing: exit 1" {
	cp "$FIX/kernel-cmdline" "$K"
	mkdir -p "$R/lib/modules/6.1.0-18-amd64"
	: >"$R/boot/vmlinuz-6.1.0-18-amd64"
	STUB_FAIL=kernel-install run -1 vgc add vfio-gpu.debug
	assert_output --partial "error: 'kernel-install' failed with status 3"
	assert_line "vfio-gpu-cmdline: error: $K is edited (backup: $K.vfio-gpu.bak) but the loader entries are not all regenerated: fix the cause and run 'kernel-install add KVER IMAGE' yourself"
}

@test "show" {
	cp "$FIX/kernel-cmdline" "$K"
	run -0 vgc show
	assert_output "backend: systemd-boot
file: $K
cmdline: root=UUID=6d1c3a4e-58f2-4c8b-9a0e-2f7b1c9d4e10 ro rootflags=subvol=root rhgb quiet"
}

@test "dry run: unified diff, nothing run, nothing touched" {
	cp "$FIX/kernel-cmdline" "$K"
	mkdir -p "$R/lib/modules/6.1.0-18-amd64"
	: >"$R/boot/vmlinuz-6.1.0-18-amd64"
	run -0 vgc add --dry-run vfio-gpu.debug
	assert_output "--- $K
+++ $K
@@ -1 +1 @@
-root=UUID=6d1c3a4e-58f2-4c8b-9a0e-2f7b1c9d4e10 ro rootflags=subvol=root rhgb quiet
+root=UUID=6d1c3a4e-58f2-4c8b-9a0e-2f7b1c9d4e10 ro rootflags=subvol=root rhgb quiet vfio-gpu.debug
vfio-gpu-cmdline: would run: kernel-install add 6.1.0-18-amd64 /boot/vmlinuz-6.1.0-18-amd64
vfio-gpu-cmdline: dry run: nothing changed; the new command line would be: root=UUID=6d1c3a4e-58f2-4c8b-9a0e-2f7b1c9d4e10 ro rootflags=subvol=root rhgb quiet vfio-gpu.debug"
	cmp "$K" "$FIX/kernel-cmdline"
	assert_no_leftovers "$K"
	assert_calls ""
}

@test "a file split over lines is read as kernel-install reads it, joined" {
	printf 'root=/dev/sda1\n  quiet\n\n' >"$K"
	run -0 vgc show
	assert_line "cmdline: root=/dev/sda1 quiet"
	run -0 vgc add quiet
	assert_line "vfio-gpu-cmdline: already set: quiet"
	run -0 vgc add vfio-gpu.debug
	cmp "$K" - <<<'root=/dev/sda1 quiet vfio-gpu.debug'
}

# ---- the edit rules

@test "list: a new item merges into the existing key" {
	edit_case 'quiet vfio-gpu.ids=10de:13d7' 'quiet vfio-gpu.ids=10de:13d7,10de:1b81' add vfio-gpu.ids=10de:1b81
	edit_case 'quiet vfio-gpu.ids=10de:13d7 splash' 'quiet vfio-gpu.ids=10de:13d7,10de:1b81 splash' add vfio-gpu.ids=10de:1b81
	edit_case 'quiet' 'quiet vfio-gpu.ids=10de:13d7,10de:1b81' add vfio-gpu.ids=10de:13d7,10de:1b81
}

@test "list: items already there (any case) are not added twice" {
	printf '%s\n' 'vfio-gpu.ids=10de:13d7,10de:0fbb' >"$K"
	run -0 vgc add vfio-gpu.ids=10DE:0FBB,10de:13d7
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.ids=10DE:0FBB,10de:13d7"
	assert_line --partial "nothing to change"
	cmp "$K" - <<<'vfio-gpu.ids=10de:13d7,10de:0fbb'
	edit_case 'vfio-gpu.ids=10de:13d7,10de:0fbb' 'vfio-gpu.ids=10de:13d7,10de:0fbb,10de:1b81' add vfio-gpu.ids=10de:0fbb,10de:1b81
}

@test "list: a key given twice on the line counts as one list" {
	printf '%s\n' 'vfio-gpu.addrs=01:00.0 vfio-gpu.addrs=0000:02:00.0' >"$K"
	run -0 vgc --no-pin add vfio-gpu.addrs=0000:02:00.0
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.addrs=0000:02:00.0"
	edit_case 'vfio-gpu.addrs=01:00.0 vfio-gpu.addrs=0000:02:00.0' 'vfio-gpu.addrs=01:00.0' remove vfio-gpu.addrs=0000:02:00.0
}

@test "list: removing one item keeps the others" {
	edit_case 'quiet vfio-gpu.ids=10de:13d7,10de:0fbb' 'quiet vfio-gpu.ids=10de:13d7' remove vfio-gpu.ids=10de:0fbb
	edit_case 'vfio-gpu.groups=1,2,3' 'vfio-gpu.groups=1,3' remove vfio-gpu.groups=2
	edit_case 'vfio-gpu.groups=1,2,3 x' 'vfio-gpu.groups=3 x' remove vfio-gpu.groups=2,1
}

@test "list: removing the last item removes the key" {
	edit_case 'quiet vfio-gpu.ids=10de:13d7 splash' 'quiet splash' remove vfio-gpu.ids=10de:13d7
	edit_case 'vfio-gpu.ids=10de:13d7,10de:0fbb quiet' 'quiet' remove vfio-gpu.ids=10de:0fbb,10de:13d7
}

@test "list: remove KEY without a value removes the whole key" {
	printf '%s\n' 'a vfio-gpu.ids=10de:13d7,10de:0fbb b vfio-gpu.ids=1002:67df' >"$K"
	run -0 vgc remove vfio-gpu.ids
	cmp "$K" - <<<'a b'
	run -0 vgc remove vfio-gpu.ids
	assert_line "vfio-gpu-cmdline: not set: vfio-gpu.ids"
}

@test "list: removing an item that is not there changes nothing" {
	printf '%s\n' 'vfio-gpu.ids=10de:13d7' >"$K"
	run -0 vgc remove vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: not set: vfio-gpu.ids=10de:1b81"
	cmp "$K" - <<<'vfio-gpu.ids=10de:13d7'
	assert_no_leftovers "$K"
}

@test "key=value replaces the value of the same key, in place" {
	edit_case 'quiet vfio_pci.disable_vga=0 splash' 'quiet vfio_pci.disable_vga=1 splash' add vfio_pci.disable_vga=1
	assert_line "vfio-gpu-cmdline: already set: vfio_pci.disable_vga=1"
}

@test "key=value given twice on the line collapses into the one asked for" {
	printf '%s\n' 'console=tty0 quiet console=ttyS0,115200' >"$K"
	run -0 vgc add console=ttyS1
	cmp "$K" - <<<'console=ttyS1 quiet'
}

@test "keys are matched exactly: a key that only starts the same is another key" {
	printf '%s\n' 'vfio-gpu.ids_extra=1 iommu=pt' >"$K"
	run -0 vgc add vfio-gpu.ids=10de:13d7 iommu.strict=1
	cmp "$K" - <<<'vfio-gpu.ids_extra=1 iommu=pt vfio-gpu.ids=10de:13d7 iommu.strict=1'
}

@test "a bare flag is added once and removed by name" {
	printf '%s\n' 'quiet' >"$K"
	run -0 vgc add vfio-gpu.debug
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.debug"
	cmp "$K" - <<<'quiet vfio-gpu.debug'
	run -0 vgc remove vfio-gpu.debug
	cmp "$K" - <<<'quiet'
}

@test "remove key=value only removes that exact value" {
	printf '%s\n' 'quiet vfio_pci.disable_vga=1' >"$K"
	run -0 vgc remove vfio_pci.disable_vga=0
	assert_line "vfio-gpu-cmdline: not set: vfio_pci.disable_vga=0"
	cmp "$K" - <<<'quiet vfio_pci.disable_vga=1'
	run -0 vgc remove vfio_pci.disable_vga
	cmp "$K" - <<<'quiet'
}

@test "a quoted value already on the line is kept whole" {
	edit_case 'dyndbg="file vfio.c +p" quiet' 'dyndbg="file vfio.c +p" quiet vfio-gpu.debug' add vfio-gpu.debug
	printf '%s\n' 'dyndbg="file vfio.c +p"   quiet' >"$K"
	run -0 vgc add quiet
	assert_line --partial "nothing to change"
	cmp "$K" - <<<'dyndbg="file vfio.c +p"   quiet'
}

@test "several arguments in one call, applied in order" {
	edit_case 'quiet' 'quiet vfio-gpu.ids=10de:13d7,10de:1b81 vfio-gpu.debug' add vfio-gpu.ids=10de:13d7 vfio-gpu.debug vfio-gpu.ids=10de:1b81
	edit_case 'quiet vfio-gpu.ids=10de:13d7,10de:1b81 vfio-gpu.debug' 'quiet' remove vfio-gpu.debug vfio-gpu.ids=10de:13d7 vfio-gpu.ids=10de:1b81
}
