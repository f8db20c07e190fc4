#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# make install / uninstall of the helper and its man page, through
# kernel-cmdline/cmdline.mk with the top-level Makefile's variables.
load helpers

# The top-level Makefile's settings, without its build of the early binary:
# this tests cmdline.mk's rules alone.
mk() {
	cat >"$BATS_TEST_TMPDIR/Makefile" <<'MK'
PREFIX  ?= /usr
SBINDIR ?= $(PREFIX)/sbin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
DESTDIR ?=
INSTALL ?= install
install::
uninstall::
include kernel-cmdline/cmdline.mk
MK
	make --no-print-directory -C "$TOP" -f "$BATS_TEST_TMPDIR/Makefile" "$@"
}

setup() {
	bats_require_minimum_version 1.5.0
	D=$BATS_TEST_TMPDIR/dest
}

@test "install puts the command (755) and the man page (644) under DESTDIR" {
	run -0 mk install DESTDIR="$D"
	run -0 stat -c '%a %n' "$D/usr/sbin/vfio-gpu-cmdline" "$D/usr/share/man/man8/vfio-gpu-cmdline.8"
	assert_output "755 $D/usr/sbin/vfio-gpu-cmdline
644 $D/usr/share/man/man8/vfio-gpu-cmdline.8"
	cmp "$D/usr/sbin/vfio-gpu-cmdline" "$TOOL"
	cmp "$D/usr/share/man/man8/vfio-gpu-cmdline.8" "$TOP/man/vfio-gpu-cmdline.8"
}

@test "PREFIX moves both, and the helper looks for vfio-gpu-early there" {
	run -0 mk install DESTDIR="$D" PREFIX=/usr/local
	[ -x "$D/usr/local/sbin/vfio-gpu-cmdline" ]
	[ -f "$D/usr/local/share/man/man8/vfio-gpu-cmdline.8" ]
	run -0 grep -x 'vfio_gpu_sbindir=/usr/local/sbin' "$D/usr/local/sbin/vfio-gpu-cmdline"
	run -1 grep -x 'vfio_gpu_sbindir=/usr/sbin' "$D/usr/local/sbin/vfio-gpu-cmdline"
	# Only that line differs from the source.
	run -1 diff "$TOOL" "$D/usr/local/sbin/vfio-gpu-cmdline"
	assert_output --partial "> vfio_gpu_sbindir=/usr/local/sbin"
	assert_equal "$(printf '%s\n' "$output" | grep -c '^[<>]')" 2
}

@test "the installed helper finds the installed binder, and refuses without it" {
	run -0 mk install SBINDIR="$D/sbin" MANDIR="$D/man"
	mkdir -p "$BATS_TEST_TMPDIR/etc/kernel"
	echo quiet >"$BATS_TEST_TMPDIR/etc/kernel/cmdline"
	run -1 env -u VFIO_GPU_EARLY "$D/sbin/vfio-gpu-cmdline" --root "$BATS_TEST_TMPDIR" --dry-run add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: cannot validate the arguments: $D/sbin/vfio-gpu-early is missing or not executable; install vfio-gpu-early (or set VFIO_GPU_EARLY to its path); nothing changed"
	cp "$EARLY" "$D/sbin/vfio-gpu-early"
	run -2 env -u VFIO_GPU_EARLY "$D/sbin/vfio-gpu-cmdline" --root "$BATS_TEST_TMPDIR" --dry-run add vfio-gpu.idz=1
	assert_line "vfio-gpu-cmdline: error: invalid argument 'vfio-gpu.idz=1': unknown-parameter (vfio-gpu-early --validate)"
}

@test "uninstall removes exactly what install put there" {
	run -0 mk install DESTDIR="$D"
	: >"$D/usr/share/man/man8/other.8"
	run -0 mk uninstall DESTDIR="$D"
	run find "$D" -type f
	assert_output "$D/usr/share/man/man8/other.8"
}

@test "the man page renders without warnings" {
	run -0 groff -man -ww -z "$TOP/man/vfio-gpu-cmdline.8"
	assert_output ""
}

@test "the top-level Makefile includes cmdline.mk" {
	run -0 make --no-print-directory -C "$TOP" -n -p install DESTDIR="$D"
	assert_output --partial "kernel-cmdline/vfio-gpu-cmdline >$D/usr/sbin/vfio-gpu-cmdline"
}
