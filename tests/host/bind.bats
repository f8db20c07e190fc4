#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu bind / release on fake roots: the sysfs writes of SPEC "Claiming a
# function" through the core's claim engine under the host policy, the
# safety rules, bad input, and whole-group rollback when a write fails
# (.vg-faults, sanitizer build). The sanitizer build's "kernel" seam moves
# the driver links as the kernel would and logs every write (.vg-writes);
# the real kernel's answer is proven by qemu-test/host-tool-boot.
load helpers

setup() {
	common_setup
	q35_copy
}

# Nothing under $R/sys was written: every override still "(null)", every
# bus action file empty, no write logged.
assert_untouched() {
	run grep -L '^(null)$' "$R"/sys/devices/pci0000:00/*/driver_override "$R"/sys/devices/pci0000:00/*/*/driver_override
	assert_output ""
	run cat "$R/sys/bus/pci/drivers_probe" "$R"/sys/bus/pci/drivers/*/unbind
	assert_output ""
	run test -e "$R/.vg-writes"
	assert_failure
}

@test "bind ADDR claims its whole group: override, unbind, probe, in address order" {
	run -0 "$VG" --root "$R" bind 01:00.0
	assert_line "0000:01:00.0 1234:1111 group 7: vfio-pci (was bochs-drm, by addrs)"
	assert_line "0000:01:00.1 8086:293e group 7: vfio-pci (was snd_hda_intel, by group)"
	assert_line "0000:01:00.2 1b36:000d group 7: vfio-pci (was xhci_hcd, by group)"
	# under --root nothing is loaded; what would be is printed
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
	for f in 0 1 2; do
		assert_attr 0000:01:00.$f driver_override vfio-pci
		assert_driver 0000:01:00.$f vfio-pci
	done
	assert_writes /driver_override vfio-pci vfio-pci vfio-pci
	assert_writes 0000:01:00.0/driver/unbind 0000:01:00.0
	assert_writes 0000:01:00.1/driver/unbind 0000:01:00.1
	assert_writes 0000:01:00.2/driver/unbind 0000:01:00.2
	assert_writes /drivers_probe 0000:01:00.0 0000:01:00.1 0000:01:00.2
	# the other card is untouched
	assert_attr 0000:02:00.0 driver_override "(null)"
}

@test "bind GROUP skips the bridge of the group and claims the rest" {
	run -0 "$VG" --root "$R" bind 10
	assert_attr 0000:04:00.0 driver_override "(null)"
	assert_attr 0000:05:01.0 driver_override vfio-pci
	assert_attr 0000:05:02.0 driver_override vfio-pci
	refute_line --partial "0000:04:00.0"
}

@test "bind refuses a group with an unnamed NIC, and touches nothing" {
	run -1 "$VG" --root "$R" bind 03:00.0
	assert_output --partial "refusing IOMMU group 9: 0000:03:00.1 (class 0200) is a network device not named by vfio-gpu.addrs or an exact vfio-gpu.ids entry; nothing in the group was touched"
	assert_untouched
	# one refused group stops the whole command before anything is written
	run -1 "$VG" --root "$R" bind 8 9
	assert_untouched
}

@test "bind: naming the boot VGA by address is consent; the disk controller's group is refused" {
	run -0 "$VG" --root "$R" bind 0000:00:01.0
	assert_line "0000:00:01.0 1234:1111 group 1: vfio-pci (was bochs-drm, by addrs)"
	run -1 "$VG" --root "$R" bind 6
	assert_output --partial "0000:00:1f.2 (class 0106) is a storage controller"
}

@test "bind ADDR@PIN: the boot's pin grammar; a pin that does not hold touches nothing" {
	run -1 "$VG" --root "$R" bind 01:00.0@10de:1b81
	assert_output --partial "refusing IOMMU group 7: vfio-gpu.addrs=0000:01:00.0@10de:1b81 but 0000:01:00.0 holds 1234:1111"
	assert_untouched
	run -2 "$VG" --root "$R" bind 01:00.0@1234
	assert_output --partial "'01:00.0@1234': the pin after '@' is not VVVV:DDDD[:SSSS:ssss]"
	assert_untouched
	run -0 "$VG" --root "$R" bind 01:00.0@1234:1111
	assert_line "0000:01:00.0 1234:1111 group 7: vfio-pci (was bochs-drm, by addrs)"
}

@test "bind: unknown addresses and groups are named, nothing is touched" {
	run -1 "$VG" --root "$R" bind 0a:00.0 99 01:00.0
	assert_output --partial "no PCI function 0000:0a:00.0 under $R/sys/bus/pci/devices"
	assert_output --partial "no IOMMU group 99"
	assert_untouched
}

@test "bind/release: malformed operands are usage errors (exit 2)" {
	run -2 "$VG" --root "$R" bind 01:00
	assert_output --partial "'01:00' is not a PCI address ([DDDD:]BB:SS.F)"
	run -2 "$VG" --root "$R" bind gpu
	assert_output --partial "'gpu' is neither a PCI address ([DDDD:]BB:SS.F) nor an IOMMU group number"
	run -2 "$VG" --root "$R" release -- -1
	assert_output --partial "'-1' is neither"
	run -2 "$VG" --root "$R" bind
	assert_output --partial "no ADDR or GROUP given"
	assert_untouched
}

@test "bind with the IOMMU off names the missing kernel option" {
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:01:00.0 10de:13d7 1458:3702 030000 - nouveau
	EOF2
	cp "$FIX/cmdline/cpuinfo.amd" "$R/proc/cpuinfo"
	run -1 "$VG" --root "$R" bind 01:00.0
	assert_output --partial "no IOMMU groups: the IOMMU is off; enable the IOMMU (AMD-Vi) in the firmware setup; check there is no amd_iommu=off or iommu=off on the kernel command line"
	assert_attr 0000:01:00.0 driver_override "(null)"
}

@test "bind: no vfio modules in the tree, nothing changed" {
	rm "$R/lib/modules/6.1.0-56-amd64/modules.dep"
	run -1 "$VG" --root "$R" bind 8
	assert_output --partial "cannot resolve the vfio modules under $R/lib/modules: No such file or directory (nothing was changed)"
	assert_untouched
}

@test "rollback: EBUSY on the second function's override gives the first back" {
	echo "write 0000:01:00.1/driver_override 16" >>"$R/.vg-faults"
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "0000:01:00.1: cannot write driver_override: Device or resource busy"
	assert_output --partial "0000:01:00.0: given back"
	assert_output --partial "IOMMU group 7 not claimed: every function of it was given back"
	# the first function's override was cleared (an empty line), the third never written
	assert_attr 0000:01:00.0 driver_override ""
	assert_attr 0000:01:00.2 driver_override "(null)"
	# it was unbound from its host driver, then probed back onto it
	assert_writes 0000:01:00.0/driver/unbind 0000:01:00.0
	assert_writes /drivers_probe 0000:01:00.0
	assert_driver 0000:01:00.0 bochs-drm
	assert_writes 0000:01:00.2/driver/unbind
}

@test "rollback: a failed unbind of the last function gives the whole group back" {
	echo "write 0000:01:00.2/driver/unbind 19" >>"$R/.vg-faults"
	run -1 "$VG" --root "$R" bind 01:00.1
	assert_output --partial "0000:01:00.2: cannot unbind from xhci_hcd: No such device"
	for f in 0 1 2; do
		assert_attr 0000:01:00.$f driver_override ""
	done
	assert_driver 0000:01:00.0 bochs-drm
	assert_driver 0000:01:00.2 xhci_hcd
}

@test "rollback: an unreadable driver link after the probe fails the group" {
	echo "read 0000:01:00.1/driver 5" >>"$R/.vg-faults"
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "0000:01:00.1: cannot read its driver after binding: Input/output error"
	assert_output --partial "IOMMU group 7 not claimed: every function of it was given back"
	assert_attr 0000:01:00.0 driver_override ""
	assert_attr 0000:01:00.1 driver_override ""
	# the function already on vfio-pci was unbound from it and probed back
	assert_driver 0000:01:00.0 bochs-drm
}

@test "bind keeps going after one group fails and reports it in the exit status" {
	echo "write 0000:01:00.1/driver_override 16" >>"$R/.vg-faults"
	run -1 "$VG" --root "$R" bind 7 8
	assert_line "0000:02:00.0 1234:1111 group 8: vfio-pci (was bochs-drm, by groups)"
	assert_attr 0000:01:00.0 driver_override ""
	assert_attr 0000:02:00.0 driver_override vfio-pci
	assert_attr 0000:02:00.1 driver_override vfio-pci
}

@test "bind: a function that does not end up on vfio-pci fails its group, which is given back" {
	# no "kernel" seam: nothing moves the driver links, as when vfio-pci
	# refuses the device
	rm "$R/.vg-faults"
	run -1 "$VG" --root "$R" bind 8
	assert_output --partial "0000:02:00.0 1234:1111 group 8: did not bind to vfio-pci (driver now: bochs-drm)"
	assert_output --partial "IOMMU group 8 not claimed: every function of it was given back"
	refute_output --partial "group 8: vfio-pci"
	assert_attr 0000:02:00.0 driver_override ""
	assert_attr 0000:02:00.1 driver_override ""
}

@test "release gives a vfio-held group back: override cleared, unbound from vfio-pci, probed" {
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:00:01.0 8086:1901 8086:2015 060400 1 pcieport
	0000:01:00.0 10de:13d7 1458:3702 030000 1 vfio-pci parent=0000:00:01.0 mf=1
	0000:01:00.1 10de:0fbb 1458:3702 040300 1 - parent=0000:00:01.0
	0000:02:00.0 10de:13d7 1458:3702 030000 2 nouveau
	EOF2
	echo vfio-pci >"$R/sys/bus/pci/devices/0000:01:00.0/driver_override"
	echo vfio-pci >"$R/sys/bus/pci/devices/0000:01:00.1/driver_override"
	run -0 "$VG" --root "$R" release 01:00.0
	# the seam knows no host driver for it: after the probe it has none
	assert_line "0000:01:00.0 10de:13d7 group 1: released (was vfio-pci, driver now none)"
	assert_line "0000:01:00.1 10de:0fbb group 1: released (was -, driver now none)"
	assert_attr 0000:01:00.0 driver_override ""
	assert_attr 0000:01:00.1 driver_override ""
	assert_writes 0000:01:00.0/driver/unbind 0000:01:00.0
	assert_writes /drivers_probe 0000:01:00.0 0000:01:00.1
	# the bridge and the other group are left alone
	assert_attr 0000:00:01.0 driver_override "(null)"
	assert_attr 0000:02:00.0 driver_override "(null)"
}

@test "release of a function vfio does not hold changes nothing" {
	run -0 "$VG" --root "$R" release 02:00.0
	assert_output "nothing to release: no named function is held by vfio"
	assert_untouched
	run -1 "$VG" --root "$R" release 0a:00.0
	assert_output --partial "no PCI function 0000:0a:00.0"
}

@test "release: a failed write is named with its errno text, exit 1" {
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:01:00.0 10de:13d7 1458:3702 030000 1 vfio-pci
	EOF2
	echo "write 0000:01:00.0/driver_override 13" >>"$R/.vg-faults"
	run -1 "$VG" --root "$R" release 1
	assert_output --partial "0000:01:00.0: cannot clear driver_override: Permission denied"
}

@test "a function that vanished between scan and write is reported, not half-claimed" {
	# the sysfs directory of 01:00.2 is gone: its override cannot be written
	echo "write 0000:01:00.2/driver_override 19" >>"$R/.vg-faults"
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "0000:01:00.2: cannot write driver_override: No such device"
	for f in 0 1; do
		assert_attr 0000:01:00.$f driver_override ""
	done
}

@test "bind refuses a driver_override that is a link out of the root; the target is untouched" {
	echo precious >"$BATS_TEST_TMPDIR/outside"
	o=$R/sys/bus/pci/devices/0000:02:00.1/driver_override
	rm "$o"
	ln -s "$BATS_TEST_TMPDIR/outside" "$o"
	run -1 "$VG" --root "$R" bind 8
	assert_output --partial "0000:02:00.1: cannot write driver_override: Too many levels of symbolic links"
	run cat "$BATS_TEST_TMPDIR/outside"
	assert_output precious
	assert_attr 0000:02:00.0 driver_override ""
}
