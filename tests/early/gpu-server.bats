#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A two-GPU server (tests/fixtures/gpu-server): identical cards told apart,
# RTX companion functions (audio, xhci, UCSI) dragged in with their group,
# the BMC boot VGA, a card already on vfio-pci, and a 6.8-style module set
# (xz, iommufd already loaded, no vfio_virqfd, a decompressed copy, options
# from modprobe.d with /etc hiding /usr/lib and a continuation line).

load helpers

setup_file() {
	export R=$BATS_FILE_TMPDIR/root
	make_root gpu-server "$R"
}

@test "subsystem ids tell cards of different vendors apart" {
	dry "$R" vfio-gpu.ids=10de:1e87:1458:37a8
	assert_success
	assert_line "claim 0000:01:00.0 10de:1e87 group=1 was=nouveau by=ids target=vfio_pci"
	# No ASUS card here: the entry names nothing, an error since v3.
	dry "$R" vfio-gpu.ids=10de:1e87:1043:866a
	assert_failure 1
	assert_output "error reason=no-match entry=vfio-gpu.ids=10de:1e87:1043:866a"
}

@test "a vendor wildcard that reaches the onboard audio's group is refused for its NIC" {
	dry "$R" vfio-gpu.ids=8086:a348
	assert_failure 1
	assert_output "refuse group=6 reason=protected dev=0000:00:1f.6 class=0200"
}

@test "the BMC boot VGA behind its bridge: refused by ids and by group, taken by address or by exact id with consent" {
	dry "$R" vfio-gpu.ids=1a03:2000
	assert_failure 1
	assert_output "refuse group=7 reason=boot-vga dev=0000:04:00.0 class=0300"
	# v3: a group number is no consent for the host's console (v2 took it).
	dry "$R" vfio-gpu.groups=7
	assert_failure 1
	assert_output "refuse group=7 reason=boot-vga dev=0000:04:00.0 class=0300"
	dry "$R" vfio-gpu.ids=1a03:*,1a03:2000 vfio-gpu.boot_vga=1
	assert_success
	assert_line --index 0 "skip 0000:03:00.0 1a03:1150 group=7 reason=bridge"
	assert_line --index 1 "claim 0000:04:00.0 1a03:2000 group=7 was=ast by=ids target=vfio_pci"
	dry "$R" vfio-gpu.addrs=04:00.0
	assert_success
	assert_line --index 1 "claim 0000:04:00.0 1a03:2000 group=7 was=ast by=addrs target=vfio_pci"
}

@test "a card already on vfio-pci is claimed again, was=vfio-pci" {
	dry "$R" vfio-gpu.ids=1002:67df
	assert_success
	assert_line --index 0 "claim 0000:05:00.0 1002:67df group=8 was=vfio-pci by=ids target=vfio_pci"
	assert_line --index 1 "claim 0000:05:00.1 1002:aaf0 group=8 was=vfio-pci by=group target=vfio_pci"
}

@test "an already loaded module (iommufd) is not loaded again" {
	run --separate-stderr "$BIN" --root "$R" --dry-run --verbose
	assert_success
	refute_output --partial "load iommufd"
	assert_stderr --partial "module iommufd is already loaded"
}

@test "the decompressed copy beside a .ko.xz is loaded instead" {
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args='disable_vga=1'"
	assert_line "load vfio_pci_core path=kernel/drivers/vfio/pci/vfio-pci-core.ko.xz args=''"
}

@test "modprobe.d options follow, command-line options come after them" {
	dry "$R" vfio-gpu.addrs=02:00.0 vfio-pci.disable_idle_d3=1
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args='disable_vga=1 disable_idle_d3=1'"
	refute_output --partial nointxmask
}

@test "a quoted newline in a module option cannot forge a plan line (issue 10)" {
	R=$BATS_TEST_TMPDIR/root
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	dry "$R" 'vfio-gpu.groups=8 vfio_pci.x="a
claim 0000:00:1f.2 8086:2922 group=6 was=ahci by=addrs"'
	assert_success
	refute_line --regexp '^claim 0000:00:1f\.2'
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args='x=\"a\\x0aclaim 0000:00:1f.2 8086:2922 group=6 was=ahci by=addrs\"'"
}
