# SPDX-License-Identifier: GPL-2.0-or-later
# helpers.bash - shared setup for the vfio-gpu-early fake-root tests.
# VFIO_GPU_EARLY selects the binary under test: the static klibc build by
# default, the ASan/UBSan host build in suite 21-early-san.
# The names set here are read by the .bats files that load this (SC2034);
# bats itself sets $stderr and $output (SC2154).
# shellcheck disable=SC2034,SC2154

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
FIXTURES=$TOP/tests/fixtures
BIN=${VFIO_GPU_EARLY:-$TOP/early/vfio-gpu-early}

# make_root NAME DIR: the fixture's committed files, plus its sysfs devices
# built by mkroot when it has a description (tests/fixtures/NAME/devices).
make_root() {
	mkdir -p "$2"
	cp -a "$FIXTURES/$1/root/." "$2/"
	if [ -f "$FIXTURES/$1/devices" ]; then
		"$FIXTURES/mkroot" "$FIXTURES/$1/devices" "$2"
	fi
}

# dry ROOT CMDLINE...: run the binder's --dry-run on ROOT.
dry() {
	local root=$1
	shift
	run --separate-stderr "$BIN" --root "$root" --cmdline "$*" --dry-run
}

# real ROOT CMDLINE...: a run that writes (into the fake root).
real() {
	local root=$1
	shift
	run --separate-stderr "$BIN" --root "$root" --cmdline "$*"
}

# The six load lines of Debian 6.1's vfio set, dependencies first.
LOADS_61="load vfio path=kernel/drivers/vfio/vfio.ko args=''
load vfio_iommu_type1 path=kernel/drivers/vfio/vfio_iommu_type1.ko args=''
load vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko args=''
load irqbypass path=kernel/virt/lib/irqbypass.ko args=''
load vfio_pci_core path=kernel/drivers/vfio/pci/vfio-pci-core.ko args=''
load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"

# assert_probed ROOT ADDR...: drivers_probe was written with each ADDR in
# order. A write truncates, as in sysfs, so the file holds the last one; the
# sanitizer build (VG_TEST_HOOKS) also logs every write to ROOT/.vg-writes,
# where the whole sequence is checked. No ADDR: never written.
assert_probed() {
	local root=$1 last=""
	shift
	[ $# -eq 0 ] || last=${*: -1}
	run cat "$root/sys/bus/pci/drivers_probe"
	assert_output "$last"
	if [ -f "$root/.vg-writes" ]; then
		run awk '$1 == "/sys/bus/pci/drivers_probe" { print $2 }' "$root/.vg-writes"
		assert_output "$(printf '%s\n' "$@" | sed '/^$/d')"
	fi
}

# use_stderr, assert_stderr, refute_stderr: tests/lib/stderr.bash.
# shellcheck source=tests/lib/stderr.bash
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stderr.bash"

# make_real_root NAME DIR: a root for a published real listing
# (tests/fixtures/real/NAME/devices), on the shared tree of
# tests/fixtures/real/root (a kernel with vfio built in: no load lines).
make_real_root() {
	mkdir -p "$2"
	cp -a "$FIXTURES/real/root/." "$2/"
	"$FIXTURES/mkroot" "$FIXTURES/real/$1/devices" "$2"
}

# case_field NAME CASE FIELD: the FIELD line of a case in
# tests/fixtures/real/NAME/cases ("cmdline" or "status"); FIELD "plan": its
# claim/skip/refuse/error lines.
case_field() {
	awk -v c="$2" -v f="$3" '
		$1 == "case" { on = ($2 == c); next }
		on && $1 == "end" { exit }
		on && f == "plan" && $1 ~ /^(claim|skip|refuse|error)$/ { print; next }
		on && $1 == f { sub(/^[a-z]+ /, ""); print }' "$FIXTURES/real/$1/cases"
}

# real_case NAME CASE: run the case's command line on the listing's root and
# compare the plan (its claim/skip/refuse/error lines, in order) and then the
# dry run's exit status with the case's.
real_case() {
	local root=$BATS_FILE_TMPDIR/$1 want_status rc plan
	grep -q "^case $2\$" "$FIXTURES/real/$1/cases" || fail "no case $2 in tests/fixtures/real/$1/cases"
	[ -d "$root" ] || make_real_root "$1" "$root"
	want_status=$(case_field "$1" "$2" status)
	run --separate-stderr "$BIN" --root "$root" --cmdline "$(case_field "$1" "$2" cmdline)" --dry-run
	rc=$status
	plan=$(printf '%s\n' "$output" | grep -E '^(claim|skip|refuse|error) ')
	run printf '%s' "$plan"
	assert_output "$(case_field "$1" "$2" plan)"
	[ "$rc" -eq "$want_status" ] || fail "exit status $rc, expected $want_status"
}
