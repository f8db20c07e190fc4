#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu status: the boot's binder records read from ROOT/dev/kmsg (the
# /dev/kmsg record format, as the kernel prints it), and each function claimed
# then looked up in ROOT/sys now.
load helpers

setup() {
	common_setup
	cp -a "$Q35" "$R"
	mkdir -p "$R/dev"
}

# kmsg RECORD...: ROOT/dev/kmsg with these records (PRIO;MESSAGE), numbered.
kmsg() {
	local i=0 rec
	for rec in "$@"; do
		i=$((i + 1))
		printf '%s,%d,%d,-;%s\n' "${rec%%;*}" "$i" "$((i * 1000))" "${rec#*;}"
		printf ' SUBSYSTEM=pci\n'
	done >"$R/dev/kmsg"
}

# on ADDR DRIVER: bind ADDR to DRIVER in the fake sysfs (the kernel's link and
# uevent DRIVER= line; '-' unbinds).
on() {
	"$TOP/tests/fixtures/set-driver" "$R" "$1" "$2"
}

boot_of_card_a() {
	kmsg '6;vfio-gpu: 0000:01:00.0 1234:1111 group 7: bound to vfio-pci (was bochs-drm, by addrs)' \
		'6;vfio-gpu: 0000:01:00.1 8086:293e group 7: bound to vfio-pci (was snd_hda_intel, by group)' \
		'6;other: a record of another program' \
		'6;vfio-gpu: claimed 2 device(s) in 1 group(s), refused 0 group(s) in 91 ms'
}

@test "status: everything claimed at boot is still on vfio-pci: exit 0, each function named" {
	boot_of_card_a
	on 0000:01:00.0 vfio-pci
	on 0000:01:00.1 vfio-pci
	run -0 "$VG" --root "$R" status
	assert_line 'boot: claimed 2 device(s) in 1 group(s), refused 0 group(s) in 91 ms (from the kernel log)'
	assert_line '0000:01:00.0 group 7: claimed at boot for vfio-pci (by addrs), now on vfio-pci: ok'
	assert_line '0000:01:00.1 group 7: claimed at boot for vfio-pci (by group), now on vfio-pci: ok'
	assert_line 'status: ok'
}

@test "status: a function given back to its host driver since the boot fails the status" {
	boot_of_card_a
	on 0000:01:00.0 vfio-pci
	on 0000:01:00.1 snd_hda_intel
	run -1 "$VG" --root "$R" status
	assert_line '0000:01:00.1 group 7: claimed at boot for vfio-pci (by group), now on snd_hda_intel: NOT CLAIMED ANY MORE'
	assert_line 'status: FAIL (1 function(s) claimed at boot not on a vfio driver now)'
}

@test "status: a function on a variant vfio driver (vfio-dev/) counts as claimed" {
	boot_of_card_a
	on 0000:01:00.0 vfio-pci
	on 0000:01:00.1 mlx5_vfio_pci
	mkdir -p "$R/sys/bus/pci/devices/0000:01:00.1/vfio-dev/vfio0"
	run -0 "$VG" --root "$R" status
	assert_line '0000:01:00.1 group 7: claimed at boot for vfio-pci (by group), now on mlx5_vfio_pci: ok'
}

@test "status: no binder summary in the log means the binder did not run: exit 1, says what to check" {
	kmsg '6;other: nothing of ours'
	run -1 "$VG" --root "$R" status
	assert_line --partial 'the binder did not run (is it in the initramfs? see vfio-gpu check)'
}

@test "status: the binder's errors at boot are shown and fail the status; vfio-gpu.off is a run that claimed nothing" {
	kmsg '3;vfio-gpu: 0000:01:00.2 1b36:000d group 7: did not bind to vfio-pci (driver now: xhci_hcd)' \
		'6;vfio-gpu: claimed 0 device(s) in 0 group(s), refused 0 group(s) in 12 ms'
	run -1 "$VG" --root "$R" status
	assert_line 'error at boot: 0000:01:00.2 1b36:000d group 7: did not bind to vfio-pci (driver now: xhci_hcd)'
	assert_line 'status: FAIL (1 error record(s) at boot)'
	kmsg '6;vfio-gpu: disabled by vfio-gpu.off on the kernel command line'
	run -0 "$VG" --root "$R" status
	assert_line 'boot: disabled by vfio-gpu.off on the kernel command line (from the kernel log)'
}

@test "status --json: functions with target, now and ok; errors; ok; valid JSON" {
	boot_of_card_a
	on 0000:01:00.0 vfio-pci
	on 0000:01:00.1 -
	run -1 "$VG" --root "$R" status --json
	echo "$output" | jq -e '.source == "kmsg" and .ok == false and (.functions | length) == 2' >/dev/null
	echo "$output" | jq -e '.functions[1] | .address == "0000:01:00.1" and .now == null and .ok == false and .target == "vfio-pci" and .group == 7' >/dev/null
}

@test "status: an unreadable log is an error that names it" {
	rm -f "$R/dev/kmsg"
	run -1 "$VG" --root "$R" status
	assert_output --partial "cannot read the kernel log ($R/dev/kmsg)"
}
