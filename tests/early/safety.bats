#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPEC "What gets claimed" rule 3 on the gpu-server fixture: a wildcard is
# never consent for a disk or a NIC, and bridges of every kind (class 06xx or
# header type 1/2) are never claimed and never select a group.

load helpers

setup_file() {
	export R=$BATS_FILE_TMPDIR/root
	make_root gpu-server "$R"
}

@test "8086:* takes no disk, NIC or bridge, and no GPU through the root ports" {
	dry "$R" 'vfio-gpu.ids=8086:*'
	assert_failure 1
	assert_output "skip 0000:00:00.0 8086:3e30 group=0 reason=bridge
skip 0000:00:01.0 8086:1901 group=1 reason=bridge
skip 0000:00:01.1 8086:1905 group=2 reason=bridge
refuse group=3 reason=protected dev=0000:00:17.0 class=0106
skip 0000:00:1c.0 8086:a338 group=4 reason=bridge
skip 0000:00:1c.4 8086:a33c group=5 reason=bridge
skip 0000:00:1f.0 8086:a305 group=6 reason=bridge
refuse group=6 reason=protected dev=0000:00:1f.6 class=0200"
}

@test "8086:* at boot (fake root) claims nothing" {
	local r=$BATS_TEST_TMPDIR/root
	make_root gpu-server "$r"
	real "$r" 'vfio-gpu.ids=8086:*'
	assert_success
	run cat "$r/sys/bus/pci/devices/0000:00:17.0/driver_override" \
		"$r/sys/bus/pci/devices/0000:00:1f.6/driver_override" \
		"$r/sys/bus/pci/devices/0000:01:00.0/driver_override"
	refute_output --partial vfio-pci
}

@test "a wildcard device with exact subsystem is no consent for the NIC" {
	dry "$R" 'vfio-gpu.ids=8086:*:1462:7b17'
	assert_failure 1
	assert_line "refuse group=6 reason=protected dev=0000:00:1f.6 class=0200"
	refute_line --partial "claim "
}

@test "exact ids consent to the NIC; the LPC bridge in its group stays" {
	dry "$R" 'vfio-gpu.ids=8086:a348,8086:15bc:*:*'
	assert_success
	assert_output --partial "skip 0000:00:1f.0 8086:a305 group=6 reason=bridge
claim 0000:00:1f.3 8086:a348 group=6 was=snd_hda_intel by=ids target=vfio_pci
claim 0000:00:1f.6 8086:15bc group=6 was=e1000e by=ids target=vfio_pci
load vfio "
}

@test "addrs consent to the NIC; the LPC bridge (class 0601, header 0) is not claimed" {
	dry "$R" vfio-gpu.addrs=00:1f.3,00:1f.6
	assert_success
	assert_line "skip 0000:00:1f.0 8086:a305 group=6 reason=bridge"
	assert_line "claim 0000:00:1f.6 8086:15bc group=6 was=e1000e by=addrs target=vfio_pci"
	refute_line --partial "claim 0000:00:1f.0"
}

@test "a group named by number is refused for a NIC not named itself" {
	dry "$R" vfio-gpu.groups=6
	assert_failure 1
	assert_output "refuse group=6 reason=protected dev=0000:00:1f.6 class=0200"
	dry "$R" vfio-gpu.groups=3
	assert_failure 1
	assert_output "refuse group=3 reason=protected dev=0000:00:17.0 class=0106"
}

@test "a root port named by addrs or ids selects nothing" {
	dry "$R" vfio-gpu.addrs=00:01.0
	assert_success
	assert_output "skip 0000:00:01.0 8086:1901 group=1 reason=bridge"
	dry "$R" vfio-gpu.ids=8086:1901
	assert_success
	assert_output "skip 0000:00:01.0 8086:1901 group=1 reason=bridge"
}

@test "the host bridge named by its group is left alone" {
	dry "$R" vfio-gpu.groups=0
	assert_success
	assert_output "skip 0000:00:00.0 8086:3e30 group=0 reason=bridge"
}
