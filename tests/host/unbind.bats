#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# An unbind that never hangs the tool (SPEC "Host-side tool", issue 18): the
# write to driver/unbind runs in a child with a bounded wait
# (VFIO_GPU_UNBIND_WAIT seconds). A fake root's file cannot block a writer:
# VG_TEST_UNBIND_HANG=1 (test builds only) makes the child wait as the
# kernel does while a user holds the device. The in-use check that would
# refuse first is bypassed with --force, as a missed holder would be.
load helpers

setup() {
	common_setup
	q35_copy
}

proc() { # PID COMM TARGET
	mkdir -p "$R/proc/$1/fd"
	echo "$2" >"$R/proc/$1/comm"
	ln -s "$3" "$R/proc/$1/fd/3"
}

@test "release: an unbind the kernel blocks ends within the wait, names the holder, restores the override, exit 1" {
	run -0 "$VG" --root "$R" bind 7
	rm -f "$R/.vg-writes"
	proc 5000 qemu-system-x86 /dev/vfio/7
	start=$SECONDS
	VG_TEST_UNBIND_HANG=1 VFIO_GPU_UNBIND_WAIT=1 run -1 "$VG" --root "$R" release --force 7
	took=$((SECONDS - start))
	[ "$took" -le 5 ] # 1 s of wait, not the hang
	assert_line "vfio-gpu: error: 0000:01:00.0: the unbind did not return within 1 s: pid 5000 (qemu-system-x86) holds /dev/vfio/7; the kernel keeps the request pending and completes it when that user lets go"
	assert_line "vfio-gpu: warning: 0000:01:00.0: driver_override restored to vfio-pci, so that no host driver takes it when the pending unbind completes"
	assert_line "vfio-gpu: error: 0000:01:00.1: not released: its group is held"
	assert_line "vfio-gpu: error: 0000:01:00.2: not released: its group is held"
	refute_output --partial "released (was"
	for f in 0 1 2; do
		assert_driver 0000:01:00.$f vfio-pci
		assert_attr 0000:01:00.$f driver_override vfio-pci
	done
	# the override cleared and written back; no unbind reached the file
	assert_writes 0000:01:00.0/driver_override "" vfio-pci
	assert_writes /driver/unbind
}

@test "release: where the pending unbind holds the device (6.1's device lock), writing the override back is bounded too and said to wait" {
	run -0 "$VG" --root "$R" bind 7
	rm -f "$R/.vg-writes"
	start=$SECONDS
	VG_TEST_UNBIND_HANG=device VFIO_GPU_UNBIND_WAIT=1 run -1 "$VG" --root "$R" release 7
	took=$((SECONDS - start))
	[ "$took" -le 6 ] # two waits of 1 s
	assert_line --partial "vfio-gpu: error: 0000:01:00.0: the unbind did not return within 1 s"
	assert_line "vfio-gpu: warning: 0000:01:00.0: driver_override vfio-pci waits behind the pending unbind in the kernel and is written when it completes"
	assert_writes 0000:01:00.0/driver_override ""
	assert_writes /driver/unbind
}

@test "bind: an unbind the kernel blocks ends within the wait, the group is given back, exit 1" {
	start=$SECONDS
	VG_TEST_UNBIND_HANG=1 VFIO_GPU_UNBIND_WAIT=1 run -1 "$VG" --root "$R" bind 7
	took=$((SECONDS - start))
	[ "$took" -le 5 ] # 1 s of wait, not the hang
	assert_line "vfio-gpu: error: 0000:01:00.0: the unbind did not return within 1 s and nothing found holds the device; the kernel keeps the request pending and completes it when the device's user lets go"
	assert_line --partial "IOMMU group 7 not claimed: every function of it was given back"
	assert_driver 0000:01:00.0 bochs-drm
	assert_attr 0000:01:00.0 driver_override ""
	assert_writes 0000:01:00.0/driver_override vfio-pci ""
	assert_writes /driver/unbind
}

@test "without a block the unbind goes through the child at once; a malformed VFIO_GPU_UNBIND_WAIT is a usage error" {
	VFIO_GPU_UNBIND_WAIT=3 run -0 "$VG" --root "$R" bind 7
	assert_line "0000:01:00.0 1234:1111 group 7: vfio-pci (was bochs-drm, by groups)"
	run -0 "$VG" --root "$R" release 7
	assert_line --partial "0000:01:00.0 1234:1111 group 7: released"
	for v in 0 soon 3601; do
		VFIO_GPU_UNBIND_WAIT=$v run -2 "$VG" --root "$R" bind 7
		assert_output "vfio-gpu: error: VFIO_GPU_UNBIND_WAIT='$v' is not a number of seconds (1 to 3600)"
	done
}
