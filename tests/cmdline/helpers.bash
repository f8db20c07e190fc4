# Shared set-up for the vfio-gpu-cmdline tests: one fake root per test, the
# stand-in boot tools of tests/cmdline/stubs that record their arguments, and a
# PATH that holds only those and the few real utilities the tool needs, so that
# back-end detection sees exactly what the test put there. The tool runs under
# dash to prove it is POSIX sh.
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
TOOL=$TOP/kernel-cmdline/vfio-gpu-cmdline
FIX=$TOP/tests/fixtures/cmdline
STUB_SRC=$TOP/tests/cmdline/stubs

common_setup() {
	bats_require_minimum_version 1.5.0
	R=$BATS_TEST_TMPDIR/root
	STUBS=$BATS_TEST_TMPDIR/stubs
	SYSBIN=$BATS_TEST_TMPDIR/sysbin
	LOG=$BATS_TEST_TMPDIR/calls
	mkdir -p "$R/etc/default" "$R/proc" "$STUBS" "$SYSBIN"
	: >"$LOG"
	for t in awk sed cat cp mv rm mktemp diff grep tr tail basename dirname; do
		ln -s "$(command -v "$t")" "$SYSBIN/$t"
	done
	cp "$FIX/cpuinfo.intel" "$R/proc/cpuinfo"
}

# Put stand-ins for the named commands first on PATH.
stub() {
	for n in "$@"; do
		case $n in
		grubby) ln -s "$STUB_SRC/grubby" "$STUBS/grubby" ;;
		*) ln -s "$STUB_SRC/record" "$STUBS/$n" ;;
		esac
	done
}

# Run the tool on the fake root with a clean environment.
vgc() {
	env -i PATH="$STUBS:$SYSBIN" STUB_LOG="$LOG" STUB_FAIL="${STUB_FAIL:-}" \
		GRUBBY_INFO="$FIX/grubby-info.centos9" GRUBBY_STATE="$BATS_TEST_TMPDIR/grubby.args" \
		/bin/dash "$TOOL" --root "$R" "$@"
}

# The recorded calls, compared exactly.
assert_calls() {
	run cat "$LOG"
	assert_output "$1"
}

# No backup and no temporary file beside FILE.
assert_no_leftovers() {
	run ls -A "$(dirname "$1")"
	assert_output "$(basename "$1")"
}
