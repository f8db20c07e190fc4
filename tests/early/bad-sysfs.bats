#!/usr/bin/env bats
# Damaged sysfs (tests/fixtures/bad-sysfs, broken further here): every fault
# is named with the device and the errno text, the other devices are still
# handled, the run exits 0.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	make_root bad-sysfs "$R"
	DEV=$R/sys/bus/pci/devices
}

@test "garbage in a vendor file: the device can't be matched and its group is refused" {
	printf '0xZZZZ\n' >"$DEV/0000:01:00.0/vendor"
	real "$R" vfio-gpu.ids=10de:1b81 vfio-gpu.groups=1
	assert_success
	assert_stderr --partial "warning: 0000:01:00.0: cannot read vendor: Invalid argument"
	assert_stderr --partial "refusing IOMMU group 1: 0000:01:00.0 (class 0300) has attributes that cannot be read"
	run cat "$DEV/0000:02:00.0/driver_override" "$DEV/0000:01:00.1/driver_override"
	assert_output "vfio-pci
(null)"
}

@test "a missing class file is named; the group is refused, others go on" {
	rm "$DEV/0000:02:00.1/class"
	dry "$R" vfio-gpu.ids=10de:1b81
	assert_failure 1
	assert_line "refuse group=2 reason=unreadable dev=0000:02:00.1 class=0000"
	assert_line "claim 0000:01:00.0 10de:1b81 group=1 was=nouveau by=ids target=vfio_pci"
	assert_stderr --partial "0000:02:00.1: cannot read class: No such file or directory"
}

@test "a config header too short for the header type: bridges known by class" {
	head -c 8 "$DEV/0000:00:02.0/config" >"$BATS_TEST_TMPDIR/c" && cp "$BATS_TEST_TMPDIR/c" "$DEV/0000:00:02.0/config"
	head -c 8 "$DEV/0000:01:00.0/config" >"$BATS_TEST_TMPDIR/c" && cp "$BATS_TEST_TMPDIR/c" "$DEV/0000:01:00.0/config"
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
	assert_stderr --partial "0000:03:00.0: cannot read vendor: No such file or directory"
	run cat "$DEV/0000:04:00.0/driver_override"
	assert_output "vfio-pci"
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
