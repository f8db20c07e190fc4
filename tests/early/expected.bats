#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Expected plans beside the fixtures (kmod's correct.txt habit), compared
# byte for byte with the binder's --dry-run:
#   tests/fixtures/CASE/expected-dry-run.txt   the root's own proc/cmdline
#   tests/fixtures/CASE/expected/NAME.cmdline  a command line (one file), and
#   tests/fixtures/CASE/expected/NAME.txt      the plan it gives
# The exit status follows from the plan (SPEC: 1 with a bad, refuse or
# error line, else 0). A new case is a new pair of files.

load helpers

# check_case CASE CMDLINE-FILE|"" EXPECTED
check_case() {
	local root=$BATS_FILE_TMPDIR/$1 want=0
	[ -d "$root" ] || make_root "$1" "$root"
	if grep -qE '^(bad|refuse|error) ' "$3"; then
		want=1
	fi
	if [ -n "$2" ]; then
		run --separate-stderr "$BIN" --root "$root" --cmdline "$(cat "$2")" --dry-run
	else
		run --separate-stderr "$BIN" --root "$root" --dry-run
	fi
	assert_equal "$status" "$want"
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/got"
	[ -n "$output" ] || : >"$BATS_TEST_TMPDIR/got"
	run diff -u "$3" "$BATS_TEST_TMPDIR/got"
	assert_success
}

@test "every fixture's expected-dry-run.txt is the plan of its own command line" {
	local n=0 f c
	for f in "$FIXTURES"/*/expected-dry-run.txt; do
		c=$(basename "$(dirname "$f")")
		check_case "$c" "" "$f"
		n=$((n + 1))
	done
	assert [ "$n" -ge 2 ]
}

@test "every fixture's expected/NAME.txt is the plan of expected/NAME.cmdline" {
	local n=0 f c
	for f in "$FIXTURES"/*/expected/*.cmdline; do
		c=$(basename "$(dirname "$(dirname "$f")")")
		check_case "$c" "$f" "${f%.cmdline}.txt"
		n=$((n + 1))
	done
	assert [ "$n" -ge 6 ]
}

@test "a plan that differs from its expected file by one byte fails the comparison" {
	local f=$BATS_TEST_TMPDIR/expected.txt
	sed 's/by=addrs/by=addr/' "$FIXTURES/gpu-server/expected-dry-run.txt" >"$f"
	run check_case gpu-server "" "$f"
	assert_failure
}
