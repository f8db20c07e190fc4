# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-test/lib/machine.sh — the one PCI topology every capture, boot test and
# shellcheck shell=sh
# demo runs on. Sourced (POSIX sh). Change it here and recapture the fixture
# (qemu-test/capture-sysfs): tests/fixtures/qemu-q35 and the boot assertions
# depend on these addresses.
# shellcheck disable=SC2034 # the VG_* names are read by the scripts that source this
#
#   00:01.0  1234:1111 VGA (class 0300), the boot VGA (boot_vga=1), own group
#   00:02.0  root port -> bus 01: "GPU card A", one slot, one group
#            01:00.0 1234:1111 secondary-vga (0380), 01:00.1 8086:293e HDA (0403),
#            01:00.2 1b36:000d qemu-xhci (0c03) — the RTX-style USB function
#   00:03.0  root port -> bus 02: "GPU card B", identical ids to card A
#            02:00.0 1234:1111 secondary-vga, 02:00.1 8086:293e HDA
#   00:04.0  root port -> bus 03: a GPU-like function sharing its group with a NIC
#            03:00.0 1af4:1050 virtio-gpu (0380), 03:00.1 8086:10d3 e1000e (0200)
#   00:05.0  root port -> bus 04: 04:00.0 1b36:000e pcie-pci-bridge -> bus 05
#            05:01.0 1274:5000 es1370 (0401), 05:02.0 1b36:0002 pci-serial (0700)
#   00:1f.*  q35's own ICH9 slot: LPC, AHCI disk controller (0106), SMBus — one group
#
# The cards are GPU-like, not GPUs: what matters to the binder is ids, classes,
# header types, boot_vga and the IOMMU groups, which are all real here.

# Memory per guest: two guests may run at once on the 2-core/24 GiB test machines.
: "${VG_MEM:=1024}"

# QEMU arguments for the machine, one word each (no word holds a space).
vg_machine_args() {
	# GenuineIntel so that the guest's CPU vendor matches its (Intel) IOMMU:
	# the binder names intel_iommu=on or the firmware setup (AMD) from /proc/cpuinfo.
	echo "-machine q35 -accel tcg -cpu qemu64,vendor=GenuineIntel -smp 1 -m $VG_MEM"
	echo "-device intel-iommu"
	echo "-nic none -vga none"
	echo "-device VGA,bus=pcie.0,addr=01.0"
	# Card A
	echo "-device pcie-root-port,id=rp1,bus=pcie.0,addr=02.0,chassis=1,slot=1"
	echo "-device secondary-vga,bus=rp1,addr=00.0,multifunction=on"
	echo "-device ich9-intel-hda,id=hda1,bus=rp1,addr=00.1"
	echo "-device hda-duplex,bus=hda1.0,audiodev=snd0"
	echo "-device qemu-xhci,bus=rp1,addr=00.2"
	# Card B, identical ids; and a display function and NIC in one slot,
	# the protected-NIC group. VG_MACHINE=moved swaps the two cards' root
	# ports, as an administrator who re-seats cards does between two boots:
	# 02:00.0 then holds the virtio-gpu and 02:00.1 the NIC (the pin test).
	echo "-device pcie-root-port,id=rp2,bus=pcie.0,addr=03.0,chassis=2,slot=2"
	echo "-device pcie-root-port,id=rp3,bus=pcie.0,addr=04.0,chassis=3,slot=3"
	_b=rp2 _mix=rp3
	[ "${VG_MACHINE:-}" = moved ] && _b=rp3 _mix=rp2
	echo "-device secondary-vga,bus=$_b,addr=00.0,multifunction=on"
	echo "-device ich9-intel-hda,id=hda2,bus=$_b,addr=00.1"
	echo "-device hda-duplex,bus=hda2.0,audiodev=snd0"
	echo "-device virtio-gpu-pci,bus=$_mix,addr=00.0,multifunction=on"
	echo "-device e1000e,bus=$_mix,addr=00.1,netdev=net0"
	echo "-netdev user,id=net0,restrict=on"
	# A conventional PCI bridge with two devices behind it: one group
	echo "-device pcie-root-port,id=rp4,bus=pcie.0,addr=05.0,chassis=4,slot=4"
	echo "-device pcie-pci-bridge,id=pb1,bus=rp4,addr=00.0"
	echo "-device ES1370,bus=pb1,addr=01.0,audiodev=snd0"
	echo "-device pci-serial,bus=pb1,addr=02.0"
	echo "-audiodev none,id=snd0"
}

# vg_machine_extra SCENARIO: QEMU words a scenario adds to the machine (none
# for most). "variant*": QEMU's pci-testdev (1b36:0005, no in-kernel driver),
# the device the test-only variant driver (qemu-test/variant-driver) binds,
# behind its own root port at 00:07.0, so it is 06:00.0 in its own group.
vg_machine_extra() {
	case $1 in
	variant*)
		echo "-device pcie-root-port,id=rp6,bus=pcie.0,addr=07.0,chassis=6,slot=6"
		echo "-device pci-testdev,bus=rp6,addr=00.0"
		;;
	esac
}

# vg_machine_layout SCENARIO: the VG_MACHINE value a scenario boots with
# ("moved" for the pin-moved* scenarios, else the machine above).
vg_machine_layout() {
	case $1 in
	pin-moved*) echo moved ;;
	esac
}

# Addresses the boot assertions refer to, named once.
VG_BOOTVGA=0000:00:01.0
VG_CARDA_VGA=0000:01:00.0
VG_CARDA_HDA=0000:01:00.1
VG_CARDA_USB=0000:01:00.2
VG_CARDB_VGA=0000:02:00.0
VG_CARDB_HDA=0000:02:00.1
VG_MIX_GPU=0000:03:00.0
VG_MIX_NIC=0000:03:00.1
VG_TESTDEV=0000:06:00.0

# Four empty hot-plug slots for the late-device test (qemu-test/hotplug-boot),
# not part of the machine above (the fixture and the boot tests stay as they
# are): root ports 00:06.0 to 00:09.0 (hp1 to hp4, buses 06 to 09), with room
# reserved by the firmware for a hot-plugged card's BARs (a secondary-vga has
# 16 MiB of prefetchable memory).
vg_hotplug_ports_args() {
	for _p in 1 2 3 4; do
		echo "-device pcie-root-port,id=hp$_p,bus=pcie.0,addr=0$((_p + 5)).0,chassis=$((_p + 5)),slot=$((_p + 5)),mem-reserve=8M,pref64-reserve=64M"
	done
}
# What hotplug-boot plugs there (intel-hda 8086:2668 is the selected id):
# hp1 a two-function card, intel-hda at function 0 and a secondary-vga sibling
# at 1; hp3 the same card with the two swapped; hp4 an intel-hda at 0 beside
# an e1000e NIC at 1 (host-critical, not named); hp2 a lone secondary-vga.
VG_HOTPLUG_SEL=0000:06:00.0
VG_HOTPLUG_SEL_SIB=0000:06:00.1
VG_HOTPLUG_OTHER=0000:07:00.0
VG_HOTPLUG_SIB=0000:08:00.0
VG_HOTPLUG_SIB_SEL=0000:08:00.1
VG_HOTPLUG_NICCARD=0000:09:00.0
VG_HOTPLUG_NICCARD_NIC=0000:09:00.1
