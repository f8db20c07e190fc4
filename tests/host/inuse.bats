#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu bind / release refuse a group in use (SPEC "Host-side tool"), on
# writable copies of the QEMU capture: each kind of use is planted under the
# root (proc/PID/fd/N links to /dev nodes, proc/PID/comm, proc/self/mountinfo,
# proc/swaps, sys/class/block, sys/class/vtconsole and sys/class/graphics),
# the refusal names it and nothing is written; --force goes on with a
# warning; one lock (run/vfio-gpu/lock) serialises the runs.
load helpers

setup() {
	common_setup
	q35_copy
	LOCK=$R/run/vfio-gpu/lock
}

# Nothing under $R/sys was written (the seam logs every write).
assert_nothing_written() {
	run test -e "$R/.vg-writes"
	assert_failure
}

# proc PID COMM TARGET...: a process of that command holding the targets.
proc() {
	local pid=$1 comm=$2 n=3
	shift 2
	mkdir -p "$R/proc/$pid/fd"
	echo "$comm" >"$R/proc/$pid/comm"
	for t in "$@"; do
		ln -s "$t" "$R/proc/$pid/fd/$n"
		n=$((n + 1))
	done
}

# A group already on vfio-pci, without logging that set-up's writes.
bound() { # GROUP
	run -0 "$VG" --root "$R" bind "$1"
	rm -f "$R/.vg-writes"
}

# The SATA controller 0000:00:1f.2 with a disk: sda (sda1, sda2, sda3) and a
# device-mapper volume dm-0 on sda2, as sysfs links them.
disk() {
	local sata=../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda
	mkdir -p "$R/sys/class/block" "$R/sys/dev/block" "$R/sys/devices/virtual/block/dm-0/slaves"
	ln -s "$sata" "$R/sys/class/block/sda"
	for p in 1 2 3; do
		ln -s "$sata/sda$p" "$R/sys/class/block/sda$p"
		ln -s "../../../devices/pci0000:00/0000:00:1f.2/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda$p" \
			"$R/sys/dev/block/8:$p"
	done
	ln -s ../../devices/virtual/block/dm-0 "$R/sys/class/block/dm-0"
	ln -s ../../../devices/virtual/block/dm-0 "$R/sys/dev/block/253:0"
	ln -s ../../../../../sys/class/block/sda2 "$R/sys/devices/virtual/block/dm-0/slaves/sda2"
	mkdir -p "$R/proc/self"
	: >"$R/proc/self/mountinfo"
	printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n' >"$R/proc/swaps"
}

# mount MAJ:MIN MOUNTPOINT SOURCE: one line of proc/self/mountinfo.
mountinfo() {
	echo "$((RANDOM + 30)) 1 $1 / $2 rw,relatime shared:1 - ext4 $3 rw" >>"$R/proc/self/mountinfo"
}

@test "bind refuses a group whose /dev/vfio/N a process holds, naming pid and command; other nodes do not count" {
	proc 4242 qemu-system-x86 /dev/null /dev/vfio/vfio /dev/vfio/7 /dev/vfio/7
	proc 4343 sleep /dev/vfio/8 /dev/pts/0
	run -1 "$VG" --root "$R" bind 01:00.0
	assert_output "vfio-gpu: error: IOMMU group 7 is in use: pid 4242 (qemu-system-x86) holds /dev/vfio/7; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	assert_driver 0000:01:00.0 bochs-drm
	# the same processes do not stop a group they do not hold
	run -0 "$VG" --root "$R" bind 2
	refute_output --partial "in use"
}

@test "release refuses a bound group a process holds (/dev/vfio/N, noiommu node or vfio-dev cdev), drivers stay" {
	bound 7
	proc 5000 sleep /dev/vfio/7
	run -1 "$VG" --root "$R" release 0000:01:00.1
	assert_output --partial "IOMMU group 7 is in use: pid 5000 (sleep) holds /dev/vfio/7"
	assert_nothing_written
	for f in 0 1 2; do assert_driver 0000:01:00.$f vfio-pci; done
	rm -r "$R/proc/5000"
	proc 5001 qemu /dev/vfio/noiommu-7
	run -1 "$VG" --root "$R" release 7
	assert_output --partial "IOMMU group 7 is in use: pid 5001 (qemu) holds /dev/vfio/noiommu-7"
	rm -r "$R/proc/5001"
	# the per-device cdev (iommufd): its name from uevent DEVNAME
	d=$R/sys/bus/pci/devices/0000:01:00.2/vfio-dev/vfio3
	mkdir -p "$d"
	echo 511:3 >"$d/dev"
	printf 'MAJOR=511\nMINOR=3\nDEVNAME=vfio/devices/vfio3\n' >"$d/uevent"
	proc 5002 cloud-hypervisor /dev/vfio/devices/vfio3
	run -1 "$VG" --root "$R" release 7
	assert_output --partial "IOMMU group 7 is in use: pid 5002 (cloud-hypervisor) holds /dev/vfio/devices/vfio3"
	assert_nothing_written
	for f in 0 1 2; do assert_driver 0000:01:00.$f vfio-pci; done
	# when it is gone, release goes through
	rm -r "$R/proc/5002"
	run -0 "$VG" --root "$R" release 7
	assert_line --partial "0000:01:00.0 1234:1111 group 7: released"
}

@test "bind refuses a card whose /dev/dri nodes are open (uevent DEVNAME or drm/NAME); another card's are not its use" {
	d=$R/sys/bus/pci/devices/0000:01:00.0/drm
	mkdir -p "$d/card0" "$d/renderD128" "$d/card0-Virtual-1"
	echo 226:0 >"$d/card0/dev"
	printf 'MAJOR=226\nMINOR=0\nDEVNAME=dri/card0\n' >"$d/card0/uevent"
	echo 226:128 >"$d/renderD128/dev"
	o=$R/sys/bus/pci/devices/0000:02:00.0/drm/card1
	mkdir -p "$o"
	echo 226:1 >"$o/dev"
	proc 700 Xorg /dev/dri/card0 /dev/dri/card1
	proc 701 ollama /dev/dri/renderD128
	run -1 "$VG" --root "$R" bind 7
	assert_line "vfio-gpu: error: IOMMU group 7 is in use: pid 700 (Xorg) holds /dev/dri/card0; nothing was changed (end that use first, or give --force)"
	assert_line --partial "IOMMU group 7 is in use: pid 701 (ollama) holds /dev/dri/renderD128;"
	refute_output --partial card1
	assert_nothing_written
}

@test "bind refuses an nvidia card whose /dev/nvidiaN is open (minor from /proc/driver/nvidia), not another GPU's" {
	"$TOP/tests/fixtures/set-driver" "$R" 0000:02:00.0 nvidia
	mkdir -p "$R/proc/driver/nvidia/gpus/0000:02:00.0"
	printf 'Model: \t\t NVIDIA Test\nIRQ:   \t\t 40\nDevice Minor: \t 1\n' >"$R/proc/driver/nvidia/gpus/0000:02:00.0/information"
	proc 800 nvidia-smi /dev/nvidiactl /dev/nvidia0
	proc 801 python3 /dev/nvidiactl /dev/nvidia1
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output "vfio-gpu: error: IOMMU group 8 is in use: pid 801 (python3) holds /dev/nvidia1; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	# minor unknown: any /dev/nvidiaN counts (nvidiactl alone does not)
	rm -r "$R/proc/driver/nvidia"
	run -1 "$VG" --root "$R" bind 0000:02:00.0
	assert_output --partial "pid 800 (nvidia-smi) holds /dev/nvidia0;"
	assert_output --partial "pid 801 (python3) holds /dev/nvidia1;"
	refute_output --partial nvidiactl
}

@test "bind refuses a storage controller with a mounted disk (major:minor or source), a mounted volume on it, or swap" {
	disk
	mountinfo 8:1 / /dev/sda1
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output --partial "IOMMU group 6 is in use: /dev/sda1, a block device below 0000:00:1f.2, is mounted at /; nothing was changed"
	assert_nothing_written
	# btrfs shows an anonymous device number: the source names the disk
	: >"$R/proc/self/mountinfo"
	mountinfo 0:33 /home /dev/sda1
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output --partial "/dev/sda1, a block device below 0000:00:1f.2, is mounted at /home"
	# LVM/dm on sda2: found through slaves/
	: >"$R/proc/self/mountinfo"
	mountinfo 253:0 /srv /dev/mapper/vg-srv
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output --partial "/dev/dm-0, a block device below 0000:00:1f.2, is mounted at /srv"
	# swap
	: >"$R/proc/self/mountinfo"
	printf '/dev/sda3                               partition\t1048572\t\t0\t\t-2\n' >>"$R/proc/swaps"
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_output --partial "IOMMU group 6 is in use: /dev/sda3, a block device below 0000:00:1f.2, is in use as swap"
	assert_nothing_written
	# a mount elsewhere (tmpfs, another disk) is no use of this controller
	printf 'Filename Type Size Used Priority\n' >"$R/proc/swaps"
	mountinfo 0:25 /run tmpfs
	mountinfo 259:1 /data /dev/nvme0n1p1
	run -0 "$VG" --root "$R" bind 0000:00:1f.2
	refute_output --partial "in use"
}

@test "bind refuses a storage controller whose disk a process has open" {
	disk
	proc 900 dd /dev/sda
	proc 901 fsck /dev/dm-0
	run -1 "$VG" --root "$R" bind 0000:00:1f.2
	assert_line --partial "IOMMU group 6 is in use: pid 900 (dd) holds /dev/sda, a block device below 0000:00:1f.2;"
	assert_line --partial "IOMMU group 6 is in use: pid 901 (fsck) holds /dev/dm-0, a block device below 0000:00:1f.2;"
	assert_nothing_written
}

@test "bind refuses the VGA whose frame buffer carries the console (fbcon bound, its map); not another card's fb, not when unbound" {
	mkdir -p "$R/sys/class/vtconsole/vtcon0" "$R/sys/class/vtconsole/vtcon1" \
		"$R/sys/class/graphics/fb0" "$R/sys/class/graphics/fb1" "$R/sys/class/graphics/fbcon"
	echo "(S) dummy device" >"$R/sys/class/vtconsole/vtcon0/name"
	echo 0 >"$R/sys/class/vtconsole/vtcon0/bind"
	echo "(M) frame buffer device" >"$R/sys/class/vtconsole/vtcon1/name"
	echo 1 >"$R/sys/class/vtconsole/vtcon1/bind"
	ln -s ../../../devices/pci0000:00/0000:00:01.0 "$R/sys/class/graphics/fb0/device"
	ln -s ../../../devices/pci0000:00/0000:00:02.0/0000:01:00.0 "$R/sys/class/graphics/fb1/device"
	run -1 "$VG" --root "$R" bind 0000:00:01.0
	assert_output "vfio-gpu: error: IOMMU group 1 is in use: the console (fbcon) is on fb0 of 0000:00:01.0; nothing was changed (end that use first, or give --force)"
	assert_nothing_written
	# fbcon draws on the first frame buffer only: card A's fb1 is no console
	run -0 "$VG" --root "$R" bind 7
	refute_output --partial "in use"
	run -0 "$VG" --root "$R" release 7
	# ... unless fbcon=map: puts consoles there
	echo "console=ttyS0 intel_iommu=on fbcon=map:01" >"$R/proc/cmdline"
	rm -f "$R/.vg-writes"
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "IOMMU group 7 is in use: the console (fbcon) is on fb1 of 0000:01:00.0;"
	assert_nothing_written
	# fbcon unbound (echo 0 > .../vtcon1/bind): the VGA is free
	echo 0 >"$R/sys/class/vtconsole/vtcon1/bind"
	run -0 "$VG" --root "$R" bind 0000:00:01.0
	refute_output --partial "in use"
}

@test "--force proceeds with a warning naming what it overrode; elsewhere it is a usage error" {
	proc 4242 sleep /dev/vfio/7
	run -0 --separate-stderr "$VG" --root "$R" bind --force 01:00.0
	assert_stderr "vfio-gpu: warning: --force: IOMMU group 7 is in use, going on anyway: pid 4242 (sleep) holds /dev/vfio/7"
	assert_line "0000:01:00.0 1234:1111 group 7: vfio-pci (was bochs-drm, by addrs)"
	assert_driver 0000:01:00.0 vfio-pci
	run -0 "$VG" --root "$R" release 7 --force
	assert_output --partial "vfio-gpu: warning: --force: IOMMU group 7 is in use, going on anyway: pid 4242 (sleep) holds /dev/vfio/7"
	assert_line --partial "0000:01:00.0 1234:1111 group 7: released"
	run -2 "$VG" --root "$R" list --force
	assert_output --partial "--force goes only with bind and release"
}

@test "lock: a second caller waits (VFIO_GPU_LOCK_WAIT), then exits 1 naming the holder's pid and command; nothing written" {
	mkdir -p "$R/run/vfio-gpu"
	# a holder as another vfio-gpu would be: flock on an fd, its line in the file
	(
		exec 9>>"$LOCK"
		flock 9
		echo "$BASHPID vfio-gpu release 8" >"$LOCK"
		exec sleep 30
	) 3>&- &
	holder=$!
	for _ in $(seq 50); do [ -s "$LOCK" ] && break; sleep 0.1; done
	start=$SECONDS
	VFIO_GPU_LOCK_WAIT=2 run -1 "$VG" --root "$R" bind 7
	waited=$((SECONDS - start))
	kill "$holder"
	wait "$holder" || true
	assert_line "vfio-gpu: waiting up to 2 s for $LOCK, held by pid $holder (vfio-gpu release 8)"
	assert_line "vfio-gpu: error: $LOCK is held by pid $holder (vfio-gpu release 8); waited 2 s, nothing was changed (try again when it is done)"
	run -0 test "$waited" -ge 2
	run -0 test "$waited" -le 6
	assert_nothing_written
	# with the holder gone the lock is free at once
	run -0 "$VG" --root "$R" bind 7
	run cat "$LOCK"
	assert_output ""
	VFIO_GPU_LOCK_WAIT=soon run -2 "$VG" --root "$R" bind 7
	assert_output --partial "VFIO_GPU_LOCK_WAIT='soon' is not a number of seconds (0 to 3600)"
}

@test "lock: two concurrent binds are serialised; the file names the holder while it holds it" {
	VG_TEST_LOCK_HOLD_MS=1500 "$VG" --root "$R" bind 7 >"$BATS_TEST_TMPDIR/a.out" 2>&1 3>&- &
	a=$!
	for _ in $(seq 100); do grep -q "^$a " "$LOCK" 2>/dev/null && break; sleep 0.05; done
	run cat "$LOCK"
	assert_output "$a vfio-gpu bind 7"
	# B starts while A holds the lock: it waits, then sees A's result
	run -0 "$VG" --root "$R" bind 8
	assert_line --partial "held by pid $a (vfio-gpu bind 7)"
	wait "$a"
	run cat "$BATS_TEST_TMPDIR/a.out"
	assert_line --partial "0000:01:00.0 1234:1111 group 7: vfio-pci"
	# every write of A (group 7) comes before the first of B (group 8)
	run awk '/0000:01:00/ { last_a = NR } /0000:02:00/ && !first_b { first_b = NR } END { print (last_a && first_b && last_a < first_b) ? "serial" : "interleaved " last_a " " first_b }' "$R/.vg-writes"
	assert_output serial
}

@test "lock: created 0600 and root's; an existing file's mode and owner are made so" {
	run -0 "$VG" --root "$R" bind 7
	run stat -c '%a %u %g %F' "$LOCK"
	assert_output "600 0 0 regular empty file"
	chmod 0666 "$LOCK"
	chown 65534:65534 "$LOCK"
	run -0 "$VG" --root "$R" release 7
	run stat -c '%a %u %g' "$LOCK"
	assert_output "600 0 0"
}

@test "lock: a user other than root cannot open it, so cannot hold it (setpriv as nobody)" {
	command -v setpriv >/dev/null || skip "setpriv (util-linux) not installed"
	# A root every user may walk into, as /run is.
	d=$(mktemp -d /tmp/vg-lock.XXXXXX)
	chmod 0755 "$d"
	run "$VG" --root "$d" bind 7 # takes the lock first, then finds no sys/
	run -0 test -f "$d/run/vfio-gpu/lock"
	run setpriv --reuid=65534 --regid=65534 --clear-groups flock -n -x "$d/run/vfio-gpu/lock" true
	rm -rf "$d"
	assert_failure
	assert_output --partial "Permission denied"
}

@test "lock: a FIFO, a symbolic link or a hard link at the lock's name is refused at once, named; nothing written" {
	mkdir -p "$R/run/vfio-gpu"
	mkfifo "$LOCK"
	run -1 timeout 10 "$VG" --root "$R" bind 7
	assert_output --partial "$LOCK is not a plain file of its own (a FIFO, device or socket): not used as the lock"
	assert_output --partial "cannot take the lock $LOCK"
	assert_nothing_written
	rm "$LOCK"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$LOCK"
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "cannot take the lock $LOCK"
	run test -e "$BATS_TEST_TMPDIR/elsewhere"
	assert_failure
	rm "$LOCK"
	touch "$BATS_TEST_TMPDIR/other-name"
	ln "$BATS_TEST_TMPDIR/other-name" "$LOCK"
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "$LOCK is not a plain file of its own (it has other hard links)"
	assert_nothing_written
}

@test "lock: the holder's note is shown with its control bytes replaced, never raw" {
	mkdir -p "$R/run/vfio-gpu"
	(
		exec 9>>"$LOCK"
		flock 9
		printf '%s vfio-gpu \033[2J\033]0;owned\a\n' "$BASHPID" >"$LOCK"
		exec sleep 30
	) 3>&- &
	holder=$!
	for _ in $(seq 50); do [ -s "$LOCK" ] && break; sleep 0.1; done
	VFIO_GPU_LOCK_WAIT=0 run -1 "$VG" --root "$R" bind 7
	kill "$holder"
	wait "$holder" || true
	assert_output --partial "held by pid $holder (vfio-gpu ?[2J?]0;owned?)"
	refute_output --partial $'\033'
	refute_output --partial $'\a'
}

@test "bash completion offers --force after bind and release" {
	run -0 bash -c "source '$TOP/host/vfio-gpu.bash-completion'
		COMP_WORDS=(vfio-gpu --root '$Q35' bind --f); COMP_CWORD=4; _vfio_gpu; echo \"\${COMPREPLY[*]}\"
		COMP_WORDS=(vfio-gpu release --); COMP_CWORD=2; _vfio_gpu; echo \"\${COMPREPLY[*]}\""
	assert_line "--force"
	assert_line "--force --root"
}

@test "issue 11 on the gpu-server machine: the SATA controller carrying / and the ast VGA carrying the console are refused" {
	rm -rf "$R"
	mkroot_desc <"$FIX/gpu-server/devices"
	mkdir -p "$R/sys/class/block" "$R/sys/dev/block" "$R/proc/self"
	ln -s ../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2 "$R/sys/class/block/sda2"
	ln -s ../../../devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda/sda2 "$R/sys/dev/block/8:2"
	echo "22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw" >"$R/proc/self/mountinfo"
	run -1 "$VG" --root "$R" bind 0000:00:17.0
	assert_output --partial "IOMMU group 3 is in use: /dev/sda2, a block device below 0000:00:17.0, is mounted at /; nothing was changed"
	mkdir -p "$R/sys/class/vtconsole/vtcon1" "$R/sys/class/graphics/fb0"
	echo "(M) frame buffer device" >"$R/sys/class/vtconsole/vtcon1/name"
	echo 1 >"$R/sys/class/vtconsole/vtcon1/bind"
	ln -s ../../../devices/pci0000:00/0000:00:1c.0/0000:03:00.0/0000:04:00.0 "$R/sys/class/graphics/fb0/device"
	# By address (v3: a group number is no consent for the boot VGA, so
	# `bind 7` is refused by the rules before anything is asked of it).
	run -1 "$VG" --root "$R" bind 7
	assert_output --partial "0000:04:00.0 (class 0300) is the boot VGA device"
	run -1 "$VG" --root "$R" bind 0000:04:00.0
	assert_output --partial "IOMMU group 7 is in use: the console (fbcon) is on fb0 of 0000:04:00.0; nothing was changed"
	run test -e "$R/.vg-writes"
	assert_failure
}
