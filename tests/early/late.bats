#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu-early --device ADDR (SPEC "Late devices"): what the udev rule runs on
# a PCI add event. The whole machine's plan (same parameters, scan, selection
# and safety), then only ADDR is claimed; everything that is not a claim does
# nothing and exits 0, since udev must never see a failure. One lock
# (run/vfio-gpu/lock, lib/lock.c) serialises it with the host tool.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	DEV=$R/sys/bus/pci/devices
	DRV=$R/sys/bus/pci/drivers
	LOCK=$R/run/vfio-gpu/lock
}

# late ADDR CMDLINE...: the run the udev rule makes, on the fake root.
late() {
	local addr=$1
	shift
	run --separate-stderr "$BIN" --root "$R" --cmdline "$*" --device "$addr"
}

# overrides: "ADDR VALUE" of every function whose driver_override was written.
overrides() {
	local d
	for d in "$DEV"/*; do
		[ "$(cat "$d/driver_override")" = "(null)" ] || echo "${d##*/} $(cat "$d/driver_override")"
	done
}

@test "a selected device decides its whole group: its mate on a host driver is claimed with it, kmsg lines and one failed group" {
	late 0000:02:00.1 intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	run overrides
	assert_output "0000:02:00.0 vfio-pci
0000:02:00.1 vfio-pci"
	run cat "$DRV/snd_hda_intel/unbind"
	assert_output "0000:02:00.1"
	# the card's other function (still on its host driver) goes with it,
	# whichever function's add event runs first
	run cat "$DRV/bochs-drm/unbind"
	assert_output "0000:02:00.0"
	assert_probed "$R" 0000:02:00.0 0000:02:00.1
	use_stderr
	assert_line "vfio-gpu: late device 0000:02:00.1 (group 8)"
	# the fake sysfs never moves the driver link: the truth read back is
	# told for each function, and the group counts once, failed
	assert_line "vfio-gpu: error: 0000:02:00.1 8086:293e group 8: did not bind to vfio-pci (driver now: snd_hda_intel)"
	assert_regex "${stderr##*$'\n'}" '^vfio-gpu: claimed 0 device\(s\) in 0 group\(s\), refused 0 group\(s\), failed 1 group\(s\) in [0-9]+ ms'
}

@test "a late device's run leaves the boot report as the boot wrote it" {
	mkdir -p "$R/run/vfio-gpu"
	echo '{"version":1,"from":"the boot"}' >"$R/run/vfio-gpu/boot.json"
	late 0000:02:00.1 intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	run cat "$R/run/vfio-gpu/boot.json"
	assert_output '{"version":1,"from":"the boot"}'
	run ls "$R/run/vfio-gpu"
	assert_output "boot.json
lock"
}

@test "a function selected with its group (by=group) is claimed on its own event" {
	late 0000:02:00.0 intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	run overrides
	assert_output "0000:02:00.0 vfio-pci
0000:02:00.1 vfio-pci"
	run cat "$DRV/bochs-drm/unbind"
	assert_output "0000:02:00.0"
	assert_probed "$R" 0000:02:00.0 0000:02:00.1
}

@test "a group-mate already on a vfio driver is left as it is: only ADDR is written" {
	"$TOP/tests/fixtures/set-driver" "$R" 0000:02:00.0 vfio-pci
	late 0000:02:00.1 intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	run overrides
	assert_output "0000:02:00.1 vfio-pci"
	run cat "$DRV/bochs-drm/unbind"
	assert_output ""
	assert_regex "${stderr##*$'\n'}" '^vfio-gpu: claimed 0 device\(s\) in 0 group\(s\), refused 0 group\(s\), failed 1 group\(s\) in [0-9]+ ms'
}

@test "the dry run shows the plan lines of ADDR's group only" {
	run --separate-stderr "$BIN" --root "$R" --cmdline "vfio-gpu.ids=8086:293e" --device 01:00.2 --dry-run
	assert_success
	# (a target= field follows where variant targets are reported)
	assert_line --partial "claim 0000:01:00.2 1b36:000d group=7 was=xhci_hcd by=group"
	assert_line --partial "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=group"
	refute_output --partial "0000:02:00"
	run overrides
	assert_output ""
}

@test "the whole machine's plan is not told again: bad tokens and selections matching nothing are the boot's to say" {
	late 0000:02:00.1 intel_iommu=on vfio-gpu.ids=1234:zzzz,8086:293e vfio-gpu.addrs=09:00.0
	assert_success
	refute_stderr --partial "zzzz"
	refute_stderr --partial "09:00.0"
	assert_stderr --partial "vfio-gpu: late device 0000:02:00.1 (group 8)"
	late 0000:01:00.1 intel_iommu=on vfio-gpu.ids=1234:zzzz vfio-gpu.addrs=02:00.0
	assert_success
	assert_equal "$stderr" ""
}

@test "a device not selected is left alone, silently (a debug line with vfio-gpu.debug)" {
	late 0000:01:00.1 intel_iommu=on vfio-gpu.addrs=02:00.0
	assert_success
	assert_equal "$stderr" ""
	assert_output ""
	run overrides
	assert_output ""
	run cat "$DRV/snd_hda_intel/unbind"
	assert_output ""
	assert_probed "$R"
	late 0000:01:00.1 vfio-gpu.debug vfio-gpu.addrs=02:00.0
	assert_success
	assert_stderr --partial "vfio-gpu: late device 0000:01:00.1: not selected, nothing to do"
	refute_stderr --partial "claimed"
}

@test "a device in a refused group stays refused: the error, nothing written, exit 0" {
	# 1af4:1050 (virtio-gpu) shares group 9 with the e1000e NIC, not named
	for addr in 0000:03:00.0 0000:03:00.1; do
		late "$addr" intel_iommu=on vfio-gpu.ids=1af4:1050
		assert_success
		use_stderr
		assert_line "vfio-gpu: late device $addr (group 9)"
		assert_line --partial "vfio-gpu: error: refusing IOMMU group 9: 0000:03:00.1 (class 0200) is a network device"
		assert_line --partial "vfio-gpu: claimed 0 device(s) in 0 group(s), refused 1 group(s) in "
		run overrides
		assert_output ""
		assert_probed "$R"
	done
}

@test "a malformed or absent ADDR is a warning naming it, exit 0, nothing written" {
	for addr in zz:00.0 "" 0000:01:00.9 01:00; do
		late "$addr" intel_iommu=on vfio-gpu.ids=8086:293e
		assert_success
		assert_stderr "vfio-gpu: warning: late device '$addr': not a PCI address, nothing done"
	done
	late 0000:07:00.0 intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	assert_stderr "vfio-gpu: warning: late device '0000:07:00.0': no such PCI device, nothing done"
	run overrides
	assert_output ""
}

@test "vfio-gpu.off: nothing at all, not even the lock" {
	late 0000:02:00.1 intel_iommu=on vfio-gpu.off vfio-gpu.addrs=02:00.0
	assert_success
	assert_equal "$stderr" ""
	run overrides
	assert_output ""
	assert [ ! -e "$LOCK" ]
}

# hold_lock TEXT SECONDS: another process holds the lock as the host tool
# would (flock on an fd, "PID COMMAND" in the file), for SECONDS.
hold_lock() {
	mkdir -p "$R/run/vfio-gpu"
	(
		exec 9>>"$LOCK"
		flock 9
		echo "$BASHPID $1" >"$LOCK"
		sleep "$2"
	) 3>&- &
	HOLDER=$!
	for _ in $(seq 50); do [ -s "$LOCK" ] && break; sleep 0.1; done
}

@test "the lock held by the host tool: the run waits, then gives up with a warning naming the holder; exit 0, nothing written" {
	hold_lock "vfio-gpu bind 8" 10
	VFIO_GPU_LOCK_WAIT=1 late 0000:02:00.1 intel_iommu=on vfio-gpu.addrs=02:00.0
	assert_success
	use_stderr
	# no "waiting" note: coldplug runs wait on each other, nobody reads it
	refute_line --partial "waiting up to"
	assert_line "vfio-gpu: warning: late device 0000:02:00.1: $LOCK is held by pid $HOLDER (vfio-gpu bind 8); waited 1 s, nothing was claimed"
	refute_line --partial "claimed 0 device"
	run overrides
	assert_output ""
	kill "$HOLDER"
	wait "$HOLDER" || true
}

@test "the lock released while waiting: the run goes on and claims, and names itself in the lock while it holds it" {
	hold_lock "vfio-gpu release 8" 2
	t0=$(date +%s%N)
	VFIO_GPU_LOCK_WAIT=20 late 0000:02:00.1 intel_iommu=on vfio-gpu.addrs=02:00.0
	t1=$(date +%s%N)
	assert_success
	# it waited for the holder (about 2 s from hold_lock's start), no longer
	assert [ $(((t1 - t0) / 1000000)) -ge 500 ]
	assert [ $(((t1 - t0) / 1000000)) -lt 10000 ]
	refute_stderr --partial "warning"
	run overrides
	assert_output "0000:02:00.0 vfio-pci
0000:02:00.1 vfio-pci"
	# dropped: emptied, as the host tool leaves it
	run cat "$LOCK"
	assert_output ""
	wait "$HOLDER" || true
}

@test "--device with a 5000-byte argument holding control bytes: one record within the kernel's limit, the bytes shown as '?'" {
	long=$(printf 'x%.0s' $(seq 5000))
	late $'\e[2J'"$long" intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
	# VG_LOG_LINE: 960 bytes with the newline, under the kernel's 1024
	[ "${#stderr}" -le 959 ]
	[[ "$stderr" != *$'\e'* ]]
	assert_regex "$stderr" "^vfio-gpu: warning: late device '\?\[2Jx+$"
}
