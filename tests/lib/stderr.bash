# SPDX-License-Identifier: GPL-2.0-or-later
# tests/lib/stderr.bash - bats-assert on a run's stderr, for the suites whose
# programs log there (sourced by tests/early, tests/faults and tests/host's
# helpers.bash, after bats-assert is loaded).
# bats sets $stderr and $output (SC2154); $lines is read by bats-assert (SC2034).
# shellcheck shell=bash disable=SC2154,SC2034

# use_stderr: after `run --separate-stderr`, make the run's stderr what
# bats-assert checks (output and lines), so that assert_line, assert_output
# --partial and refute_line apply to the log.
use_stderr() {
	output=$stderr
	mapfile -t lines <<<"$stderr"
}

# assert_stderr / refute_stderr ARGS...: assert_output / refute_output
# (bats-assert, same options) applied to the last run's stderr.
assert_stderr() {
	local out=$output
	output=$stderr
	assert_output "$@"
	output=$out
}
refute_stderr() {
	local out=$output
	output=$stderr
	refute_output "$@"
	output=$out
}
