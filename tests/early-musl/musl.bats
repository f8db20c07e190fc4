#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The musl build of the binder (make EARLY_LIBC=musl): what tests/early cannot
# say about it — that it is static, carries no decompressor (neither build does), and that `make EARLY_LIBC=musl install`
# needs no klibc and installs this binary, not the klibc one.

setup() {
	load '/usr/lib/bats/bats-support/load'
	load '/usr/lib/bats/bats-assert/load'
	TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
	BIN=$TOP/build/musl/vfio-gpu-early
}

@test "the musl binder is static, with no program interpreter" {
	run file "$BIN"
	assert_output --partial "statically linked"
	run readelf -l "$BIN"
	assert_success
	refute_output --partial INTERP
}

@test "neither binder carries zlib: compressed modules are the kernel's or the hooks' to unpack" {
	# zlib's own message for a bad gzip header marks its inflate code.
	run strings "$TOP/early/vfio-gpu-early"
	refute_output --partial "incorrect header check"
	run strings "$BIN"
	refute_output --partial "incorrect header check"
}

@test "make EARLY_LIBC=musl install works with no klibc and installs the musl binder" {
	dest=$BATS_TEST_TMPDIR/dest
	run make -s -C "$TOP" EARLY_LIBC=musl KLCC=/nonexistent/klcc install DESTDIR="$dest"
	assert_success
	strip -o "$BATS_TEST_TMPDIR/musl-stripped" "$BIN"
	run cmp "$BATS_TEST_TMPDIR/musl-stripped" "$dest/usr/sbin/vfio-gpu-early"
	assert_success
	run make -s -C "$TOP" EARLY_LIBC=musl uninstall DESTDIR="$dest"
	assert_success
	run test -e "$dest/usr/sbin/vfio-gpu-early"
	assert_failure
}

@test "an unknown EARLY_LIBC is refused" {
	run make -s -C "$TOP" -n EARLY_LIBC=dietlibc all
	assert_failure
	assert_output --partial "EARLY_LIBC must be klibc or musl"
}
