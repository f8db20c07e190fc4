# SPDX-License-Identifier: GPL-2.0-or-later
# helpers.bash - shared setup of the fault tests: a private copy of the QEMU
# machine's real sysfs capture per test, the two binaries under test, and
# checks of what a run wrote into the fake root.
#   EARLY  the shipped static klibc binder (real faults: permissions, loops,
#          oversized files, broken modules.dep, files that vanish)
#   SAN    the ASan+UBSan build with VG_TEST_HOOKS, whose .vg-faults file fakes
#          the errors a fake root of regular files cannot produce (EBUSY,
#          ENODEV from a sysfs store)
# The names set here are read by the .bats files that load this (SC2034);
# bats itself sets $stderr and $output (SC2154).
# shellcheck disable=SC2034,SC2154

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
EARLY=${VG_EARLY:-$TOP/early/vfio-gpu-early}
SAN=${VG_SAN:-$TOP/build/san/vfio-gpu-early}
Q35=$TOP/tests/fixtures/qemu-q35/root
# On the capture, 8086:293e (HDA audio) selects group 7 (0000:01:00.0-2:
# VGA, audio, xHCI) and group 8 (0000:02:00.0-1: VGA, audio).
SEL=vfio-gpu.ids=8086:293e
GROUP7="0000:01:00.0 0000:01:00.1 0000:01:00.2"
GROUP8="0000:02:00.0 0000:02:00.1"

# new_root: $R, a copy of the capture in a directory that user nobody can
# traverse (bats' own temporary directories are private to root).
new_root() {
	W=$(mktemp -d /tmp/vg-faults.XXXXXX)
	chmod 755 "$W"
	R=$W/root
	mkdir "$R"
	cp -a "$Q35/." "$R/"
	DEV=$R/sys/bus/pci/devices
	MODS=$(echo "$R"/lib/modules/*)
}

drop_root() {
	[ -z "${W:-}" ] || rm -rf "$W"
}

# as_nobody CMD...: run with uid/gid 65534 and no groups, so that file modes
# apply (root ignores them).
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root to switch to user nobody"
}

# claimed ADDR...: each function's driver_override holds vfio-pci.
claimed() {
	local a
	for a in "$@"; do
		run cat "$DEV/$a/driver_override"
		assert_output vfio-pci
	done
}

# untouched ADDR...: each function's driver_override is as the kernel left it.
untouched() {
	local a
	for a in "$@"; do
		run cat "$DEV/$a/driver_override"
		assert_output '(null)'
	done
}

# binder BIN ARGS...: run it on $R with the selection, stderr apart.
binder() {
	local bin=$1
	shift
	run --separate-stderr "$bin" --root "$R" "$@"
}

# use_stderr, assert_stderr, refute_stderr: tests/lib/stderr.bash.
# shellcheck source=tests/lib/stderr.bash
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stderr.bash"
