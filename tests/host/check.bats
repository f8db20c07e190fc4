#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu check: the IOMMU and its option, vfio modules per installed kernel,
# the binder in every initramfs image (real cpio archives built here, plain and
# compressed, read by lsinitramfs and by the built-in reader), the selection:
# the next boot's (the boot loader's line) for safety, the running one's for
# what must be on vfio-pci now.
load helpers

setup() {
	common_setup
	q35_copy
	mkdir -p "$R/boot"
}

# mkimage NAME COMPRESSOR [with-binder]: a Debian-shaped image: an uncompressed
# early cpio (microcode), then the main cpio, compressed. with-binder also puts
# in the vfio modules of the capture's kernel, as the hooks do.
mkimage() {
	t=$BATS_TEST_TMPDIR/img-$1
	mkdir -p "$t/early/kernel/x86/microcode" "$t/main/usr/sbin" "$t/main/scripts/init-top"
	echo ucode >"$t/early/kernel/x86/microcode/GenuineIntel.bin"
	echo '#!/bin/sh' >"$t/main/init"
	echo 'echo vfio-gpu-early' >"$t/main/scripts/init-top/vfio-gpu"
	if [ "${3:-}" = with-binder ]; then
		cp "$EARLY" "$t/main/usr/sbin/vfio-gpu-early"
		m=$R/lib/modules/6.1.0-56-amd64
		for f in kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_iommu_type1.ko \
			kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/pci/vfio-pci-core.ko \
			kernel/drivers/vfio/pci/vfio-pci.ko kernel/virt/lib/irqbypass.ko; do
			mkdir -p "$t/main/usr/lib/modules/6.1.0-56-amd64/$(dirname "$f")"
			cp "$m/$f" "$t/main/usr/lib/modules/6.1.0-56-amd64/$f"
		done
	fi
	(cd "$t/early" && find . | cpio -o -H newc --quiet) >"$R/boot/$1"
	(cd "$t/main" && find . | cpio -o -H newc --quiet | $2) >>"$R/boot/$1"
}

@test "check on the capture: IOMMU, option, modules (modules.dep), exit 0 without FAIL" {
	mkimage initrd.img-6.1.0-56-amd64 "gzip -c" with-binder
	run -0 "$VG" --root "$R" check
	assert_line "PASS iommu: IOMMU on (IOMMU groups 0..10 exist)"
	assert_line "PASS iommu-option: intel_iommu=on is on the kernel command line"
	assert_line "PASS modules 6.1.0-56-amd64: vfio, vfio_iommu_type1, vfio_pci (modules.dep)"
	assert_line --regexp '^PASS initramfs /boot/initrd.img-6.1.0-56-amd64: contains vfio-gpu-early \((lsinitramfs|lsinitrd|cpio)\)$'
	assert_line "PASS boot-options: no option on the next boot's command line turns the IOMMU or the binder off"
	assert_line "PASS initramfs-modules /boot/initrd.img-6.1.0-56-amd64: holds the 6 vfio module file(s) of 6.1.0-56-amd64"
	assert_line "PASS initramfs-age /boot/initrd.img-6.1.0-56-amd64: newer than /usr/sbin/vfio-gpu-early and the modprobe.d files about vfio"
	assert_line "WARN selection: nothing selected (no vfio-gpu.ids, vfio-gpu.addrs or vfio-gpu.groups)"
	assert_line "7 passed, 1 warning(s), 0 failed"
}

@test "check: the built-in reader finds the binder in gzip, zstd and xz images, and says when it is missing" {
	mkimage initrd.img-gz "gzip -c" with-binder
	mkimage initrd.img-zst "zstd -q -c" with-binder
	mkimage initramfs-6.1-xz.img "xz -c --check=crc32" with-binder
	mkimage initrd.img-nobinder "gzip -c"
	(cd "$BATS_TEST_TMPDIR/img-initrd.img-gz/main" && find . | cpio -o -H newc --quiet) >"$R/boot/initrd.img-plain"
	run -1 env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "PASS initramfs /boot/initrd.img-gz: contains vfio-gpu-early (cpio)"
	assert_line "PASS initramfs /boot/initrd.img-zst: contains vfio-gpu-early (cpio)"
	assert_line "PASS initramfs /boot/initramfs-6.1-xz.img: contains vfio-gpu-early (cpio)"
	assert_line "PASS initramfs /boot/initrd.img-plain: contains vfio-gpu-early (cpio)"
	# a script that merely mentions the binder's name is not the binder
	assert_line "FAIL initramfs /boot/initrd.img-nobinder: does not contain vfio-gpu-early: rebuild it (update-initramfs -u or dracut -f) after make install"
}

@test "check: the built-in reader finds the binder after a member larger than its buffer (compressed stream)" {
	t=$BATS_TEST_TMPDIR/img-big
	mkdir -p "$t/aaa" "$t/usr/sbin"
	head -c 200000 /dev/urandom >"$t/aaa/big"
	cp "$EARLY" "$t/usr/sbin/vfio-gpu-early"
	(cd "$t" && printf '%s\n' . aaa aaa/big usr usr/sbin usr/sbin/vfio-gpu-early | cpio -o -H newc --quiet | gzip -c) >"$R/boot/initrd.img-big"
	run -0 env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "PASS initramfs /boot/initrd.img-big: contains vfio-gpu-early (cpio)"
}

@test "check: lsinitramfs, when installed, reads the images" {
	command -v lsinitramfs >/dev/null || skip "initramfs-tools-core not installed"
	mkimage initrd.img-a "gzip -c" with-binder
	mkimage initrd.img-b "zstd -q -c"
	run -1 "$VG" --root "$R" check
	assert_line "PASS initramfs /boot/initrd.img-a: contains vfio-gpu-early (lsinitramfs)"
	assert_line --partial "FAIL initramfs /boot/initrd.img-b: does not contain vfio-gpu-early"
}

@test "check: corrupt and truncated images are FAILs with the reason" {
	head -c 4096 /dev/urandom | tr '\0' x >"$R/boot/initrd.img-junk"
	mkimage initrd.img-trunc "gzip -c" with-binder
	truncate -s 700 "$R/boot/initrd.img-trunc"
	printf '\037\213garbage' >"$R/boot/initrd.img-badgz"
	run -1 env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "FAIL initramfs /boot/initrd.img-junk: cannot read: not a cpio archive"
	assert_line --regexp '^FAIL initramfs /boot/initrd.img-trunc: (cannot read: .*|does not contain vfio-gpu-early.*)$'
	assert_line "FAIL initramfs /boot/initrd.img-badgz: cannot read: Input/output error"
}

@test "check: no initramfs image and no kernel are warnings, not failures" {
	rm -rf "${R:?}/boot" "${R:?}/lib/modules"
	run -0 "$VG" --root "$R" check
	assert_line "WARN initramfs: no initramfs image in $R/boot"
	assert_line "WARN modules: no kernel under $R/lib/modules"
}

@test "check: a kernel without vfio_pci fails, one without modules.dep warns" {
	mkdir -p "$R/lib/modules/5.10.0-old/kernel" "$R/lib/modules/6.9.0-novfio"
	grep -v vfio-pci "$R/lib/modules/6.1.0-56-amd64/modules.dep" >"$R/lib/modules/6.9.0-novfio/modules.dep"
	: >"$R/lib/modules/6.9.0-novfio/modules.builtin"
	run -1 "$VG" --root "$R" check
	assert_line "WARN modules 5.10.0-old: no modules.dep (not a complete kernel; run depmod 5.10.0-old)"
	assert_line "FAIL modules 6.9.0-novfio: vfio_pci is neither in modules.dep nor in modules.builtin"
	assert_line "PASS modules 6.1.0-56-amd64: vfio, vfio_iommu_type1, vfio_pci (modules.dep)"
}

@test "check: vfio built into the kernel counts (modules.builtin)" {
	mkdir -p "$R/lib/modules/6.8.0-ubuntu"
	printf 'kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/vfio_iommu_type1.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n' >"$R/lib/modules/6.8.0-ubuntu/modules.builtin"
	: >"$R/lib/modules/6.8.0-ubuntu/modules.dep"
	run -0 "$VG" --root "$R" check
	assert_line "PASS modules 6.8.0-ubuntu: vfio (built in), vfio_iommu_type1 (built in), vfio_pci (built in) (modules.dep)"
}

@test "check: libkmod answers for a real depmod'ed kernel tree" {
	k=$(find /var/cache/vfio-gpu-test/kernel -mindepth 4 -maxdepth 4 -path '*/lib/modules/*' -type d 2>/dev/null | head -n 1)
	[ -n "$k" ] && [ -e "$k/modules.dep.bin" ] || skip "no cached Debian kernel (qemu-test/lib/kernel.sh fetches one)"
	rm -rf "$R/lib/modules"
	mkdir -p "$R/lib/modules/$(basename "$k")"
	# its indexes, copied: the root is a jail (lib/rootfs.c), a link to
	# the cached tree outside it is not followed (below)
	cp "$k"/modules.* "$R/lib/modules/$(basename "$k")/"
	run -0 "$VG" --root "$R" check
	assert_line "PASS modules $(basename "$k"): vfio, vfio_iommu_type1, vfio_pci (libkmod)"
	rm -rf "$R/lib/modules/$(basename "$k")"
	ln -s "$k" "$R/lib/modules/$(basename "$k")"
	run -1 "$VG" --root "$R" check
	assert_line "vfio-gpu: warning: $R/lib/modules/$(basename "$k"): a symbolic link leads out of the root $R (to $k), not followed"
	refute_line --partial "(libkmod)"
}

@test "check: the IOMMU option missing is a warning with groups, a failure without" {
	echo "console=ttyS0 quiet" >"$R/proc/cmdline"
	run -0 "$VG" --root "$R" check
	assert_line --partial "WARN iommu-option: intel_iommu=on is not on the kernel command line"
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:01:00.0 10de:13d7 1458:3702 030000 - nouveau
	EOF2
	cp "$FIX/cmdline/cpuinfo.amd" "$R/proc/cpuinfo"
	echo "quiet vfio-gpu.ids=10de:13d7" >"$R/proc/cmdline"
	run -1 "$VG" --root "$R" check
	assert_line "FAIL iommu: IOMMU off: no IOMMU groups in /sys/kernel/iommu_groups"
	assert_line "FAIL iommu-option: AMD CPU: enable the IOMMU (AMD-Vi) in the firmware setup; check there is no amd_iommu=off or iommu=off on the kernel command line"
	assert_line "FAIL selection: devices are selected but the IOMMU is off: nothing can be claimed"
	# mainline has no amd_iommu=on: it is never suggested, and having it changes nothing
	refute_output --partial "amd_iommu=on"
	echo "amd_iommu=fullflush,on" >"$R/proc/cmdline"
	run -1 "$VG" --root "$R" check
	assert_line --partial "FAIL iommu-option: AMD CPU: enable the IOMMU (AMD-Vi) in the firmware setup"
	assert_line "FAIL iommu: IOMMU off: no IOMMU groups in /sys/kernel/iommu_groups"
}

@test "check --cmdline: safe groups pass, refusals fail, the boot VGA is never taken silently" {
	run -0 "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8"
	assert_line "PASS group 8: safe: 2 function(s) to claim"
	run -1 "$VG" --root "$R" check --cmdline "vfio-gpu.ids=1234:1111"
	assert_line "FAIL group 1: refusing IOMMU group 1: 0000:00:01.0 (class 0300) is the boot VGA device (the host's console); name it in vfio-gpu.addrs, or by an exact vfio-gpu.ids entry with vfio-gpu.boot_vga=1; nothing in the group was touched"
	assert_line "PASS group 7: safe: 3 function(s) to claim"
	run -1 "$VG" --root "$R" check --cmdline "vfio-gpu.groups=9"
	assert_line --partial "FAIL group 9: refusing IOMMU group 9: 0000:03:00.1 (class 0200) is a network device"
	run -0 "$VG" --root "$R" check --cmdline "vfio-gpu.addrs=00:01.0"
	assert_line "WARN boot-vga: 0000:00:01.0 is the boot VGA device and is claimed (by addrs): the host loses its console on it"
	run -0 "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8 vfio-gpu.ids=zz"
	assert_line "WARN cmdline: malformed token ignored: vfio-gpu.ids token='zz' (malformed)"
	run -1 "$VG" --root "$R" check --cmdline "vfio-gpu.addrs=0a:00.0"
	assert_line "FAIL selection: the selection matches no PCI function"
}

@test "check on the running boot: selected functions must be on vfio-pci" {
	echo "intel_iommu=on vfio-gpu.groups=8" >"$R/proc/cmdline"
	run -1 "$VG" --root "$R" check
	assert_line "FAIL group 8: selected on this boot's command line but not viable, on a host driver now: 0000:02:00.0 on bochs-drm, 0000:02:00.1 on snd_hda_intel; the binder did not claim it at boot: is it in the initramfs? see vfio-gpu status"
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:00:01.0 8086:1901 8086:2015 060400 1 pcieport
	0000:01:00.0 10de:13d7 1458:3702 030000 1 vfio-pci parent=0000:00:01.0 mf=1
	0000:01:00.1 10de:0fbb 1458:3702 040300 1 vfio-pci parent=0000:00:01.0
	EOF2
	echo "intel_iommu=on vfio-gpu.ids=10de:13d7" >"$R/proc/cmdline"
	run -0 "$VG" --root "$R" check
	assert_line "PASS group 1: safe and viable: 2 function(s) on vfio"
}

@test "check --json: valid JSON with the same items and counts" {
	mkimage initrd.img-x "gzip -c"
	run -1 --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check --json --cmdline "vfio-gpu.groups=8,9"
	echo "$output" | jq -e . >/dev/null
	assert_equal "$(jq -r '.fail' <<<"$output")" 2
	assert_equal "$(jq -r '.checks[] | select(.item == "group 8") | .status' <<<"$output")" PASS
	assert_equal "$(jq -r '.checks[] | select(.item == "group 9") | .status' <<<"$output")" FAIL
	assert_equal "$(jq -r '.checks[] | select(.item == "initramfs /boot/initrd.img-x") | .status' <<<"$output")" FAIL
	assert_equal "$(jq -r '.checks | length' <<<"$output")" "$(jq -r '.pass + .warn + .fail' <<<"$output")"
}

@test "check: the next boot's selection (grub) is judged for safety, the running one for viability" {
	echo "intel_iommu=on vfio-gpu.groups=8" >"$R/proc/cmdline"
	grub_conf "intel_iommu=on vfio-gpu.groups=7" "quiet"
	# group 8 goes at the next boot: that it is not on vfio now is no failure
	run -0 --separate-stderr with_tool "$VG" --root "$R" check
	assert_line "PASS group 7: safe: 3 function(s) to claim"
	refute_line --partial "group 8"
	refute_stderr --partial note
	# kept on the next boot and selected now: it must be on vfio-pci now
	grub_conf "intel_iommu=on vfio-gpu.groups=8,9" ""
	run -1 --separate-stderr with_tool "$VG" --root "$R" check
	assert_line "FAIL group 8: selected on this boot's command line but not viable, on a host driver now: 0000:02:00.0 on bochs-drm, 0000:02:00.1 on snd_hda_intel; the binder did not claim it at boot: is it in the initramfs? see vfio-gpu status"
	assert_line --partial "FAIL group 9: refusing IOMMU group 9: 0000:03:00.1 (class 0200) is a network device"
	run -1 --separate-stderr with_tool "$VG" --root "$R" check --json
	assert_equal "$(jq -r .source <<<"$output")" "bootloader (grub: $R/etc/default/grub)"
	assert_equal "$(jq -r '.checks[] | select(.item == "group 9") | .status' <<<"$output")" FAIL
	# --cmdline names the next boot's selection; the running one still counts
	run -1 --separate-stderr with_tool "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8"
	assert_line --partial "FAIL group 8: selected on this boot's command line but not viable"
	run -0 --separate-stderr with_tool "$VG" --root "$R" check --cmdline "vfio-gpu.groups=7"
	assert_line "PASS group 7: safe: 3 function(s) to claim"
	# without the tool: the running line is the next one too, and a note says so
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line --partial "FAIL group 8: selected on this boot's command line but not viable"
	refute_line --partial "group 9"
	assert_stderr --partial "vfio-gpu: note: no boot loader command line ("
	assert_stderr --partial "); using $R/proc/cmdline"
}

@test "check: a group on vfio now and kept by the boot loader is safe and viable" {
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:00:01.0 8086:1901 8086:2015 060400 1 pcieport
	0000:01:00.0 10de:13d7 1458:3702 030000 1 vfio-pci parent=0000:00:01.0 mf=1
	0000:01:00.1 10de:0fbb 1458:3702 040300 1 vfio-pci parent=0000:00:01.0
	EOF2
	echo "intel_iommu=on vfio-gpu.ids=10de:13d7" >"$R/proc/cmdline"
	grub_conf "intel_iommu=on vfio-gpu.addrs=01:00.0" ""
	run -0 with_tool "$VG" --root "$R" check
	assert_line "PASS group 1: safe and viable: 2 function(s) on vfio"
}

@test "check: the IOMMU option is judged on the boot loader's line as well as the running one" {
	echo "console=ttyS0 intel_iommu=on" >"$R/proc/cmdline"
	grub_conf "quiet" ""
	run -0 with_tool "$VG" --root "$R" check
	assert_line "WARN iommu-option: intel_iommu=on is on this boot's command line but not in the boot loader configuration: the next boot will not have it (vfio-gpu-cmdline add --iommu)"
	# what vfio-gpu-cmdline add --iommu leads to, before the reboot
	grub_conf "quiet intel_iommu=on" ""
	echo "console=ttyS0" >"$R/proc/cmdline"
	run -0 with_tool "$VG" --root "$R" check
	assert_line "PASS iommu-option: intel_iommu=on is in the boot loader configuration (from the next boot on; not on this boot's command line)"
	echo "console=ttyS0 intel_iommu=on" >"$R/proc/cmdline"
	run -0 with_tool "$VG" --root "$R" check
	assert_line "PASS iommu-option: intel_iommu=on is on the kernel command line"
	# --cmdline holds vfio-gpu.* parameters only: the option is the running line's
	grub_conf "quiet" ""
	run -0 with_tool "$VG" --root "$R" check --cmdline "vfio-gpu.groups=7"
	assert_line "PASS iommu-option: intel_iommu=on is on the kernel command line"
}
