#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Issue 18, the boot options helper's findings, each shown fixed on the run
# as a user would make it, under timeout(1) where the old code hung.
load helpers

setup() {
	common_setup
	grub_root
}

# The tool run directly (not through bats' run of a function), so that
# timeout(1) can bound it: an open that blocks ends the test, not the suite.
bounded() {
	# $VG_SH is a shell and maybe its argument ("busybox sh"): split on purpose.
	# shellcheck disable=SC2086
	timeout 10 env -i PATH="$STUBS:$SYSBIN" STUB_LOG="$LOG" VFIO_GPU_EARLY="$EARLY" \
		$VG_SH "$TOOL" --root "$R" "$@"
}

@test "a FIFO at cmdline.lock: refused at once, naming it (no open blocks before flock -w)" {
	mkdir -p "$R/run/vfio-gpu"
	mkfifo "$R/run/vfio-gpu/cmdline.lock"
	run -1 bounded add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: $R/run/vfio-gpu/cmdline.lock is not a plain file (a link, FIFO or directory): remove it; nothing changed"
	cmp "$G" "$FIX/grub.debian12"
}

@test "a directory at cmdline.lock: refused, naming it" {
	mkdir -p "$R/run/vfio-gpu/cmdline.lock"
	run -1 bounded add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: $R/run/vfio-gpu/cmdline.lock is not a plain file (a link, FIFO or directory): remove it; nothing changed"
}

@test "a lock another user may open (0666, owned by nobody) is made root's 0600 before it is held" {
	mkdir -p "$R/run/vfio-gpu"
	: >"$R/run/vfio-gpu/cmdline.lock"
	chmod 0666 "$R/run/vfio-gpu/cmdline.lock"
	chown 65534:65534 "$R/run/vfio-gpu/cmdline.lock"
	run -0 bounded add vfio-gpu.debug
	run stat -c '%a %u %g' "$R/run/vfio-gpu/cmdline.lock"
	assert_output "600 0 0"
}

@test "kernelstub's configuration with CRLF line endings: no carriage return in a token" {
	mkdir -p "$R/etc/kernelstub"
	sed 's/$/\r/' "$FIX/kernelstub.configuration" >"$R/etc/kernelstub/configuration"
	cp "$FIX/grub.popos" "$G"
	stub kernelstub
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output "quiet loglevel=0 systemd.show_status=false splash vfio-gpu.ids=10de:13d7"
	run -0 vgc add vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: running: kernelstub -a vfio-gpu.ids=10de:13d7,10de:1b81"
}
