#!/usr/bin/env bats
# A truncated or damaged .ko.gz. The binder only resolves modules under
# --root, so the decompressor itself is tested: build/faults/gunzip-check
# runs the sanitizer build's vg_gunzip() on a real gzip stream (gzip -9 of
# the static binder, an ELF file like a module), whole and damaged. A
# damaged stream must be refused, never half-loaded.

load helpers

CHECK=$TOP/build/faults/gunzip-check

setup() {
	T=$BATS_TEST_TMPDIR
	cp "$EARLY" "$T/mod.ko"
	gzip -9 -n -c "$T/mod.ko" >"$T/mod.ko.gz"
	SIZE=$(stat -c %s "$T/mod.ko.gz")
}

# cut N: the stream without its last N bytes.
cut_gz() {
	head -c $((SIZE - $1)) "$T/mod.ko.gz" >"$T/cut.gz"
}

@test "the whole stream decompresses to the original bytes" {
	run "$CHECK" "$T/mod.ko.gz" "$T/mod.ko"
	assert_output ok
}

@test "truncated by one byte (the size in the trailer): refused" {
	cut_gz 1
	run "$CHECK" "$T/cut.gz" "$T/mod.ko"
	assert_output "error: EINVAL"
}

@test "truncated before the trailer (CRC and size gone): refused" {
	cut_gz 8
	run "$CHECK" "$T/cut.gz" "$T/mod.ko"
	assert_output "error: EINVAL"
}

@test "truncated in the middle, and after the header only: refused" {
	cut_gz $((SIZE / 2))
	run "$CHECK" "$T/cut.gz" "$T/mod.ko"
	assert_output "error: EINVAL"
	head -c 10 "$T/mod.ko.gz" >"$T/cut.gz"
	run "$CHECK" "$T/cut.gz" "$T/mod.ko"
	assert_output "error: EINVAL"
}

@test "a flipped bit in the CRC: refused" {
	local off=$((SIZE - 8)) byte
	byte=$(od -An -tu1 -j "$off" -N1 "$T/mod.ko.gz" | tr -d ' ')
	cp "$T/mod.ko.gz" "$T/bad.gz"
	printf "$(printf '\\%03o' $((byte ^ 1)))" |
		dd of="$T/bad.gz" bs=1 seek="$off" conv=notrunc status=none
	run cmp -s "$T/mod.ko.gz" "$T/bad.gz"
	assert_failure
	run "$CHECK" "$T/bad.gz" "$T/mod.ko"
	assert_output "error: EINVAL"
}

@test "a bound below the image's size: EFBIG, not a cut image" {
	run "$CHECK" "$T/mod.ko.gz" "$T/mod.ko" $(($(stat -c %s "$T/mod.ko") - 1))
	assert_output "error: EFBIG"
	run "$CHECK" "$T/mod.ko.gz" "$T/mod.ko" "$(stat -c %s "$T/mod.ko")"
	assert_output ok
}
