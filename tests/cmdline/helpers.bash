# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for the vfio-gpu-cmdline tests: one fake root per test, the
# stand-in boot tools of tests/cmdline/stubs that record their arguments, and a
# PATH that holds only those and the few real utilities the tool needs, so that
# back-end detection sees exactly what the test put there. The tool runs under
# dash to prove it is POSIX sh, or under the shell in VG_SH (tests/suites/
# 40-cmdline runs the suite a second time with VG_SH="busybox sh"). It
# validates its arguments with the binder of this tree (make builds it).
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
# VG_TOOL: run the suite against another copy (e.g. an older one, to see a test fail).
TOOL=${VG_TOOL:-$TOP/kernel-cmdline/vfio-gpu-cmdline}
EARLY=$TOP/early/vfio-gpu-early
VG_SH=${VG_SH:-/bin/dash}
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
	for t in awk sed cat cp mv rm mktemp diff grep tr tail basename dirname cmp sync readlink flock mkdir stat chmod chown id; do
		ln -s "$(command -v "$t")" "$SYSBIN/$t"
	done
	cp "$FIX/cpuinfo.intel" "$R/proc/cpuinfo"
}

# sdboot_root: ROOT boots with systemd-boot and kernel-install (an ESP's
# loader.conf, /etc/kernel/ for the line in K, kernel-install stubbed), the
# back end most of these tests edit through.
# grub_root: ROOT boots with GRUB (Debian 12's /etc/default/grub in G,
# update-grub stubbed).
# shellcheck disable=SC2034 # G is read by the .bats files that call this
grub_root() {
	G=$R/etc/default/grub
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
}

# shellcheck disable=SC2034 # K is read by the .bats files that call this
sdboot_root() {
	K=$R/etc/kernel/cmdline
	mkdir -p "$R/etc/kernel" "$R/boot/efi/loader"
	: >"$R/boot/efi/loader/loader.conf"
	stub kernel-install
}

# Put stand-ins for the named commands first on PATH.
stub() {
	for n in "$@"; do
		case $n in
		grubby | kernelstub | rpm-ostree) ln -s "$STUB_SRC/$n" "$STUBS/$n" ;;
		*) ln -s "$STUB_SRC/record" "$STUBS/$n" ;;
		esac
	done
}

# Run the tool on the fake root with a clean environment (TMPDIR kept when
# a test sets it).
vgc() {
	# $VG_SH is a shell and maybe its argument ("busybox sh"): split on purpose.
	# shellcheck disable=SC2086
	env -i PATH="$STUBS:$SYSBIN" STUB_LOG="$LOG" STUB_FAIL="${STUB_FAIL:-}" \
		STUB_FAIL_CALL="${STUB_FAIL_CALL:-}" KERNELSTUB_NOOP="${KERNELSTUB_NOOP:-}" \
		KERNELSTUB_CONFIG="$R/etc/kernelstub/configuration" \
		GRUBBY_INFO="$FIX/grubby-info.centos9" GRUBBY_STATE="$BATS_TEST_TMPDIR/grubby.args" \
		VFIO_GPU_EARLY="${VFIO_GPU_EARLY-$EARLY}" ${TMPDIR:+TMPDIR="$TMPDIR"} \
		$VG_SH "$TOOL" --root "$R" "$@"
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
