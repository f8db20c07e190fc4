#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# In use at any depth (SPEC "Host-side tool", issue 18) on writable copies
# of the QEMU capture: a fake root cannot make an exclusive open busy, so
# what the system shows decides there, and each kind is planted as the
# kernel shows it: stacks in sys/class/block/*/{slaves,holders} (no depth
# cap), udev's run/udev/data/bMAJ:MIN, ZFS's proc/spl/kstat/zfs/POOL,
# sys/fs/btrfs/UUID/devices, uio and NVMe character devices, proc/PID/maps,
# net/IF/flags and proc/PID/mountinfo of another mount namespace. Each
# refusal names the kind, the device and the process where there is one.
load helpers

setup() {
	common_setup
	q35_copy
	SATA=devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block
	F8=devices/pci0000:00/0000:00:03.0/0000:02:00.0
	mkdir -p "$R/sys/class/block" "$R/sys/dev/block" "$R/proc/self"
	: >"$R/proc/self/mountinfo"
}

assert_nothing_written() {
	run test -e "$R/.vg-writes"
	assert_failure
}

# blk NAME DIR MAJ:MIN: block device NAME at sys/DIR/NAME, linked from
# sys/class/block and sys/dev/block, with its dev file.
blk() {
	mkdir -p "$R/sys/$2/$1/holders" "$R/sys/$2/$1/slaves"
	echo "$3" >"$R/sys/$2/$1/dev"
	ln -s "../../$2/$1" "$R/sys/class/block/$1"
	ln -s "../../../$2/$1" "$R/sys/dev/block/$3"
}

# dm NAME MAJ:MIN DMNAME: a device-mapper device, with its dm/name.
dm() {
	blk "$1" devices/virtual/block "$2"
	mkdir -p "$R/sys/devices/virtual/block/$1/dm"
	echo "$3" >"$R/sys/devices/virtual/block/$1/dm/name"
}

# stack LOWER UPPER: UPPER is built on LOWER (slaves/ and holders/).
stack() {
	ln -s "../../../../../sys/class/block/$1" "$R/sys/class/block/$2/slaves/$1"
	ln -s "../../../../../sys/class/block/$2" "$R/sys/class/block/$1/holders/$2"
}

# udev MAJ:MIN ID_FS_TYPE [ID_FS_LABEL]: udev's database entry.
udev() {
	mkdir -p "$R/run/udev/data"
	{
		echo "S:disk/by-id/test-$1"
		echo "E:ID_FS_TYPE=$2"
		[ -z "${3:-}" ] || echo "E:ID_FS_LABEL=$3"
	} >"$R/run/udev/data/b$1"
}

mountinfo() { # MAJ:MIN MOUNTPOINT SOURCE [FILE]
	echo "$((RANDOM + 30)) 1 $1 / $2 rw,relatime shared:1 - ext4 $3 rw" >>"${4:-$R/proc/self/mountinfo}"
}

proc() { # PID COMM TARGET...
	local pid=$1 comm=$2 n=3
	shift 2
	mkdir -p "$R/proc/$pid/fd"
	echo "$comm" >"$R/proc/$pid/comm"
	for t in "$@"; do
		ln -s "$t" "$R/proc/$pid/fd/$n"
		n=$((n + 1))
	done
}

# The deep stack of issue 18 on the SATA controller: sda1 + sdb1 (md RAID)
# -> md0 (LUKS) -> dm-0 (the opened LUKS, an LVM PV) -> thin pool data
# dm-1 -> pool dm-2 -> thin volume dm-3; five levels above the disk.
deep_stack() {
	blk sda "$SATA" 8:0
	blk sda1 "$SATA/sda" 8:1
	blk sdb "${SATA/0:0:0:0/1:0:0:0}" 8:16
	blk sdb1 "${SATA/0:0:0:0/1:0:0:0}/sdb" 8:17
	blk md0 devices/virtual/block 9:0
	dm dm-0 253:0 luks-md0
	dm dm-1 253:1 vg-pool_tdata
	dm dm-2 253:2 vg-pool-tpool
	dm dm-3 253:3 vg-thin
	udev 8:1 linux_raid_member
	udev 8:17 linux_raid_member
	udev 9:0 crypto_LUKS
	udev 253:0 LVM2_member
	udev 253:3 ext4
}

@test "a mount five devices above the disk (md, LUKS, LVM thin) is found through slaves/, no depth cap" {
	deep_stack
	# slaves/ only: the mount alone must be found at this depth
	while read -r lower upper; do
		ln -s "../../../../../sys/class/block/$lower" "$R/sys/class/block/$upper/slaves/$lower"
	done <<-LEVELS
		sda1 md0
		sdb1 md0
		md0 dm-0
		dm-0 dm-1
		dm-1 dm-2
		dm-2 dm-3
	LEVELS
	mountinfo 253:3 /srv /dev/mapper/vg-thin
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output "vfio-gpu: error: IOMMU group 6 is in use: /dev/dm-3, a block device below 0000:00:1f.2, is mounted at /srv; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
}

@test "a stack the kernel holds (holders/, any depth) is refused naming every level, mounted or not; members alone are not a use" {
	deep_stack
	while read -r lower upper; do stack "$lower" "$upper"; done <<-LEVELS
		sda1 md0
		sdb1 md0
		md0 dm-0
		dm-0 dm-1
		dm-1 dm-2
		dm-2 dm-3
	LEVELS
	mountinfo 253:3 /srv /dev/mapper/vg-thin
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	chain="md0 (crypto_LUKS) -> dm-0 (luks-md0, LVM2_member) -> dm-1 (vg-pool_tdata) -> dm-2 (vg-pool-tpool) -> dm-3 (vg-thin, ext4)"
	assert_line --partial "IOMMU group 6 is in use: /dev/dm-3, a block device below 0000:00:1f.2, is mounted at /srv;"
	assert_line "vfio-gpu: error: IOMMU group 6 is in use: /dev/sda1 (linux_raid_member), a block device below 0000:00:1f.2, is held by the kernel: $chain; nothing was changed (end that use first, or give --force)"
	assert_line --partial "/dev/sdb1 (linux_raid_member), a block device below 0000:00:1f.2, is held by the kernel: $chain;"
	assert_nothing_written
	# unmounted, the stack is still assembled: still refused
	: >"$R/proc/self/mountinfo"
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_line --partial "/dev/sda1 (linux_raid_member), a block device below 0000:00:1f.2, is held by the kernel: $chain;"
	refute_output --partial "mounted"
	# stopped (no holders): RAID members on a disk are no use of it
	rm "$R"/sys/class/block/sda1/holders/* "$R"/sys/class/block/sdb1/holders/*
	run -0 "$VG" --root "$R" bind 0000:00:1f.2
	refute_output --partial "in use"
}

@test "a loop in slaves/ or holders/ ends the walk" {
	blk sda "$SATA" 8:0
	dm dm-5 253:5 a
	dm dm-6 253:6 b
	stack dm-5 dm-6
	stack dm-6 dm-5
	stack sda dm-5
	mountinfo 253:6 /loop /dev/mapper/b
	run -1 timeout 20 "$VG" --root "$R" bind 0000:00:1f.2
	assert_line --partial "/dev/dm-6, a block device below 0000:00:1f.2, is mounted at /loop;"
	assert_line --partial "/dev/sda, a block device below 0000:00:1f.2, is held by the kernel: dm-5 (a) -> dm-6 (b);"
}

@test "a member of an imported ZFS pool (no process, no holder) is refused; not once the pool is exported" {
	blk sdc "${SATA/0:0:0:0/2:0:0:0}" 8:32
	blk sdc1 "${SATA/0:0:0:0/2:0:0:0}/sdc" 8:33
	udev 8:33 zfs_member tank
	mkdir -p "$R/proc/spl/kstat/zfs/tank"
	: >"$R/proc/spl/kstat/zfs/arcstats"
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output "vfio-gpu: error: IOMMU group 6 is in use: /dev/sdc1, a block device below 0000:00:1f.2, is a member of the imported ZFS pool tank; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	rm -r "$R/proc/spl/kstat/zfs/tank"
	run -0 "$VG" --root "$R" bind 0000:00:1f.2
	refute_output --partial "in use"
}

@test "the second device of a mounted multi-device btrfs is refused (sys/fs/btrfs/UUID/devices)" {
	blk sda "$SATA" 8:0
	blk sdb "${SATA/0:0:0:0/1:0:0:0}" 8:16
	# the mount line names the first device, on another controller
	mountinfo 0:33 /data /dev/nvme0n1p1
	u=$R/sys/fs/btrfs/6f1c2d9e-1111-4222-8333-944445555666
	mkdir -p "$u/devices" "$R/sys/fs/btrfs/features"
	ln -s ../../../../devices/pci0000:00/0000:00:06.0/nvme/nvme0/nvme0n1/nvme0n1p1 "$u/devices/nvme0n1p1"
	ln -s "../../../../$SATA/sdb" "$u/devices/sdb"
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output "vfio-gpu: error: IOMMU group 6 is in use: /dev/sdb, a block device below 0000:00:1f.2, is a device of the mounted btrfs filesystem 6f1c2d9e-1111-4222-8333-944445555666; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
}

@test "a /dev/uioN of the function held open or mapped (DPDK) is refused, naming pid and command" {
	mkdir -p "$R/sys/class/uio" "$R/sys/$F8/uio/uio0"
	echo 243:0 >"$R/sys/$F8/uio/uio0/dev"
	printf 'MAJOR=243\nMINOR=0\nDEVNAME=uio0\n' >"$R/sys/$F8/uio/uio0/uevent"
	ln -s "../../$F8/uio/uio0" "$R/sys/class/uio/uio0"
	proc 1500 dpdk-testpmd /dev/null /dev/uio0
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output "vfio-gpu: error: IOMMU group 8 is in use: pid 1500 (dpdk-testpmd) holds /dev/uio0; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	# the fd closed, the mapping kept
	rm -r "$R/proc/1500/fd"
	printf '7f0000000000-7f0000001000 rw-s 00000000 00:05 321   /dev/uio0\n' >"$R/proc/1500/maps"
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output --partial "IOMMU group 8 is in use: pid 1500 (dpdk-testpmd) maps /dev/uio0;"
	# another group is not held by it
	run -0 "$VG" --root "$R" bind 7
	refute_output --partial "in use"
}

@test "a process mapping a function's resourceN (BAR through sysfs) is refused; another function's BAR is not this group's use" {
	mkdir -p "$R/proc/1600" "$R/proc/1601"
	echo gpu-probe >"$R/proc/1600/comm"
	cat >"$R/proc/1600/maps" <<MAPS
55d0c0000000-55d0c0021000 r-xp 00000000 08:01 1311 /usr/bin/gpu-probe
7f1200000000-7f1201000000 rw-s 00000000 00:16 2210 /sys/$F8/resource0
7f1201000000-7f1201001000 rw-s 00000000 00:16 2212 /sys/$F8/resource2_wc
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]
MAPS
	echo other >"$R/proc/1601/comm"
	echo "7f1200000000-7f1201000000 rw-s 00000000 00:16 2300 /sys/devices/pci0000:00/0000:00:02.0/0000:01:00.0/resource0" >"$R/proc/1601/maps"
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_line "vfio-gpu: error: IOMMU group 8 is in use: pid 1600 (gpu-probe) maps /sys/$F8/resource0; nothing was changed (end that use first, or give --force)"
	assert_line --partial "pid 1600 (gpu-probe) maps /sys/$F8/resource2_wc;"
	refute_output --partial "pid 1601"
	assert_nothing_written
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "IOMMU group 7 is in use: pid 1601 (other) maps /sys/devices/pci0000:00/0000:00:02.0/0000:01:00.0/resource0;"
}

@test "an NVMe character device of the function held open (/dev/ng0n1, /dev/nvme0) is refused" {
	mkdir -p "$R/sys/class/nvme" "$R/sys/class/nvme-generic" "$R/sys/$F8/nvme/nvme0/ng0n1"
	echo 241:0 >"$R/sys/$F8/nvme/nvme0/dev"
	printf 'MAJOR=241\nMINOR=0\nDEVNAME=nvme0\n' >"$R/sys/$F8/nvme/nvme0/uevent"
	echo 240:0 >"$R/sys/$F8/nvme/nvme0/ng0n1/dev"
	printf 'MAJOR=240\nMINOR=0\nDEVNAME=ng0n1\n' >"$R/sys/$F8/nvme/nvme0/ng0n1/uevent"
	ln -s "../../$F8/nvme/nvme0" "$R/sys/class/nvme/nvme0"
	ln -s "../../$F8/nvme/nvme0/ng0n1" "$R/sys/class/nvme-generic/ng0n1"
	proc 1700 spdk_tgt /dev/ng0n1
	proc 1701 smartd /dev/nvme0
	proc 1702 bash /dev/ng1n1
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_line "vfio-gpu: error: IOMMU group 8 is in use: pid 1700 (spdk_tgt) holds /dev/ng0n1; nothing was changed (end that use first, or give --force)"
	assert_line --partial "IOMMU group 8 is in use: pid 1701 (smartd) holds /dev/nvme0;"
	refute_output --partial "pid 1702"
	assert_nothing_written
}

@test "a network interface of the function that is up is refused (IFF_UP, with or without carrier); down it is not; --force goes on" {
	n=$R/sys/$F8/net/enp2s0
	mkdir -p "$n"
	echo 0x1003 >"$n/flags"
	echo up >"$n/operstate"
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output "vfio-gpu: error: IOMMU group 8 is in use: network interface enp2s0 of 0000:02:00.0 is up (operstate up; ip link set enp2s0 down first); nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	# up without a cable is still the administrator's up
	echo 0x1003 >"$n/flags"
	echo down >"$n/operstate"
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output --partial "network interface enp2s0 of 0000:02:00.0 is up (operstate down;"
	echo 0x1002 >"$n/flags"
	run -0 "$VG" --root "$R" bind 0000:02:00.0
	refute_output --partial "in use"
	run -0 "$VG" --root "$R" release 8
	echo 0x1003 >"$n/flags"
	run -0 "$VG" --root "$R" bind --force 0000:02:00.0
	assert_line "vfio-gpu: warning: --force: IOMMU group 8 is in use, going on anyway: network interface enp2s0 of 0000:02:00.0 is up (operstate down; ip link set enp2s0 down first)"
	assert_driver 0000:02:00.0 vfio-pci
}

@test "a mount in another mount namespace is refused naming a process in it; each namespace is read once, ours is not read twice" {
	blk sda "$SATA" 8:0
	blk sda1 "$SATA/sda" 8:1
	mkdir -p "$R/proc/self/ns"
	ln -s 'mnt:[4026531840]' "$R/proc/self/ns/mnt"
	for p in 4000 4001 4002; do
		mkdir -p "$R/proc/$p/ns"
		echo "$p-cmd" >"$R/proc/$p/comm"
	done
	echo containerd >"$R/proc/4000/comm"
	ln -s 'mnt:[4026532000]' "$R/proc/4000/ns/mnt"
	ln -s 'mnt:[4026532000]' "$R/proc/4001/ns/mnt"
	ln -s 'mnt:[4026531840]' "$R/proc/4002/ns/mnt"
	for p in 4000 4001 4002; do
		mountinfo 8:1 /var/lib/data /dev/sda1 "$R/proc/$p/mountinfo"
	done
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output "vfio-gpu: error: IOMMU group 6 is in use: pid 4000 (containerd) has /dev/sda1, a block device below 0000:00:1f.2, mounted at /var/lib/data in its own mount namespace; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	# the namespace gone: free
	rm -r "$R/proc/4000" "$R/proc/4001"
	run -0 "$VG" --root "$R" bind 0000:00:1f.2
	refute_output --partial "in use"
}

@test "a mounted NVMe multipath disk (under the virtual nvme-subsystem) is below its controller's function" {
	sub=devices/virtual/nvme-subsystem/nvme-subsys0
	mkdir -p "$R/sys/$F8/nvme/nvme0" "$R/sys/$sub" "$R/sys/class/nvme-subsystem"
	ln -s "../../$sub" "$R/sys/class/nvme-subsystem/nvme-subsys0"
	ln -s ../../../pci0000:00/0000:00:03.0/0000:02:00.0/nvme/nvme0 "$R/sys/$sub/nvme0"
	blk nvme0n1 "$sub" 259:0
	blk nvme0n1p1 "$sub/nvme0n1" 259:1
	mountinfo 259:1 / /dev/nvme0n1p1
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output "vfio-gpu: error: IOMMU group 8 is in use: /dev/nvme0n1p1, a block device below 0000:02:00.0, is mounted at /; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	run -0 "$VG" --root "$R" bind 7
	refute_output --partial "in use"
}
