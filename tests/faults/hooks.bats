#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Faults a fake root of regular files cannot produce for real: a sysfs store
# that fails (EBUSY from a busy device, ENODEV from a device being removed,
# EACCES from a lockdown LSM even for root) and reads that fail with EIO. The
# ASan+UBSan build (build/san/vfio-gpu-early, VG_TEST_HOOKS) reads the fake
# root's .vg-faults: "write|read PATH-SUFFIX ERRNO" makes that operation fail
# with that errno, and "kernel" makes unbind and drivers_probe move the
# driver links as the kernel does (lib/sysfs.c). Each test: the failure is
# named (device and errno text), every other device is handled, a group that
# could not be claimed whole is counted failed in the summary (SPEC "What
# gets claimed" 6: at boot the others keep their override), the run exits 0,
# and the sanitizers saw no error on the failure paths (they abort the run).

load helpers

setup() {
	new_root
	echo kernel >"$R/.vg-faults"
}

teardown() {
	drop_root
}

# fault OP SUFFIX ERRNO...: append lines to the root's .vg-faults.
fault() {
	printf '%s %s %s\n' "$1" "$2" "$3" >>"$R/.vg-faults"
}

# summary CLAIMED GROUPS REFUSED FAILED: the run's last log line.
summary() {
	local failed=""
	[ "$4" = 0 ] || failed=", failed $4 group\\(s\\)"
	assert_regex "${stderr##*$'\n'}" "^vfio-gpu: claimed $1 device\\(s\\) in $2 group\\(s\\), refused $3 group\\(s\\)$failed in [0-9]+ ms \\(parse [0-9]+ ms, scan [0-9]+ ms, modules [0-9]+ ms, bind [0-9]+ ms\\)\$"
}

@test "driver_override EBUSY: named, the group counted failed, the others keep their override" {
	fault write 0000:01:00.1/driver_override 16
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	assert_line "vfio-gpu: error: 0000:01:00.1: cannot write driver_override: Device or resource busy"
	summary 4 1 0 1
	claimed 0000:01:00.0 0000:01:00.2 0000:02:00.0 0000:02:00.1
	untouched 0000:01:00.1
}

@test "driver_override ENODEV: named, its group failed, the other group claimed" {
	fault write 0000:02:00.0/driver_override 19
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	assert_line "vfio-gpu: error: 0000:02:00.0: cannot write driver_override: No such device"
	summary 4 1 0 1
	# shellcheck disable=SC2086
	claimed $GROUP7 0000:02:00.1
	untouched 0000:02:00.0
}

@test "driver_override EACCES for root: named, its group failed" {
	fault write 0000:01:00.2/driver_override 13
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	assert_line "vfio-gpu: error: 0000:01:00.2: cannot write driver_override: Permission denied"
	summary 4 1 0 1
	# shellcheck disable=SC2086
	claimed 0000:01:00.0 0000:01:00.1 $GROUP8
	untouched 0000:01:00.2
}

@test "device gone before its claim (ENOENT on driver_override): named, its group failed" {
	fault write 0000:02:00.1/driver_override 2
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	assert_line "vfio-gpu: error: 0000:02:00.1: cannot write driver_override: No such file or directory"
	summary 4 1 0 1
	# shellcheck disable=SC2086
	claimed $GROUP7 0000:02:00.0
}

@test "three functions fail three ways in one run: each named once, both groups failed" {
	fault write 0000:01:00.0/driver_override 16
	fault write 0000:01:00.2/driver_override 19
	fault write 0000:02:00.1/driver_override 13
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	run grep -c 'cannot write driver_override' <<<"$stderr"
	assert_output 3
	output=$stderr
	assert_output --partial "0000:01:00.0: cannot write driver_override: Device or resource busy"
	assert_output --partial "0000:01:00.2: cannot write driver_override: No such device"
	assert_output --partial "0000:02:00.1: cannot write driver_override: Permission denied"
	summary 2 0 0 2
	claimed 0000:01:00.1 0000:02:00.0
	untouched 0000:01:00.0 0000:01:00.2 0000:02:00.1
}

@test "unbind EBUSY: named with the driver; the override stays, the group failed, the rest goes on" {
	fault write 0000:01:00.0/driver/unbind 16
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	assert_line "vfio-gpu: error: 0000:01:00.0: cannot unbind from bochs-drm: Device or resource busy"
	summary 4 1 0 1
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
	# The other bound functions were unbound from their drivers.
	run grep -c '/driver/unbind ' "$R/.vg-writes"
	assert_output 4
	run grep -F "/sys/bus/pci/devices/0000:01:00.1/driver/unbind 0000:01:00.1" "$R/.vg-writes"
	assert_success
}

@test "drivers_probe ENODEV: named for each function, nothing bound, the run ends with its summary" {
	fault write sys/bus/pci/drivers_probe 19
	binder "$SAN" --cmdline "$SEL"
	assert_success
	run grep -c 'drivers_probe failed: No such device' <<<"$stderr"
	assert_output 5
	run grep -c 'vfio-gpu: claimed ' <<<"$stderr"
	assert_output 1
	summary 0 0 0 2
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "EIO reading a uevent file: that group refused and named, the other claimed" {
	fault read 0000:02:00.0/uevent 5
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	assert_line "vfio-gpu: warning: 0000:02:00.0: cannot read uevent: Input/output error"
	assert_output --partial "refusing IOMMU group 8: 0000:02:00.0"
	summary 3 1 1 0
	# shellcheck disable=SC2086
	claimed $GROUP7
	# shellcheck disable=SC2086
	untouched $GROUP8
}

@test "EIO reading the uevent (ids) of the only matched function: nothing matches it, nothing breaks" {
	fault read 0000:02:00.1/uevent 5
	binder "$SAN" --cmdline "$SEL" --dry-run
	assert_success
	refute_line --partial "0000:02:00.1"
	assert_line "claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=ids target=vfio_pci"
	use_stderr
	assert_line "vfio-gpu: warning: 0000:02:00.1: cannot read uevent: Input/output error"
}

@test "EIO on a driver link after binding: named, its group failed (the scan reads uevent, not the link)" {
	fault read 0000:01:00.2/driver 5
	binder "$SAN" --cmdline "$SEL"
	assert_success
	use_stderr
	refute_line --partial "cannot read driver link"
	assert_line "vfio-gpu: error: 0000:01:00.2: cannot read its driver after binding: Input/output error"
	summary 4 1 0 1
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "EIO on modules.dep: named, no module resolved, the claims still made" {
	fault read modules.dep 5
	binder "$SAN" --cmdline "$SEL"
	assert_success
	assert_output ""
	use_stderr
	assert_output --regexp "cannot read [^ ]*/modules.dep: Input/output error"
	summary 5 2 0 0
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "a dry run with every write failing changes nothing and still plans" {
	fault write driver_override 16
	fault write drivers_probe 16
	binder "$SAN" --cmdline "$SEL" --dry-run
	assert_success
	run grep -c '^claim ' <<<"$output"
	assert_output 5
	output=$stderr
	refute_output --partial "cannot write"
	# shellcheck disable=SC2086
	untouched $GROUP7 $GROUP8
	run test -e "$R/.vg-writes"
	assert_failure
}
