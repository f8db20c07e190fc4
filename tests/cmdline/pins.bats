#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Pins (SPEC "What gets claimed" rule 6): add and set write each address of
# vfio-gpu.addrs as ADDR@VVVV:DDDD, the identity of the function it holds now
# (ROOT/sys/bus/pci/devices/ADDR/vendor and device), so that a moved card
# never hands its address to another function. --no-pin writes the address
# alone; an address holding nothing is refused; a pin given is kept as given.
load helpers

setup() {
	common_setup
	sdboot_root
	printf 'root=/dev/sda2 quiet\n' >"$K"
	pcidev 0000:01:00.0 0x10de 0x1e87
	pcidev 0000:01:00.1 0x10de 0x10f8
	pcidev 0000:0a:00.0 0x1002 0x73bf
}

# pcidev ADDR VENDOR DEVICE: a function in the fake sysfs.
pcidev() {
	mkdir -p "$R/sys/bus/pci/devices/$1"
	printf '%s\n' "$2" >"$R/sys/bus/pci/devices/$1/vendor"
	printf '%s\n' "$3" >"$R/sys/bus/pci/devices/$1/device"
}

want() {
	printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/want"
	cmp "$K" "$BATS_TEST_TMPDIR/want"
}

@test "add ADDR writes ADDR@VVVV:DDDD read from the machine, in the domain form" {
	run -0 vgc add vfio-gpu.addrs=01:00.0
	assert_line "vfio-gpu-cmdline: pinned 01:00.0 to the function it holds now: 0000:01:00.0@10de:1e87 (--no-pin writes the address alone)"
	want 'root=/dev/sda2 quiet vfio-gpu.addrs=0000:01:00.0@10de:1e87'
}

@test "every item of a list is pinned; upper-case and short forms are normalised" {
	run -0 vgc add vfio-gpu.addrs=0000:01:00.0,1:0.1,0A:00.0
	want 'root=/dev/sda2 quiet vfio-gpu.addrs=0000:01:00.0@10de:1e87,0000:01:00.1@10de:10f8,0000:0a:00.0@1002:73bf'
}

@test "set pins too; --remove is never pinned" {
	printf 'quiet vfio-gpu.ids=10de:1e87\n' >"$K"
	run -0 vgc set --remove quiet vfio-gpu.addrs=01:00.0
	want 'vfio-gpu.addrs=0000:01:00.0@10de:1e87'
}

@test "--no-pin writes the address as given" {
	run -0 vgc --no-pin add vfio-gpu.addrs=01:00.0
	refute_output --partial "pinned"
	want 'root=/dev/sda2 quiet vfio-gpu.addrs=01:00.0'
}

@test "an address that holds nothing is refused, naming it; nothing changed; --no-pin allows it" {
	cp "$K" "$BATS_TEST_TMPDIR/before"
	run -1 vgc add vfio-gpu.addrs=01:00.0,02:00.0
	assert_output "vfio-gpu-cmdline: error: vfio-gpu.addrs: 02:00.0 holds no PCI function on this machine ($R/sys/bus/pci/devices/0000:02:00.0 does not exist), so there is nothing to pin it to: check the address with 'vfio-gpu list' or lspci, or pass --no-pin to write it unpinned; nothing changed"
	cmp "$K" "$BATS_TEST_TMPDIR/before"
	run -0 vgc --no-pin add vfio-gpu.addrs=02:00.0
	want 'root=/dev/sda2 quiet vfio-gpu.addrs=02:00.0'
}

@test "a pin given is kept as given, even one the machine does not hold now; a bad pin is refused by --validate" {
	run -0 vgc add vfio-gpu.addrs=01:00.0@10de:2204,01:00.1
	want 'root=/dev/sda2 quiet vfio-gpu.addrs=01:00.0@10de:2204,0000:01:00.1@10de:10f8'
	cp "$K" "$BATS_TEST_TMPDIR/before"
	run -2 vgc add vfio-gpu.addrs=01:00.0@10de
	assert_line "vfio-gpu-cmdline: error: invalid argument 'vfio-gpu.addrs=01:00.0@10de': bad-pin (vfio-gpu-early --validate)"
	cmp "$K" "$BATS_TEST_TMPDIR/before"
}

@test "one entry per address: adding it again is 'already set', an unpinned entry gets the pin" {
	printf 'quiet vfio-gpu.addrs=0000:01:00.0@10de:1e87\n' >"$K"
	run -0 vgc add vfio-gpu.addrs=01:00.0
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.addrs=0000:01:00.0@10de:1e87"
	printf 'quiet vfio-gpu.addrs=01:00.0,0a:00.0\n' >"$K"
	run -0 vgc add vfio-gpu.addrs=0000:01:00.0
	assert_line "vfio-gpu-cmdline: replaced 01:00.0 with 0000:01:00.0@10de:1e87 in vfio-gpu.addrs of $R/etc/kernel/cmdline"
	want 'quiet vfio-gpu.addrs=0000:01:00.0@10de:1e87,0a:00.0'
}

@test "remove ADDR removes that address's entry whatever its pin or form" {
	printf 'quiet vfio-gpu.addrs=0000:01:00.0@10de:1e87,0000:0a:00.0@1002:73bf\n' >"$K"
	run -0 vgc remove vfio-gpu.addrs=1:0.0
	want 'quiet vfio-gpu.addrs=0000:0a:00.0@1002:73bf'
	run -0 vgc remove vfio-gpu.addrs=0000:0A:00.0@1002:73bf
	want 'quiet'
}

@test "a vendor or device file that is no identity: refused, the file named" {
	printf 'garbage\n' >"$R/sys/bus/pci/devices/0000:01:00.0/device"
	cp "$K" "$BATS_TEST_TMPDIR/before"
	run -1 vgc add vfio-gpu.addrs=01:00.0
	assert_output "vfio-gpu-cmdline: error: vfio-gpu.addrs: cannot pin 01:00.0: $R/sys/bus/pci/devices/0000:01:00.0/vendor and device read '0x10de' and 'garbage', not a vendor:device; pass --no-pin to write it unpinned; nothing changed"
	cmp "$K" "$BATS_TEST_TMPDIR/before"
	rm "$R/sys/bus/pci/devices/0000:01:00.0/device"
	mkfifo "$R/sys/bus/pci/devices/0000:01:00.0/device"
	run -1 timeout 10 env -i PATH="$STUBS:$SYSBIN" VFIO_GPU_EARLY="$EARLY" /bin/dash "$TOOL" --root "$R" add vfio-gpu.addrs=01:00.0
	assert_output --partial "cannot pin 01:00.0: $R/sys/bus/pci/devices/0000:01:00.0/device is not a readable file"
}

@test "a VMD domain (five digits) is kept whole in the domain form" {
	pcidev 10000:01:00.0 0x8086 0x0a54
	run -0 vgc add vfio-gpu.addrs=10000:1:0.0
	want 'root=/dev/sda2 quiet vfio-gpu.addrs=10000:01:00.0@8086:0a54'
}

@test "--dry-run pins too and writes nothing" {
	run -0 vgc --dry-run add vfio-gpu.addrs=01:00.0
	assert_output --partial "+root=/dev/sda2 quiet vfio-gpu.addrs=0000:01:00.0@10de:1e87"
	want 'root=/dev/sda2 quiet'
}
