#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# show --cmdline-only: the machine-readable form that vfio-gpu plan and check
# read. Exactly one line on stdout, the line a normal boot entry gets, for
# every back end; nothing on stdout when it fails; usage errors elsewhere.
load helpers

setup() {
	common_setup
	G=$R/etc/default/grub
}

# Stdout alone must be the one line: warnings may go to stderr only.
only_line() { # WANT ARGS...
	local want=$1
	shift
	run -0 --separate-stderr vgc "$@" show --cmdline-only
	assert_output "$want"
	[ "${#lines[@]}" -eq 1 ]
}

@test "grub: GRUB_CMDLINE_LINUX then GRUB_CMDLINE_LINUX_DEFAULT, as show's cmdline: line" {
	cp "$FIX/grub.popos" "$G"
	only_line "quiet splash quiet splash loglevel=0 systemd.show_status=false"
	run -0 vgc show
	assert_line "cmdline: quiet splash quiet splash loglevel=0 systemd.show_status=false"
	cp "$FIX/grub.debian12.added" "$G"
	only_line "vfio-gpu.ids=10de:1b81,10de:10f0 intel_iommu=on quiet"
}

@test "grub: an empty GRUB_CMDLINE_LINUX or DEFAULT leaves no stray space; both empty is one empty line" {
	printf 'GRUB_CMDLINE_LINUX=""\nGRUB_CMDLINE_LINUX_DEFAULT="quiet"\n' >"$G"
	only_line "quiet"
	printf 'GRUB_CMDLINE_LINUX="vfio-gpu.groups=8"\n' >"$G"
	only_line "vfio-gpu.groups=8"
	printf 'GRUB_TIMEOUT=5\n' >"$G"
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output ""
	# still one line: an empty one, so a reader can tell it from no output
	[ "$(vgc show --cmdline-only | wc -l)" -eq 1 ]
}

@test "grub: update-grub need not exist, and the option may come first" {
	cp "$FIX/grub.ubuntu2204" "$G"
	[ ! -e "$STUBS/update-grub" ]
	# shellcheck disable=SC2086
	run -0 --separate-stderr env -i PATH="$STUBS:$SYSBIN" $VG_SH "$TOOL" --cmdline-only --root="$R" show
	assert_output "quiet splash"
}

@test "grub: grub.d drop-ins are read, the last assignment of each variable wins" {
	cp "$FIX/grub.ubuntu2404" "$G"
	mkdir -p "$R/etc/default/grub.d"
	echo 'GRUB_CMDLINE_LINUX="console=ttyS0"' >"$R/etc/default/grub.d/50-cloudimg-settings.cfg"
	only_line "console=ttyS0 quiet splash"
	cp "$FIX/grub.d.50-cloudimg-settings.cfg" "$R/etc/default/grub.d/50-cloudimg-settings.cfg"
	echo 'GRUB_CMDLINE_LINUX="rootdelay=5"' >"$R/etc/default/grub.d/10-first.cfg"
	only_line "rootdelay=5 console=tty1 console=ttyS0"
	run -0 vgc show
	assert_line "GRUB_CMDLINE_LINUX from: $R/etc/default/grub.d/10-first.cfg:1"
	assert_line "GRUB_CMDLINE_LINUX_DEFAULT from: $R/etc/default/grub.d/50-cloudimg-settings.cfg:11"
}

@test "systemd-boot, kernelstub and grubby: the same line as show's cmdline:" {
	mkdir -p "$R/etc/kernel" "$R/boot/efi/loader" "$R/etc/kernelstub" "$R/boot/loader/entries"
	: >"$R/boot/efi/loader/loader.conf"
	printf 'root=/dev/sda1\n  quiet\n' >"$R/etc/kernel/cmdline"
	only_line "root=/dev/sda1 quiet"
	cp "$FIX/kernelstub.configuration" "$R/etc/kernelstub/configuration"
	stub kernelstub
	only_line "quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7"
	stub grubby
	only_line "ro crashkernel=1G-4G:192M,4G-64G:256M,64G-:512M resume=/dev/mapper/cs-swap rd.lvm.lv=cs/root rd.lvm.lv=cs/swap rhgb quiet"
	only_line "root=/dev/sda1 quiet" --backend systemd-boot
}

@test "no back end: exit 1, the usual error, nothing on stdout" {
	run -1 --separate-stderr vgc show --cmdline-only
	assert_output ""
	[[ $stderr == "vfio-gpu-cmdline: error: no boot loader configuration found"* ]]
}

@test "an unreadable GRUB_CMDLINE_LINUX_DEFAULT: exit 1, nothing on stdout" {
	printf 'GRUB_CMDLINE_LINUX="quiet"\nGRUB_CMDLINE_LINUX_DEFAULT="$X splash"\n' >"$G"
	run -1 --separate-stderr vgc show --cmdline-only
	assert_output ""
	[[ $stderr == *"GRUB_CMDLINE_LINUX_DEFAULT uses shell expansion"* ]]
	stub grubby
	mkdir -p "$R/boot/loader/entries"
	STUB_FAIL=grubby run -1 --separate-stderr vgc show --cmdline-only
	assert_output ""
}

@test "--cmdline-only goes with show only (usage, exit 2), and --help names it" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	run -2 vgc --cmdline-only add quiet
	assert_line "vfio-gpu-cmdline: error: --cmdline-only goes with show"
	run -2 vgc remove quiet --cmdline-only
	assert_line "vfio-gpu-cmdline: error: --cmdline-only goes with show"
	cmp "$G" "$FIX/grub.debian12"
	assert_calls ""
	run -0 vgc --help
	assert_line --partial "show [--cmdline-only]"
	assert_line --regexp "^ +--cmdline-only +show: print only the command line"
}
