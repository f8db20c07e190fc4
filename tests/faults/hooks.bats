#!/usr/bin/env bats
# Faults a fake root of regular files cannot produce for real: a sysfs store
# that fails (EBUSY from a busy device, ENODEV from a device being removed,
# EACCES from a lockdown LSM even for root) and reads that fail with EIO. The
# ASan+UBSan build (build/san/vfio-gpu-early, VG_TEST_HOOKS) reads the fake
# root's .vg-faults: "write|read PATH-SUFFIX ERRNO" makes that operation fail
# with that errno (lib/sysfs.c). Each test: the failure is named (device and
# errno text), every other device is handled, the run exits 0, and the
# sanitizers saw no error on the failure paths (they abort the run).

load helpers

setup() {
	new_root
}

teardown() {
	drop_root
}

# fault OP SUFFIX ERRNO...: append lines to the root's .vg-faults.
fault() {
	printf '%s %s %s\n' "$1" "$2" "$3" >>"$R/.vg-faults"
}

@test "driver_override EBUSY: named, the other four functions are written" {
	fault write 0000:01:00.1/driver_override 16
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"error: 0000:01:00.1: cannot write driver_override: Device or resource busy"* ]]
	claimed 0000:01:00.0 0000:01:00.2 0000:02:00.0 0000:02:00.1
	untouched 0000:01:00.1
}

@test "driver_override ENODEV: named, the others are written" {
	fault write 0000:02:00.0/driver_override 19
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"error: 0000:02:00.0: cannot write driver_override: No such device"* ]]
	# shellcheck disable=SC2086
	claimed $GROUP7 0000:02:00.1
	untouched 0000:02:00.0
}

@test "driver_override EACCES for root: named, the others are written" {
	fault write 0000:01:00.2/driver_override 13
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"error: 0000:01:00.2: cannot write driver_override: Permission denied"* ]]
	# shellcheck disable=SC2086
	claimed 0000:01:00.0 0000:01:00.1 $GROUP8
	untouched 0000:01:00.2
}

@test "device gone before its claim (ENOENT on driver_override): named, the others are written" {
	fault write 0000:02:00.1/driver_override 2
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"error: 0000:02:00.1: cannot write driver_override: No such file or directory"* ]]
	# shellcheck disable=SC2086
	claimed $GROUP7 0000:02:00.0
}

@test "three functions fail three ways in one run: each named once, the other two written" {
	fault write 0000:01:00.0/driver_override 16
	fault write 0000:01:00.2/driver_override 19
	fault write 0000:02:00.1/driver_override 13
	binder "$SAN" --cmdline "$SEL"
	assert_success
	assert_equal "$(grep -c 'cannot write driver_override' <<<"$stderr")" 3
	[[ $stderr == *"0000:01:00.0: cannot write driver_override: Device or resource busy"* ]]
	[[ $stderr == *"0000:01:00.2: cannot write driver_override: No such device"* ]]
	[[ $stderr == *"0000:02:00.1: cannot write driver_override: Permission denied"* ]]
	claimed 0000:01:00.1 0000:02:00.0
	untouched 0000:01:00.0 0000:01:00.2 0000:02:00.1
}

@test "unbind EBUSY: named with the driver; the override stays and the rest goes on" {
	fault write 0000:01:00.0/driver/unbind 16
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"error: 0000:01:00.0: cannot unbind from bochs-drm: Device or resource busy"* ]]
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
	# The other bound functions were unbound from their drivers.
	run cat "$R/sys/bus/pci/drivers/snd_hda_intel/unbind"
	assert_line 0000:01:00.1
	assert_line 0000:02:00.1
}

@test "drivers_probe ENODEV: named for each function, the run ends with its summary" {
	fault write sys/bus/pci/drivers_probe 19
	binder "$SAN" --cmdline "$SEL"
	assert_success
	assert_equal "$(grep -c 'drivers_probe failed: No such device' <<<"$stderr")" 5
	assert_equal "$(tail -n 1 <<<"$stderr")" "$(grep 'vfio-gpu: claimed ' <<<"$stderr")"
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "EIO reading a class file: that group refused and named, the other claimed" {
	fault read 0000:02:00.0/class 5
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"warning: 0000:02:00.0: cannot read class: Input/output error"* ]]
	[[ $stderr == *"refusing IOMMU group 8: 0000:02:00.0"* ]]
	# shellcheck disable=SC2086
	claimed $GROUP7
	# shellcheck disable=SC2086
	untouched $GROUP8
}

@test "EIO reading the ids of the only matched function: nothing matches it, nothing breaks" {
	fault read 0000:02:00.1/device 5
	binder "$SAN" --cmdline "$SEL" --dry-run
	assert_success
	[[ $stderr == *"0000:02:00.1: cannot read device: Input/output error"* ]]
	refute_line --partial "0000:02:00.1"
	assert_line "claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=ids"
}

@test "EIO on a driver link, at scan and after binding: named twice, still claimed" {
	fault read 0000:01:00.2/driver 5
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"0000:01:00.2: cannot read driver link: Input/output error"* ]]
	[[ $stderr == *"0000:01:00.2: cannot read its driver after binding: Input/output error"* ]]
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "EIO on modules.dep: named, no module resolved, the overrides still written" {
	fault read modules.dep 5
	binder "$SAN" --cmdline "$SEL"
	assert_success
	[[ $stderr == *"cannot read "*"/modules.dep: Input/output error"* ]]
	assert_output ""
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "a dry run with every write failing changes nothing and still plans" {
	fault write driver_override 16
	fault write drivers_probe 16
	binder "$SAN" --cmdline "$SEL" --dry-run
	assert_success
	assert_equal "$(grep -c '^claim ' <<<"$output")" 5
	refute [ -n "$(grep 'cannot write' <<<"$stderr")" ]
	# shellcheck disable=SC2086
	untouched $GROUP7 $GROUP8
}
