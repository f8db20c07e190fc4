#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Real faults, shipped binary: the static klibc vfio-gpu-early on a copy of
# the QEMU machine's sysfs capture, each fault made for real (file modes seen
# by user nobody, symlink loops, an oversized attribute, a cyclic or
# incomplete modules.dep, a device directory removed mid-run). Each test: the
# failure is named in the log (device or module, and the errno text), every
# other device is still claimed, and the run exits 0.

load helpers

setup() {
	new_root
}

teardown() {
	drop_root
}

@test "EACCES: a uevent nobody may read refuses that group only" {
	need_root
	chown -R 65534:65534 "$R"
	chmod 000 "$DEV/0000:02:00.0/uevent"
	# The fault is real: nobody cannot read the file.
	run ! as_nobody cat "$DEV/0000:02:00.0/uevent"
	run --separate-stderr as_nobody "$EARLY" --root "$R" --cmdline "$SEL"
	assert_success
	assert_equal "$(grep -c 'cannot read uevent: Permission denied' <<<"$stderr")" 1
	assert_stderr --partial "warning: 0000:02:00.0: cannot read uevent: Permission denied"
	assert_stderr --partial "refusing IOMMU group 8: 0000:02:00.0 (class 0000) has attributes that cannot be read"
	# shellcheck disable=SC2086
	claimed $GROUP7
	# shellcheck disable=SC2086
	untouched $GROUP8
}

@test "EACCES: a driver_override nobody may write is named, the others are written" {
	need_root
	chown -R 65534:65534 "$R"
	chmod 444 "$DEV/0000:01:00.1/driver_override"
	run ! as_nobody sh -c "echo x >'$DEV/0000:01:00.1/driver_override'"
	run --separate-stderr as_nobody "$EARLY" --root "$R" --cmdline "$SEL"
	assert_success
	assert_stderr --partial "error: 0000:01:00.1: cannot write driver_override: Permission denied"
	assert_stderr --partial "claimed 0 device(s)" # a fake root's driver links never move
	claimed 0000:01:00.0 0000:01:00.2 0000:02:00.0 0000:02:00.1
	untouched 0000:01:00.1
}

@test "ELOOP: a uevent that links to itself refuses its group, the rest goes on" {
	rm "$DEV/0000:02:00.1/uevent"
	ln -s uevent "$DEV/0000:02:00.1/uevent"
	binder "$EARLY" --cmdline "$SEL"
	assert_success
	# klibc says "Too many symbolic links encountered", glibc "Too many levels of ...".
	assert_stderr --regexp "0000:02:00\\.1: cannot read uevent: Too many .*symbolic links"
	# Without its uevent the function has no ids: the ids cannot select it.
	refute_stderr --partial "0000:02:00.1 8086:293e"
	# shellcheck disable=SC2086
	claimed $GROUP7
	# shellcheck disable=SC2086
	untouched $GROUP8
}

@test "ELOOP: a device entry that loops is named and skipped, the selection is claimed" {
	rm "$DEV/0000:05:02.0"
	ln -s 0000:05:02.0 "$DEV/0000:05:02.0"
	binder "$EARLY" --cmdline "$SEL"
	assert_success
	assert_stderr --regexp "0000:05:02\\.0: cannot read uevent: Too many .*symbolic links"
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "a 4096-byte uevent is not the kernel's (it builds them in 2 KiB): group refused" {
	# A valid head, then more lines than the kernel's uevent buffer holds.
	{ cat "$DEV/0000:02:00.0/uevent"; head -c $((4096 - $(stat -c %s "$DEV/0000:02:00.0/uevent"))) /dev/zero | tr '\0' 'X'; } >"$W/uevent"
	cp "$W/uevent" "$DEV/0000:02:00.0/uevent"
	assert_equal "$(stat -c %s "$DEV/0000:02:00.0/uevent")" 4096
	binder "$EARLY" --cmdline "$SEL"
	assert_success
	assert_stderr --partial "0000:02:00.0: cannot read uevent: File too large"
	assert_stderr --partial "refusing IOMMU group 8: 0000:02:00.0"
	# shellcheck disable=SC2086
	claimed $GROUP7
	# shellcheck disable=SC2086
	untouched $GROUP8
}

@test "a dependency cycle in modules.dep is named and broken; every module once, claims go on" {
	# vfio now needs vfio_pci, which needs vfio_pci_core, which needs vfio.
	sed -i 's|^kernel/drivers/vfio/vfio.ko:.*|kernel/drivers/vfio/vfio.ko: kernel/drivers/vfio/pci/vfio-pci.ko|' "$MODS/modules.dep"
	grep -q '^kernel/drivers/vfio/vfio.ko: kernel/drivers/vfio/pci/vfio-pci.ko$' "$MODS/modules.dep"
	binder "$EARLY" --cmdline "$SEL"
	assert_success
	assert_stderr --partial "modules.dep has a dependency cycle through vfio"
	for m in vfio vfio_iommu_type1 vfio_pci vfio_pci_core irqbypass; do
		assert_equal "$(grep -c "^load $m " <<<"$output")" 1
	done
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "a module file missing from the image is named (SPEC \"Honest plans\"); the overrides stay written" {
	rm "$MODS/kernel/drivers/vfio/pci/vfio-pci.ko"
	binder "$EARLY" --cmdline "$SEL"
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=module-missing module=vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko (the file is not in the image, not loaded)"
	# Found when resolving, so never opened; the other modules were still
	# tried: nothing else is missing or failed to open.
	assert_equal "$(grep -c 'module-missing' <<<"$stderr")" 1
	assert_equal "$(grep -c 'cannot open module' <<<"$stderr")" 0
	# shellcheck disable=SC2086
	claimed $GROUP7 $GROUP8
}

@test "a FIFO as modules.dep is refused at once, never waited on; the overrides are still written" {
	local dep=$MODS/modules.dep
	rm "$dep"
	mkfifo "$dep"
	run --separate-stderr timeout 20 "$EARLY" --root "$R" --cmdline "$SEL"
	assert_success
	output=$stderr
	assert_output --partial "cannot read $dep: Invalid argument"
	claimed 0000:01:00.0 0000:01:00.1 0000:01:00.2 0000:02:00.0 0000:02:00.1
}

@test "a FIFO as a device's uevent does not hang the binder: that group is refused" {
	rm "$DEV/0000:02:00.0/uevent"
	mkfifo "$DEV/0000:02:00.0/uevent"
	run --separate-stderr timeout 20 "$EARLY" --root "$R" --cmdline "$SEL" --dry-run
	assert_failure 1
	assert_line "refuse group=8 reason=unreadable dev=0000:02:00.0 class=0000"
	output=$stderr
	assert_output --partial "0000:02:00.0: cannot read uevent: Invalid argument"
}

@test "a FIFO as driver_override is not written to and does not hang the run" {
	rm "$DEV/0000:02:00.1/driver_override"
	mkfifo "$DEV/0000:02:00.1/driver_override"
	run --separate-stderr timeout 20 "$EARLY" --root "$R" --cmdline "$SEL"
	assert_success
	output=$stderr
	assert_output --partial "0000:02:00.1: cannot write driver_override: "
	claimed 0000:01:00.0 0000:02:00.0
}

@test "a driver_override that links out of the root is refused; the target is untouched" {
	echo precious >"$W/outside"
	rm "$DEV/0000:02:00.1/driver_override"
	ln -s "$W/outside" "$DEV/0000:02:00.1/driver_override"
	run --separate-stderr "$EARLY" --root "$R" --cmdline "$SEL"
	assert_success
	output=$stderr
	# O_NOFOLLOW: ELOOP (klibc: "Too many symbolic links encountered")
	assert_output --partial "0000:02:00.1: cannot write driver_override: Too many "
	run cat "$W/outside"
	assert_output precious
	claimed 0000:01:00.0 0000:02:00.0
}

@test "an empty --root is an error (exit 2), never the running system" {
	run --separate-stderr "$EARLY" --root "" --cmdline "$SEL" --dry-run
	assert_failure 2
	output=$stderr
	assert_output --partial "unknown or incomplete option '--root'"
	refute_output --partial "claim "
}
