#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The helper splits every line it edits with the binder's tokeniser
# (vfio-gpu-early --split), never with one of its own: what follows a lone
# "--" is init's, not a boot option; the kernel's blanks are the binder's.
load helpers

setup() {
	common_setup
	sdboot_root
}

@test "a token after a lone -- is init's: add puts the option before the --, not 'already set'" {
	printf 'root=/dev/sda2 quiet -- vfio-gpu.ids=10de:1e87\n' >"$K"
	run -0 vgc add vfio-gpu.ids=10de:1e87
	refute_output --partial "already set"
	printf 'root=/dev/sda2 quiet vfio-gpu.ids=10de:1e87 -- vfio-gpu.ids=10de:1e87\n' >"$BATS_TEST_TMPDIR/want"
	cmp "$K" "$BATS_TEST_TMPDIR/want"
}

@test "after a lone --: remove finds nothing to remove, set leaves init's part alone" {
	printf 'quiet vfio-gpu.debug -- vfio-gpu.debug single\n' >"$K"
	run -0 vgc set vfio-gpu.ids=10de:1e87
	printf 'quiet vfio-gpu.ids=10de:1e87 -- vfio-gpu.debug single\n' >"$BATS_TEST_TMPDIR/want"
	cmp "$K" "$BATS_TEST_TMPDIR/want"
	printf 'quiet -- vfio-gpu.debug\n' >"$K"
	run -0 vgc remove vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: not set: vfio-gpu.debug"
	assert_line --partial "nothing to change"
}

@test "GRUB: a -- in GRUB_CMDLINE_LINUX makes all of _DEFAULT init's" {
	G=$R/etc/default/grub
	printf 'GRUB_CMDLINE_LINUX="ro -- x"\nGRUB_CMDLINE_LINUX_DEFAULT="vfio-gpu.ids=10de:1e87"\n' >"$G"
	stub update-grub
	run -0 vgc --backend grub add vfio-gpu.ids=10de:10f8
	refute_output --partial "already set"
	printf 'GRUB_CMDLINE_LINUX="ro vfio-gpu.ids=10de:10f8 -- x"\nGRUB_CMDLINE_LINUX_DEFAULT="vfio-gpu.ids=10de:1e87"\n' >"$BATS_TEST_TMPDIR/want"
	cmp "$G" "$BATS_TEST_TMPDIR/want"
}

@test "the kernel's blanks are the binder's: a no-break space separates tokens" {
	printf 'quiet\240vfio-gpu.debug\n' >"$K"
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.debug"
}

@test "grubby: a -- and init's part are one unit of the diff, never split into options" {
	printf 'ro quiet -- single\n' >"$BATS_TEST_TMPDIR/grubby.args"
	mkdir -p "$R/boot/loader/entries"
	stub grubby
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: running: grubby --update-kernel=ALL '--remove-args=-- single' '--args=vfio-gpu.debug -- single'"
	run cat "$BATS_TEST_TMPDIR/grubby.args"
	assert_output "ro quiet vfio-gpu.debug -- single"
}

@test "no binder: an edit is refused (it splits lines with the binder), nothing written" {
	printf 'quiet vfio-gpu.debug\n' >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/before"
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/missing run -1 vgc remove vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: cannot read the command line as the kernel does: $BATS_TEST_TMPDIR/missing is missing or not executable; install vfio-gpu-early (or set VFIO_GPU_EARLY to its path); nothing changed"
	cmp "$K" "$BATS_TEST_TMPDIR/before"
}

@test "a binder older than --split: refused, said so, nothing written" {
	printf 'quiet\n' >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/before"
	printf '#!/bin/sh\n[ "$1" = --validate ] && { shift; for a; do echo "ok $a"; done; exit 0; }\necho "usage: vfio-gpu-early ..." >&2\nexit 2\n' >"$BATS_TEST_TMPDIR/early"
	chmod +x "$BATS_TEST_TMPDIR/early"
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/early run -1 vgc add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: '$BATS_TEST_TMPDIR/early --split' failed with status 2 (a vfio-gpu-early older than --split?): usage: vfio-gpu-early ...; nothing changed"
	cmp "$K" "$BATS_TEST_TMPDIR/before"
}
