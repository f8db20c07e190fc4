#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The root is a jail (SPEC --root, issue 18, lib/rootfs.c): a symbolic link
# anywhere in a path under ROOT (run/, etc/, lib/modules/, a middle component
# of an attribute path) that leads out of ROOT is never followed, for a read
# or a write; a warning names the path, and the run goes on where it can.
# sysfs's own links (devices/ADDR, driver, iommu_group) stay inside and work.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	OUT=$BATS_TEST_TMPDIR/outside
	mkdir -p "$OUT"
}

# outside_untouched: the directory out of the root is as the test left it.
outside_untouched() {
	run find "$OUT" -newer "$BATS_TEST_TMPDIR/stamp" -o -name lock -o -name boot.json
	assert_output ""
}

stamp() {
	touch "$BATS_TEST_TMPDIR/stamp"
	sleep 0.01
}

@test "--device: ROOT/run a link out of the root (absolute): no lock is made there, nothing is claimed" {
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	ln -s "$OUT" "$R/run"
	stamp
	run --separate-stderr "$BIN" --root "$R" --cmdline "intel_iommu=on vfio-gpu.ids=8086:293e" \
		--device 0000:02:00.1
	assert_success
	run ls -A "$OUT"
	assert_output ""
	use_stderr
	assert_line --partial "vfio-gpu: warning: late device 0000:02:00.1: cannot take the lock $R/run/vfio-gpu/lock: "
	run cat "$R/sys/bus/pci/devices/0000:02:00.1/driver_override"
	assert_output "(null)"
}

@test "--device: ROOT/run a relative link that climbs out (../outside): no lock is made there" {
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	ln -s ../outside "$R/run"
	run --separate-stderr "$BIN" --root "$R" --cmdline "intel_iommu=on vfio-gpu.ids=8086:293e" \
		--device 0000:02:00.1
	assert_success
	run ls -A "$OUT"
	assert_output ""
	assert_stderr --partial "cannot take the lock $R/run/vfio-gpu/lock: "
}

@test "the boot report through ROOT/run a link out: not written there, the link named, the claim goes on" {
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	ln -s "$OUT" "$R/run"
	real "$R" intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	run ls -A "$OUT"
	assert_output ""
	use_stderr
	assert_line "vfio-gpu: warning: $R/run: a symbolic link leads out of the root $R (to $OUT), not followed"
	assert_line --partial "vfio-gpu: warning: cannot write the boot report $R/run/vfio-gpu/boot.json: "
	# the claim itself ran: the overrides inside the root were written
	run cat "$R/sys/bus/pci/devices/0000:02:00.1/driver_override"
	assert_output "vfio-pci"
}

@test "ROOT/etc a link out of the root: modprobe.d options there are not read, the path named" {
	make_root gpu-server "$R"
	mv "$R/etc" "$OUT/etc"
	ln -s "$OUT/etc" "$R/etc"
	dry "$R" vfio-gpu.addrs=0000:02:00.0
	# The selection file under it cannot be read either: refused, named, a
	# problem of the plan (exit 1); the command line alone applies.
	assert_failure 1
	[[ $stderr == *"ignoring /etc/vfio-gpu/vfio-gpu.conf: "*"; the kernel command line alone applies"* ]]
	# /etc/modprobe.d/vfio.conf (disable_vga=1) lives outside now: unread,
	# so /usr/lib/modprobe.d's file of the same name is no longer hidden
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args='nointxmask=1'"
	assert_line "claim 0000:02:00.1 10de:10f8 group=2 was=snd_hda_intel by=group target=vfio_pci"
	run cat <<<"$stderr"
	assert_line "vfio-gpu: warning: $R/etc/modprobe.d: a symbolic link leads out of the root $R (to $OUT/etc), not followed"
}

@test "ROOT/lib/modules a link out of the root: no module is taken from there, the plan goes on" {
	make_root gpu-server "$R"
	mv "$R/lib/modules" "$OUT/modules"
	ln -s ../../outside/modules "$R/lib/modules"
	dry "$R" vfio-gpu.addrs=0000:02:00.0
	assert_line "claim 0000:02:00.0 10de:1e87 group=2 was=nouveau by=addrs target=vfio_pci"
	refute_line --partial "load vfio_pci path=kernel/"
	assert_stderr --partial "$R/lib/modules: a symbolic link leads out of the root $R (to ..), not followed"
}

@test "a middle component of an attribute path is a link out: nothing there is read or written, the run goes on" {
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	# the bridge above 0000:02:00.x: its devices' attributes now live outside
	mv "$R/sys/devices/pci0000:00/0000:00:03.0" "$OUT/bridge"
	ln -s "$OUT/bridge" "$R/sys/devices/pci0000:00/0000:00:03.0"
	stamp
	real "$R" intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	outside_untouched
	run cat "$OUT/bridge/0000:02:00.1/driver_override"
	assert_output "(null)"
	assert_stderr --partial "$R/sys/bus/pci/devices/0000:02:00."
	assert_stderr --partial ": a symbolic link leads out of the root $R (to $OUT/bridge), not followed"
	# the run ends with its summary, as every run does
	assert_regex "${stderr##*$'\n'}" '^vfio-gpu: claimed 0 device\(s\)'
}

@test "sysfs's own links inside the root are followed: a real run claims through devices/ADDR and driver/unbind" {
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	real "$R" intel_iommu=on vfio-gpu.ids=8086:293e
	assert_success
	run cat "$R/sys/bus/pci/devices/0000:02:00.1/driver_override"
	assert_output "vfio-pci"
	run cat "$R/sys/bus/pci/drivers/snd_hda_intel/unbind"
	assert_output "0000:02:00.1"
	refute_output --partial "leads out of the root"
}
