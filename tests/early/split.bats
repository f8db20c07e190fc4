#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu-early --split: the kernel's tokeniser for the shell parts of the
# product (vfio-gpu-cmdline splits every line through it). Each token is a
# "raw" line (as written) and an "arg" line (as the kernel passes it); a lone
# "--" is a line of its own, init's part after it one "init" line.

load helpers

@test "--split: blanks separate, quotes group and are removed from the arg" {
	run --separate-stderr "$BIN" --split 'quiet  vfio-gpu.ids="10de:1e87,10de:10f8" "a=b c"	x=""'
	assert_success
	assert_output 'raw quiet
arg quiet
raw vfio-gpu.ids="10de:1e87,10de:10f8"
arg vfio-gpu.ids=10de:1e87,10de:10f8
raw "a=b c"
arg a=b c
raw x=""
arg x='
}

@test "--split: the token after a lone -- goes to init, not to the kernel" {
	run --separate-stderr "$BIN" --split -- 'root=/dev/sda2 -- vfio-gpu.ids=10de:1e87  single '
	assert_success
	assert_output 'raw root=/dev/sda2
arg root=/dev/sda2
--
init vfio-gpu.ids=10de:1e87  single'
	# A quoted "--" ends the kernel's part too; a "--foo" does not.
	run --separate-stderr "$BIN" --split 'a "--" b'
	assert_output 'raw a
arg a
--
init b'
	run --separate-stderr "$BIN" --split 'a --foo'
	assert_output 'raw a
arg a
raw --foo
arg --foo'
	run --separate-stderr "$BIN" --split 'a --'
	assert_output 'raw a
arg a
--'
}

@test "--split: the kernel's blanks (carriage return, NBSP) are never in a token" {
	run --separate-stderr "$BIN" --split "$(printf 'a=1\r b=2\302\240c\240d\r')"
	assert_success
	# \302 is not a blank (the kernel is Latin-1), \240 (NBSP) is.
	assert_output "$(printf 'raw a=1\narg a=1\nraw b=2\302\narg b=2\302\nraw c\narg c\nraw d\narg d')"
}

@test "--split: an empty line has no token; a newline inside quotes is refused" {
	run --separate-stderr "$BIN" --split ''
	assert_success
	assert_output ''
	run --separate-stderr "$BIN" --split "$(printf 'a "b\nc" d')"
	assert_failure 1
	assert_output ''
	assert_equal "$stderr" "vfio-gpu-early: --split: token 2 holds a newline inside quotes; it cannot be printed as one line"
	# A newline outside quotes is a blank like any other.
	run --separate-stderr "$BIN" --split "$(printf 'a\nb')"
	assert_output "$(printf 'raw a\narg a\nraw b\narg b')"
}

@test "--split takes exactly one LINE" {
	run --separate-stderr "$BIN" --split
	assert_failure 2
	run --separate-stderr "$BIN" --split a b
	assert_failure 2
	run --separate-stderr "$BIN" --split -- -x
	assert_success
	assert_output 'raw -x
arg -x'
}
