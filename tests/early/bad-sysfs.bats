#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Damaged sysfs (tests/fixtures/bad-sysfs, broken further here): every fault
# is named with the device and the errno text, the other devices are still
# handled, the run exits 0.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	make_root bad-sysfs "$R"
	DEV=$R/sys/bus/pci/devices
}

@test "garbage in uevent's PCI_ID: the device can't be matched and its group is refused" {
	sed -i 's/^PCI_ID=.*/PCI_ID=ZZZZ:1B81/' "$DEV/0000:01:00.0/uevent"
	real "$R" vfio-gpu.ids=10de:1b81 vfio-gpu.groups=1
	assert_success
	assert_stderr --partial "warning: 0000:01:00.0: cannot read uevent: PCI_ID missing or garbled"
	assert_stderr --partial "refusing IOMMU group 1: 0000:01:00.0 (class 0300) has attributes that cannot be read"
	run cat "$DEV/0000:02:00.0/driver_override" "$DEV/0000:01:00.1/driver_override"
	assert_output "vfio-pci
(null)"
}

@test "a uevent without PCI_CLASS is named; the group is refused, others go on" {
	sed -i '/^PCI_CLASS=/d' "$DEV/0000:02:00.1/uevent"
	dry "$R" vfio-gpu.ids=10de:1b81
	assert_failure 1
	assert_line "refuse group=2 reason=unreadable dev=0000:02:00.1 class=0000"
	assert_line "claim 0000:01:00.0 10de:1b81 group=1 was=nouveau by=ids target=vfio_pci"
	assert_stderr --partial "0000:02:00.1: cannot read uevent: PCI_CLASS missing or garbled"
}

@test "a missing uevent file: the function is unreadable, its group refused, no crash" {
	rm "$DEV/0000:02:00.1/uevent"
	dry "$R" vfio-gpu.ids=10de:1b81
	assert_failure 1
	assert_line "refuse group=2 reason=unreadable dev=0000:02:00.1 class=0000"
	assert_line "claim 0000:01:00.0 10de:1b81 group=1 was=nouveau by=ids target=vfio_pci"
	assert_stderr --partial "0000:02:00.1: cannot read uevent: No such file or directory"
}

@test "uevent: DRIVER= names the bound driver; without the line the function is unbound" {
	# The scan takes the driver from uevent, not from the link.
	sed -i '/^DRIVER=/d' "$DEV/0000:01:00.1/uevent"
	sed -i 's/^DRIVER=.*/DRIVER=nvidia/' "$DEV/0000:01:00.0/uevent"
	dry "$R" vfio-gpu.groups=1
	assert_line "claim 0000:01:00.0 10de:1b81 group=1 was=nvidia by=groups target=vfio_pci"
	assert_line "claim 0000:01:00.1 10de:10f0 group=1 was=- by=groups target=vfio_pci"
}

@test "uevent cut short inside PCI_ID: the cut value is not taken, the group is refused" {
	# "PCI_CLASS=30000\nPCI_ID=10DE:1B" (30 bytes, after the DRIVER line)
	f=$DEV/0000:01:00.0/uevent
	head -c $(($(head -n 1 "$f" | wc -c) + 30)) "$f" >"$BATS_TEST_TMPDIR/u" && cp "$BATS_TEST_TMPDIR/u" "$f"
	run tail -c 14 "$f"
	assert_output "PCI_ID=10DE:1B"
	dry "$R" vfio-gpu.groups=1
	assert_failure 1
	assert_line "refuse group=1 reason=unreadable dev=0000:01:00.0 class=0300"
	assert_stderr --partial "0000:01:00.0: cannot read uevent: PCI_ID missing or garbled"
	assert_stderr --partial "0000:01:00.0: cannot read uevent: PCI_SLOT_NAME missing or garbled"
}

@test "uevent with odd spacing: a blank around = or after a value garbles that line" {
	sed -i 's/^PCI_ID=/PCI_ID =/' "$DEV/0000:01:00.0/uevent"
	sed -i 's/^PCI_CLASS=\(.*\)/PCI_CLASS=\1 /' "$DEV/0000:02:00.0/uevent"
	dry "$R" vfio-gpu.groups=1,2
	assert_line "refuse group=1 reason=unreadable dev=0000:01:00.0 class=0300"
	assert_line "refuse group=2 reason=unreadable dev=0000:02:00.0 class=0000"
	assert_stderr --partial "0000:01:00.0: cannot read uevent: PCI_ID missing or garbled"
	assert_stderr --partial "0000:02:00.0: cannot read uevent: PCI_CLASS missing or garbled"
}

@test "no config header at all: bridges and endpoints known by class (config is never read)" {
	rm "$DEV/0000:00:02.0/config" "$DEV/0000:01:00.0/config" "$DEV/0000:01:00.1/config"
	dry "$R" vfio-gpu.groups=1
	# the fixture lacks vfio_virqfd.ko: an honest plan fails (SPEC "Honest plans")
	assert_failure 1
	assert_line "error reason=module-missing module=vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko"
	assert_line --index 0 "skip 0000:00:02.0 1b36:000c group=1 reason=bridge"
	assert_line --index 1 "claim 0000:01:00.0 10de:1b81 group=1 was=nouveau by=groups target=vfio_pci"
}

@test "a device that vanished: its link dangles, the rest is handled" {
	rm -r "$R/sys/devices/pci0000:00/0000:00:04.0/0000:03:00.0"
	real "$R" vfio-gpu.ids=10de:1b81
	assert_success
	assert_stderr --partial "0000:03:00.0: cannot read uevent: No such file or directory"
	run cat "$DEV/0000:04:00.0/driver_override"
	assert_output "vfio-pci"
}

@test "a class that tells the header type: a config header saying otherwise is not read" {
	# Header type 1 in the card's config, type 0 in the bridge's: were config
	# read, the card would be skipped as a bridge and the bridge claimed.
	printf '\001' | dd of="$DEV/0000:01:00.0/config" bs=1 seek=14 conv=notrunc 2>/dev/null
	printf '\000' | dd of="$DEV/0000:00:02.0/config" bs=1 seek=14 conv=notrunc 2>/dev/null
	dry "$R" vfio-gpu.groups=1
	assert_line --index 0 "skip 0000:00:02.0 1b36:000c group=1 reason=bridge"
	assert_line --index 1 "claim 0000:01:00.0 10de:1b81 group=1 was=nouveau by=groups target=vfio_pci"
}

@test "class 0000 (the kernel's mark for a class that did not match the header): config tells" {
	# pci_setup_device sets class 0 when class and header type disagree;
	# only then is the header type read from config.
	sed -i 's/^PCI_CLASS=.*/PCI_CLASS=0000/' "$DEV/0000:01:00.1/uevent" "$DEV/0000:02:00.1/uevent"
	printf '\001' | dd of="$DEV/0000:01:00.1/config" bs=1 seek=14 conv=notrunc 2>/dev/null
	dry "$R" vfio-gpu.groups=1,2
	assert_line "skip 0000:01:00.1 10de:10f0 group=1 reason=bridge"
	assert_line "claim 0000:02:00.1 10de:10f0 group=2 was=snd_hda_intel by=groups target=vfio_pci"
}

@test "boot_vga is read for VGA functions only: a non-VGA function's file is ignored" {
	# A boot_vga file where the kernel never puts one (class 0403), even a
	# FIFO, is not opened: the audio function is claimed by ids alone.
	mkfifo "$DEV/0000:01:00.1/boot_vga"
	printf '1\n' >"$DEV/0000:02:00.1/boot_vga"
	timeout 10 "$BIN" --root "$R" --cmdline "vfio-gpu.ids=10de:10f0" --dry-run >"$BATS_TEST_TMPDIR/out" 2>&1 || :
	run cat "$BATS_TEST_TMPDIR/out"
	assert_line "claim 0000:01:00.1 10de:10f0 group=1 was=snd_hda_intel by=ids target=vfio_pci"
	assert_line "claim 0000:02:00.1 10de:10f0 group=2 was=snd_hda_intel by=ids target=vfio_pci"
	refute_output --partial boot-vga
	# ... while a VGA function's boot_vga is read: the same selection by ids
	# of a card marked boot VGA is refused.
	printf '1\n' >"$DEV/0000:02:00.0/boot_vga"
	dry "$R" vfio-gpu.ids=10de:1b81
	assert_line --partial "refuse group=2 reason=boot-vga"
}

@test "a device removed between scan and claim is named with the errno text" {
	# driver_override turned into a directory: the write fails like a
	# vanished attribute would (EISDIR here), the next device is still done.
	rm "$DEV/0000:01:00.1/driver_override" && mkdir "$DEV/0000:01:00.1/driver_override"
	real "$R" vfio-gpu.groups=1,2
	assert_success
	assert_stderr --partial "error: 0000:01:00.1: cannot write driver_override: Is a directory"
	run cat "$DEV/0000:01:00.0/driver_override" "$DEV/0000:02:00.0/driver_override" "$DEV/0000:02:00.1/driver_override"
	assert_output "vfio-pci
vfio-pci
vfio-pci"
}

@test "an entry under bus/pci/devices that is no address is skipped with a warning" {
	mkdir "$R/sys/bus/pci/devices/not-a-device"
	dry "$R" vfio-gpu.groups=4
	assert_failure 1 # vfio_virqfd.ko is missing in this fixture
	assert_line "error reason=module-missing module=vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko"
	assert_line "claim 0000:04:00.0 10de:1b81 group=4 was=nouveau by=groups target=vfio_pci"
	assert_stderr --partial "ignoring unexpected entry 'not-a-device'"
}

@test "a missing module file is named, the other modules are still resolved" {
	real "$R" vfio-gpu.groups=4
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=module-missing module=vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko (the file is not in the image, not loaded)"
	refute_line --partial "load vfio_virqfd "
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
	dry "$R" vfio-gpu.groups=4
	assert_failure 1
	assert_line "error reason=module-missing module=vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko"
}

@test "no modules.dep at all: an error names it, binding still goes on" {
	rm "$R/lib/modules/6.1.0-56-amd64/modules.dep"
	real "$R" vfio-gpu.groups=4
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=no-modules dir=/lib/modules/6.1.0-56-amd64 (no module can be loaded)"
	run cat "$DEV/0000:04:00.0/driver_override"
	assert_output "vfio-pci"
}

@test "a modules.dep with a cycle is reported and broken" {
	D=$R/lib/modules/6.1.0-56-amd64/modules.dep
	sed -i 's|^kernel/drivers/vfio/vfio.ko:.*|kernel/drivers/vfio/vfio.ko: kernel/drivers/vfio/pci/vfio-pci.ko|' "$D"
	dry "$R" vfio-gpu.groups=4
	assert_failure 1 # vfio_virqfd.ko is missing in this fixture
	assert_line "error reason=module-missing module=vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko"
	assert_stderr --partial "modules.dep has a dependency cycle through vfio"
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
}

@test "no proc/cmdline: the error names the file, exit 0" {
	rm -f "$R/proc/cmdline"
	run --separate-stderr "$BIN" --root "$R"
	assert_success
	assert_stderr --partial "cannot read $R/proc/cmdline: No such file or directory"
}
