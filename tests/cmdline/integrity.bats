#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Integrity of the edits (SPEC "Boot options helper"): an edit lands where the
# kernel reads it, conflicting values never win, quoted lists stay one list,
# symlinks are edited through, the original is kept, concurrent runs are
# serialised, nothing is installed that did not read back as intended, CRLF
# files are understood. On Debian and Ubuntu (with its cloud-image drop-in)
# GRUB files, Pop!_OS (kernelstub) and CentOS/RHEL (grubby).
load helpers

setup() {
	common_setup
	G=$R/etc/default/grub
	MNT=
}

teardown() {
	if [ -n "$MNT" ]; then umount "$MNT"; fi
}

# The distribution's file with GRUB_CMDLINE_LINUX_DEFAULT set to $2.
with_default() { # DISTRO VALUE
	sed "s|^GRUB_CMDLINE_LINUX_DEFAULT=.*|GRUB_CMDLINE_LINUX_DEFAULT=\"$2\"|" "$FIX/grub.$1" >"$G"
}

# ---------------------------------------------------------------- _DEFAULT

default_conflict() { # DISTRO
	with_default "$1" "quiet splash intel_iommu=off vfio-gpu.off"
	ln=$(grep -n '^GRUB_CMDLINE_LINUX_DEFAULT=' "$G" | cut -d: -f1)
	cp "$G" "$BATS_TEST_TMPDIR/before"
	stub update-grub
	run -0 vgc add --iommu vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: removed vfio-gpu.off from GRUB_CMDLINE_LINUX_DEFAULT ($G:$ln): it would turn vfio-gpu off, against vfio-gpu.ids=10de:1b81"
	assert_line "vfio-gpu-cmdline: removed intel_iommu=off from GRUB_CMDLINE_LINUX_DEFAULT ($G:$ln): conflicts with intel_iommu=on"
	run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"' "$G"
	run -0 grep -x 'GRUB_CMDLINE_LINUX="vfio-gpu.ids=10de:1b81 intel_iommu=on"' "$G"
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output "vfio-gpu.ids=10de:1b81 intel_iommu=on quiet splash"
	# Everything else in the file as it was: two lines changed.
	run -1 diff "$BATS_TEST_TMPDIR/before" "$G"
	assert_equal "$(printf '%s\n' "$output" | grep -c '^[<>]')" 4
	assert_calls "update-grub"
}

@test "Debian: intel_iommu=off and vfio-gpu.off in _DEFAULT are removed and shown" { default_conflict debian12; }
@test "Ubuntu: intel_iommu=off and vfio-gpu.off in _DEFAULT are removed and shown" { default_conflict ubuntu2404; }

@test "vfio-gpu=off counts as off too; vfio-gpu.debug is no selection and leaves it" {
	with_default debian12 "quiet vfio-gpu=off"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio-gpu=off"' "$G"
	run -0 vgc add vfio-gpu.groups=7
	assert_line --partial "removed vfio-gpu=off from GRUB_CMDLINE_LINUX_DEFAULT"
	run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"' "$G"
}

@test "remove vfio-gpu.off finds it in _DEFAULT (Debian, Ubuntu)" {
	stub update-grub
	for d in debian12 ubuntu2404; do
		with_default "$d" "quiet vfio-gpu.off"
		run -0 vgc remove vfio-gpu.off
		refute_line --partial "not set"
		run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"' "$G"
		run -0 vgc remove vfio-gpu.off
		assert_line "vfio-gpu-cmdline: not set: vfio-gpu.off"
	done
}

@test "a list key already in _DEFAULT grows there; its items count as set" {
	with_default debian12 "quiet vfio-gpu.ids=10de:13d7"
	stub update-grub
	run -0 vgc add vfio-gpu.ids=10de:13d7
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.ids=10de:13d7"
	run -0 vgc add vfio-gpu.ids=10de:0fbb
	run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="quiet vfio-gpu.ids=10de:13d7,10de:0fbb"' "$G"
	run -0 grep -x 'GRUB_CMDLINE_LINUX=""' "$G"
}

@test "--dry-run shows the _DEFAULT change too and writes nothing" {
	with_default debian12 "quiet intel_iommu=off"
	cp "$G" "$BATS_TEST_TMPDIR/before"
	stub update-grub
	run -0 vgc --dry-run add intel_iommu=on
	assert_line '-GRUB_CMDLINE_LINUX_DEFAULT="quiet intel_iommu=off"'
	assert_line '+GRUB_CMDLINE_LINUX_DEFAULT="quiet"'
	assert_line '+GRUB_CMDLINE_LINUX="intel_iommu=on"'
	cmp "$G" "$BATS_TEST_TMPDIR/before"
	assert_no_leftovers "$G"
}

# ---------------------------------------------------------------- drop-ins

@test "Ubuntu cloud image: the drop-in's _DEFAULT is read, edited and named" {
	cp "$FIX/grub.ubuntu2404" "$G"
	mkdir -p "$R/etc/default/grub.d"
	D=$R/etc/default/grub.d/50-cloudimg-settings.cfg
	sed 's|^GRUB_CMDLINE_LINUX_DEFAULT=.*|GRUB_CMDLINE_LINUX_DEFAULT="console=tty1 console=ttyS0 intel_iommu=off vfio-gpu.off"|' \
		"$FIX/grub.d.50-cloudimg-settings.cfg" >"$D"
	stub update-grub
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output "console=tty1 console=ttyS0 intel_iommu=off vfio-gpu.off"
	run -0 vgc add --iommu vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: removed vfio-gpu.off from GRUB_CMDLINE_LINUX_DEFAULT ($D:11): it would turn vfio-gpu off, against vfio-gpu.ids=10de:1b81"
	assert_line "vfio-gpu-cmdline: removed intel_iommu=off from GRUB_CMDLINE_LINUX_DEFAULT ($D:11): conflicts with intel_iommu=on"
	assert_line "vfio-gpu-cmdline: wrote: $G"
	assert_line "vfio-gpu-cmdline: wrote: $D"
	cmp "$D" "$FIX/grub.d.50-cloudimg-settings.cfg"
	cmp "$D.vfio-gpu.orig" "$D.vfio-gpu.bak"
	# /etc/default/grub's own _DEFAULT is overridden by the drop-in: untouched.
	run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="quiet splash"' "$G"
	run -0 grep -x 'GRUB_CMDLINE_LINUX="vfio-gpu.ids=10de:1b81 intel_iommu=on"' "$G"
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output "vfio-gpu.ids=10de:1b81 intel_iommu=on console=tty1 console=ttyS0"
	run -0 vgc remove console=ttyS0
	run -0 grep -x 'GRUB_CMDLINE_LINUX_DEFAULT="console=tty1"' "$D"
}

@test "a drop-in that builds on the variable with \$... is refused, file and line named" {
	cp "$FIX/grub.ubuntu2404" "$G"
	mkdir -p "$R/etc/default/grub.d"
	D=$R/etc/default/grub.d/60-local.cfg
	printf '# local\nGRUB_CMDLINE_LINUX_DEFAULT="$GRUB_CMDLINE_LINUX_DEFAULT vfio-gpu.off"\n' >"$D"
	stub update-grub
	run -1 vgc add vfio-gpu.ids=10de:1b81
	assert_output "$D:2: GRUB_CMDLINE_LINUX_DEFAULT uses shell expansion or escapes (\$, \`, \\); edit it by hand"
	cmp "$G" "$FIX/grub.ubuntu2404"
	run -1 --separate-stderr vgc show --cmdline-only
	assert_output ""
}

# ---------------------------------------------------------------- other back ends

@test "Pop!_OS (kernelstub): vfio-gpu.off and intel_iommu=off leave the list" {
	mkdir -p "$R/etc/kernelstub"
	C=$R/etc/kernelstub/configuration
	sed 's|"vfio-gpu.ids=10de:13d7"|"intel_iommu=off", "vfio-gpu.off"|' "$FIX/kernelstub.configuration" >"$C"
	cp "$FIX/grub.popos" "$G"
	stub kernelstub update-grub
	run -0 vgc show --cmdline-only
	assert_output "quiet loglevel=0 systemd.show_status=false splash intel_iommu=off vfio-gpu.off"
	run -0 vgc add --iommu vfio-gpu.ids=10de:1b81
	assert_line "vfio-gpu-cmdline: removed vfio-gpu.off from $C: it would turn vfio-gpu off, against vfio-gpu.ids=10de:1b81"
	assert_line "vfio-gpu-cmdline: replaced intel_iommu=off with intel_iommu=on in $C"
	assert_calls "kernelstub [-a] [intel_iommu=on vfio-gpu.ids=10de:1b81]
kernelstub [-d] [intel_iommu=off vfio-gpu.off]"
}

@test "CentOS/RHEL (grubby): vfio-gpu.off is removed with the same call" {
	mkdir -p "$R/boot/loader/entries"
	cp "$FIX/grub.centos8" "$G"
	stub grubby update-grub grub2-mkconfig
	echo 'ro rhgb quiet vfio-gpu.off intel_iommu=off' >"$BATS_TEST_TMPDIR/grubby.args"
	run -0 vgc add --iommu vfio-gpu.ids=10de:1b81
	assert_line --partial "removed vfio-gpu.off from grubby --info=DEFAULT"
	assert_calls "grubby [--info=DEFAULT]
grubby [--update-kernel=ALL] [--remove-args=vfio-gpu.off intel_iommu=off] [--args=intel_iommu=on vfio-gpu.ids=10de:1b81]"
	run -0 vgc show --cmdline-only
	assert_output "ro rhgb quiet intel_iommu=on vfio-gpu.ids=10de:1b81"
}

# ---------------------------------------------------------------- quoted values

@test "a quoted list is read and written as one list (GRUB, single-quoted line)" {
	printf '%s\n' "GRUB_CMDLINE_LINUX='quiet vfio-gpu.ids=\"1002:67df\"'" >"$G"
	stub update-grub
	run -0 vgc add vfio-gpu.ids=1002:67df
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.ids=1002:67df"
	run -0 vgc add vfio-gpu.ids=10de:1e87
	run -0 cat "$G"
	assert_output "GRUB_CMDLINE_LINUX='quiet vfio-gpu.ids=1002:67df,10de:1e87'"
	run -0 "$EARLY" --validate vfio-gpu.ids=1002:67df,10de:1e87
	run -0 vgc remove vfio-gpu.ids=1002:67df
	run -0 cat "$G"
	assert_output "GRUB_CMDLINE_LINUX='quiet vfio-gpu.ids=10de:1e87'"
}

@test "a quoted list is one list (systemd-boot, Debian), a quoted token too" {
	mkdir -p "$R/etc/kernel"
	K=$R/etc/kernel/cmdline
	printf '%s\n' 'root=/dev/sda1 vfio-gpu.ids="1002:67df,1002:aaf0"' >"$K"
	stub kernel-install
	run -0 vgc add vfio-gpu.ids=10de:1e87
	run -0 cat "$K"
	assert_output "root=/dev/sda1 vfio-gpu.ids=1002:67df,1002:aaf0,10de:1e87"
	printf '%s\n' 'root=/dev/sda1 "vfio-gpu.groups=3"' >"$K"
	run -0 vgc add vfio-gpu.groups=3
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.groups=3"
	run -0 vgc remove vfio-gpu.groups=3
	run -0 cat "$K"
	assert_output "root=/dev/sda1"
}

# ---------------------------------------------------------------- symlinks, backups

@test "a symlinked /etc/default/grub is edited through its target; .orig is kept forever" {
	mkdir -p "$R/etc/managed"
	cp "$FIX/grub.debian12" "$R/etc/managed/grub"
	ln -s ../managed/grub "$G"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: wrote: $R/etc/managed/grub"
	assert_line "vfio-gpu-cmdline: backup: $R/etc/managed/grub.vfio-gpu.bak"
	run -0 readlink "$G"
	assert_output "../managed/grub"
	run -0 grep -x 'GRUB_CMDLINE_LINUX="vfio-gpu.debug"' "$R/etc/managed/grub"
	cp "$R/etc/managed/grub" "$BATS_TEST_TMPDIR/after-first"
	run -0 vgc add vfio-gpu.ids=10de:1b81
	run -0 vgc add vfio-gpu.boot_vga
	cmp "$R/etc/managed/grub.vfio-gpu.orig" "$FIX/grub.debian12"
	run -0 grep -x 'GRUB_CMDLINE_LINUX="vfio-gpu.debug vfio-gpu.ids=10de:1b81"' "$R/etc/managed/grub.vfio-gpu.bak"
	run ls -A "$R/etc/default"
	assert_output "grub"
	run ls -A "$R/etc/managed"
	assert_output "grub
grub.vfio-gpu.bak
grub.vfio-gpu.orig"
}

@test "an absolute symlink is followed inside --root, through two hops" {
	mkdir -p "$R/srv/cfg"
	cp "$FIX/grub.ubuntu2404" "$R/srv/cfg/grub"
	ln -s /srv/cfg/grub "$R/srv/grub-link"
	ln -s /srv/grub-link "$G"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: wrote: $R/srv/cfg/grub"
	assert [ -L "$G" ]
	assert [ -L "$R/srv/grub-link" ]
	cmp "$R/srv/cfg/grub.vfio-gpu.orig" "$FIX/grub.ubuntu2404"
}

@test "systemd-boot: /etc/kernel/cmdline as a symlink stays one" {
	mkdir -p "$R/etc/kernel" "$R/etc/keep"
	echo quiet >"$R/etc/keep/cmdline"
	ln -s ../keep/cmdline "$R/etc/kernel/cmdline"
	stub kernel-install
	run -0 vgc add vfio-gpu.debug
	assert [ -L "$R/etc/kernel/cmdline" ]
	run -0 cat "$R/etc/keep/cmdline"
	assert_output "quiet vfio-gpu.debug"
	run -0 cat "$R/etc/keep/cmdline.vfio-gpu.orig"
	assert_output "quiet"
}

# ---------------------------------------------------------------- the lock

@test "two concurrent adds, 8 times: both changes land every time" {
	stub update-grub
	# Not "i": bats' run uses that name.
	for trial in 1 2 3 4 5 6 7 8; do
		cp "$FIX/grub.debian12" "$G"
		vgc add vfio-gpu.ids=10de:000$trial >"$BATS_TEST_TMPDIR/a.out" 2>&1 &
		a=$!
		vgc add vfio-gpu.groups=$trial >"$BATS_TEST_TMPDIR/b.out" 2>&1 &
		b=$!
		wait "$a"
		wait "$b"
		run -0 --separate-stderr vgc show --cmdline-only
		assert_output --regexp "(^| )vfio-gpu.ids=10de:000$trial( |\$)"
		assert_output --regexp "(^| )vfio-gpu.groups=$trial( |\$)"
	done
	run -0 ls "$R/run/vfio-gpu"
	assert_output "cmdline.lock"
}

@test "the lock is flock(1) on (ROOT)/run/vfio-gpu/cmdline.lock: a held lock makes add wait" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	mkdir -p "$R/run/vfio-gpu"
	# The holder says when it has the lock, and keeps it 2 s.
	flock "$R/run/vfio-gpu/cmdline.lock" sh -c ": >'$BATS_TEST_TMPDIR/held'; sleep 2" &
	holder=$!
	while [ ! -e "$BATS_TEST_TMPDIR/held" ]; do sleep 0.1; done
	start=$(date +%s)
	run -0 vgc add vfio-gpu.debug
	end=$(date +%s)
	wait "$holder"
	assert [ $((end - start)) -ge 1 ]
	run -0 grep -x 'GRUB_CMDLINE_LINUX="vfio-gpu.debug"' "$G"
}

@test "the lock is root's alone: created 0600, an existing file's mode and owner made so" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	run stat -c '%a %u' "$R/run/vfio-gpu/cmdline.lock"
	assert_output "600 0"
	chmod 0666 "$R/run/vfio-gpu/cmdline.lock"
	chown 65534 "$R/run/vfio-gpu/cmdline.lock"
	run -0 vgc remove vfio-gpu.debug
	run stat -c '%a %u' "$R/run/vfio-gpu/cmdline.lock"
	assert_output "600 0"
}

@test "a FIFO, a link or a directory at the lock's name: refused at once, never opened; nothing changed" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	mkdir -p "$R/run/vfio-gpu"
	mkfifo "$R/run/vfio-gpu/cmdline.lock"
	run -1 vgc add vfio-gpu.debug
	assert_output --partial "cmdline.lock is not a plain file (a link, FIFO or directory): remove it; nothing changed"
	rm "$R/run/vfio-gpu/cmdline.lock"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$R/run/vfio-gpu/cmdline.lock"
	run -1 vgc add vfio-gpu.debug
	assert_output --partial "is not a plain file"
	run test -e "$BATS_TEST_TMPDIR/elsewhere"
	assert_failure
	rm "$R/run/vfio-gpu/cmdline.lock"
	touch "$BATS_TEST_TMPDIR/other"
	ln "$BATS_TEST_TMPDIR/other" "$R/run/vfio-gpu/cmdline.lock"
	run -1 vgc add vfio-gpu.debug
	assert_output --partial "cmdline.lock has other hard links: remove it; nothing changed"
	cmp "$G" "$FIX/grub.debian12"
}

@test "no flock on PATH: refused before anything is read or written" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	rm "$SYSBIN/flock"
	run -1 vgc add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: flock not found (util-linux): it keeps two runs from editing at once; install util-linux; nothing changed"
	cmp "$G" "$FIX/grub.debian12"
	assert_no_leftovers "$G"
}

# ---------------------------------------------------------------- full disks

# A tmpfs of $1 KiB at $2, filled up to $3 KiB free (root only).
tiny_fs() { # KIB DIR FREE-KIB
	mkdir -p "$2"
	mount -t tmpfs -o "size=${1}k" tmpfs "$2" 2>/dev/null || skip "cannot mount a tmpfs (not root?)"
	MNT=$2
	dd if=/dev/zero of="$2/.fill" bs=1k count=$(($1 - $3)) 2>/dev/null || true
}

# A GRUB file of several pages, so that a nearly full disk can cut it short.
big_grub() {
	cp "$FIX/grub.debian12" "$1"
	seq -f '# padding line %g of a long comment block' 1 300 >>"$1"
}

@test "a full TMPDIR: error, the file unchanged, no backup, nothing run" {
	big_grub "$G"
	cp "$G" "$BATS_TEST_TMPDIR/before"
	stub update-grub
	tiny_fs 64 "$BATS_TEST_TMPDIR/full" 0
	TMPDIR=$BATS_TEST_TMPDIR/full run -1 vgc add vfio-gpu.debug
	assert_output --partial "(full?); nothing changed"
	cmp "$G" "$BATS_TEST_TMPDIR/before"
	assert_no_leftovers "$G"
	assert_calls ""
}

@test "a TMPDIR that fills up at any point: the edit is whole or not made at all" {
	big_grub "$G"
	cp "$G" "$BATS_TEST_TMPDIR/before"
	stub update-grub
	tiny_fs 128 "$BATS_TEST_TMPDIR/full" 0
	fail=0 done=0
	for free in 4 8 12 16 20 24 28 32 40 48 64; do
		rm -f "$BATS_TEST_TMPDIR/full/.fill"
		dd if=/dev/zero of="$BATS_TEST_TMPDIR/full/.fill" bs=1k count=$((128 - free)) 2>/dev/null || true
		cp "$BATS_TEST_TMPDIR/before" "$G"
		rm -f "$G".vfio-gpu.*
		TMPDIR=$BATS_TEST_TMPDIR/full run vgc add vfio-gpu.debug
		if [ "$status" = 0 ]; then
			done=$((done + 1))
			run -1 diff "$BATS_TEST_TMPDIR/before" "$G"
			assert_output --partial '> GRUB_CMDLINE_LINUX="vfio-gpu.debug"'
			assert_equal "$(printf '%s\n' "$output" | grep -c '^[<>]')" 2
		else
			fail=$((fail + 1))
			assert_equal "$status" 1
			assert_output --partial "nothing changed"
			cmp "$G" "$BATS_TEST_TMPDIR/before"
		fi
	done
	# Both outcomes were exercised.
	assert [ "$fail" -gt 0 ]
	assert [ "$done" -gt 0 ]
}

@test "the file's own disk full: error naming it, the file unchanged" {
	tiny_fs 32 "$R/etc/default" 32
	big_grub "$G"
	cp "$G" "$BATS_TEST_TMPDIR/before"
	rm -f "$R/etc/default/.fill"
	dd if=/dev/zero of="$R/etc/default/.fill" bs=1k count=64 2>/dev/null || true
	stub update-grub
	run -1 vgc add vfio-gpu.debug
	assert_output --partial "(disk full?); $G left unchanged"
	cmp "$G" "$BATS_TEST_TMPDIR/before"
	run ls -A "$R/etc/default"
	refute_output --partial "grub.vfio-gpu.bak"
	refute_output --regexp "grub\.vfio-gpu\.[A-Za-z0-9]{6}"
	assert_calls ""
}

# ---------------------------------------------------------------- CRLF

@test "a CRLF /etc/default/grub: edited, line endings kept, the carriage return named" {
	sed 's/$/\r/' "$FIX/grub.debian12" >"$G"
	stub update-grub
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output "quiet"
	run -0 vgc add vfio-gpu.debug
	refute_output --partial "has text after its value"
	assert_line "vfio-gpu-cmdline: warning: $G:10: GRUB_CMDLINE_LINUX ends with a carriage return (DOS line ending), which the shell reading this file keeps in the value; convert the file with: sed -i 's/\\r\$//' $G"
	sed 's|^GRUB_CMDLINE_LINUX=""$|GRUB_CMDLINE_LINUX="vfio-gpu.debug"|; s/$/\r/' "$FIX/grub.debian12" >"$BATS_TEST_TMPDIR/expected"
	cmp "$G" "$BATS_TEST_TMPDIR/expected"
	run -0 --separate-stderr vgc show --cmdline-only
	assert_output "vfio-gpu.debug quiet"
}

@test "a CRLF /etc/kernel/cmdline: the merged list takes no carriage return, which is named" {
	K=$R/etc/kernel/cmdline
	mkdir -p "$R/etc/kernel"
	printf 'root=/dev/sda2 quiet vfio-gpu.ids=10de:1e87\r\n' >"$K"
	stub kernel-install
	run -0 vgc --backend systemd-boot add vfio-gpu.ids=10de:10f8
	assert_line "vfio-gpu-cmdline: warning: $K:1: the line ends with a carriage return (DOS line ending), which kernel-install keeps in the command line (the file is rewritten without it); convert the file with: sed -i 's/\\r\$//' $K"
	printf 'root=/dev/sda2 quiet vfio-gpu.ids=10de:1e87,10de:10f8\n' >"$BATS_TEST_TMPDIR/expected"
	cmp "$K" "$BATS_TEST_TMPDIR/expected"
	run -0 grep -c "$(printf '\r')" "$K.vfio-gpu.bak"
}

@test "a carriage return in grubby's args: not part of the merged token" {
	printf 'ro quiet vfio-gpu.ids=10de:1e87\r\n' >"$BATS_TEST_TMPDIR/grubby.args"
	mkdir -p "$R/boot/loader/entries"
	stub grubby
	run -0 vgc add vfio-gpu.ids=10de:10f8
	assert_line "vfio-gpu-cmdline: running: grubby --update-kernel=ALL --remove-args=vfio-gpu.ids=10de:1e87 --args=vfio-gpu.ids=10de:1e87,10de:10f8"
}

@test "two files to edit, the second one's disk full: neither is replaced" {
	cp "$FIX/grub.ubuntu2404" "$G"
	tiny_fs 16 "$R/etc/default/grub.d" 16
	D=$R/etc/default/grub.d/50-cloudimg-settings.cfg
	sed 's|^GRUB_CMDLINE_LINUX_DEFAULT=.*|GRUB_CMDLINE_LINUX_DEFAULT="console=ttyS0 vfio-gpu.off"|' \
		"$FIX/grub.d.50-cloudimg-settings.cfg" >"$D"
	cp "$D" "$BATS_TEST_TMPDIR/dropin"
	dd if=/dev/zero of="$R/etc/default/grub.d/.fill" bs=1k count=64 2>/dev/null || true
	stub update-grub
	run -1 vgc add vfio-gpu.ids=10de:1b81
	assert_output --partial "(disk full?); $D left unchanged; nothing changed"
	cmp "$G" "$FIX/grub.ubuntu2404"
	cmp "$D" "$BATS_TEST_TMPDIR/dropin"
	run ls -A "$R/etc/default"
	refute_output --regexp "grub\.vfio-gpu\.[A-Za-z0-9]{6}"
	assert_calls ""
}
