#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu check: the items an admin trips on (issue 11), each with its fix in
# the message: an option on the next boot's line that turns the IOMMU or the
# binder off (_DEFAULT, grub.d drop-ins), the vfio modules of an image's own
# kernel missing from it, an image older than the binder or the vfio
# modprobe.d options, a host driver still on a selected function, kernel
# lockdown, and AMD vs Intel IOMMU advice. Fake roots: copies of the QEMU
# capture, edited.
load helpers

KVER=6.1.0-56-amd64

setup() {
	common_setup
	q35_copy
	mkdir -p "$R/boot"
}

# The module files of the capture's vfio set (modules.dep, dependencies
# included), relative to lib/modules/KVER.
VFIO_FILES="kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_iommu_type1.ko
kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/pci/vfio-pci-core.ko
kernel/drivers/vfio/pci/vfio-pci.ko kernel/virt/lib/irqbypass.ko"

# mkimage NAME KVER [FILE...]: a gzip'd cpio image holding the binder and the
# given module files (default: the capture's whole vfio set) under
# usr/lib/modules/KVER, as the hooks place them.
mkimage() {
	local name=$1 kver=$2 f
	shift 2
	t=$BATS_TEST_TMPDIR/img-$name
	rm -rf "$t"
	mkdir -p "$t/usr/sbin"
	cp "$EARLY" "$t/usr/sbin/vfio-gpu-early"
	# shellcheck disable=SC2086
	[ $# -gt 0 ] || set -- $VFIO_FILES
	for f in "$@"; do
		mkdir -p "$t/usr/lib/modules/$kver/$(dirname "$f")"
		echo module >"$t/usr/lib/modules/$kver/$f"
	done
	(cd "$t" && find . | cpio -o -H newc --quiet | gzip -c) >"$R/boot/$name"
}

# --- 1. options on the next boot's line that turn the IOMMU or the binder off

@test "check: intel_iommu=off and vfio-gpu.off in GRUB_CMDLINE_LINUX_DEFAULT fail, naming the file and the remove command" {
	grub_conf "intel_iommu=on vfio-gpu.groups=7" "quiet splash intel_iommu=off vfio-gpu.off"
	run -1 --separate-stderr with_tool "$VG" --root "$R" check
	src="bootloader (grub: $R/etc/default/grub)"
	assert_line "FAIL boot-options: intel_iommu=off is on the next boot's command line ($src): it turns the IOMMU off: nothing can be claimed; remove it with \`vfio-gpu-cmdline remove intel_iommu=off\` (it edits the file that sets it)"
	assert_line "FAIL boot-options: vfio-gpu.off is on the next boot's command line ($src): it turns the binder off: it claims nothing at boot; remove it with \`vfio-gpu-cmdline remove vfio-gpu.off\` (it edits the file that sets it)"
	refute_line --partial "PASS boot-options"
	# the same items, same objects, in --json
	run -1 --separate-stderr with_tool "$VG" --root "$R" check --json
	assert_equal "$(jq -r '[.checks[] | select(.item == "boot-options" and .status == "FAIL")] | length' <<<"$output")" 2
	assert_equal "$(jq -r '.checks[] | select(.item == "boot-options") | .message' <<<"$output" | grep -c 'vfio-gpu-cmdline remove')" 2
}

@test "check: iommu=off in a grub.d drop-in, amd_iommu=off and vfio-gpu=off are named too" {
	grub_conf "vfio-gpu.groups=7" "quiet"
	mkdir -p "$R/etc/default/grub.d"
	echo 'GRUB_CMDLINE_LINUX_DEFAULT="console=tty1 console=ttyS0 iommu=off"' >"$R/etc/default/grub.d/50-cloudimg-settings.cfg"
	run -1 --separate-stderr with_tool "$VG" --root "$R" check
	assert_line --regexp "^FAIL boot-options: iommu=off is on the next boot's command line \(bootloader \(grub: .*\)\): it turns the IOMMU off: nothing can be claimed; remove it with \`vfio-gpu-cmdline remove iommu=off\`"
	run -1 --separate-stderr "$VG" --root "$R" check --cmdline "amd_iommu=fullflush,off vfio-gpu=off vfio-gpu.groups=7"
	assert_line --partial "FAIL boot-options: amd_iommu=fullflush,off is on the next boot's command line (--cmdline): it turns the IOMMU off"
	assert_line --partial "remove it with \`vfio-gpu-cmdline remove amd_iommu=fullflush,off\`"
	assert_line --partial "FAIL boot-options: vfio-gpu=off is on the next boot's command line (--cmdline): it turns the binder off"
}

@test "check: options that keep the IOMMU and the binder on pass" {
	run -0 --separate-stderr "$VG" --root "$R" check --cmdline "intel_iommu=on,igfx_off iommu=pt vfio-gpu.off=0 vfio-gpu=on vfio-gpu.groups=8"
	assert_line "PASS boot-options: no option on the next boot's command line turns the IOMMU or the binder off"
	refute_line --partial "FAIL"
	# without the boot loader's line the running one stands in, and is checked
	echo "console=ttyS0 intel_iommu=off" >"$R/proc/cmdline"
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line "FAIL boot-options: intel_iommu=off is on the next boot's command line (/proc/cmdline): it turns the IOMMU off: nothing can be claimed; remove it with \`vfio-gpu-cmdline remove intel_iommu=off\` (it edits the file that sets it)"
}

# --- 2. the vfio modules of the image's own kernel

@test "check: every image holds the vfio modules of its own kernel (modules.dep, dependencies included)" {
	mkimage "initrd.img-$KVER" "$KVER"
	run -0 --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "PASS initramfs-modules /boot/initrd.img-$KVER: holds the 6 vfio module file(s) of $KVER"
	# a dependency (irqbypass, from vfio-pci's modules.dep line) missing
	mkimage "initrd.img-$KVER" "$KVER" kernel/drivers/vfio/vfio.ko kernel/drivers/vfio/vfio_iommu_type1.ko \
		kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/pci/vfio-pci.ko
	run -1 --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "FAIL initramfs-modules /boot/initrd.img-$KVER: lacks kernel/virt/lib/irqbypass.ko (vfio modules of $KVER, from /lib/modules/$KVER/modules.dep): the binder cannot claim anything at boot; rebuild it: update-initramfs -u -k $KVER"
}

@test "check: a dracut image names dracut, and lsinitramfs/lsinitrd agree with the built-in reader" {
	mkimage "initramfs-$KVER.img" "$KVER" kernel/drivers/vfio/vfio.ko
	run -1 --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "FAIL initramfs-modules /boot/initramfs-$KVER.img: lacks kernel/drivers/vfio/vfio_iommu_type1.ko, kernel/drivers/vfio/pci/vfio-pci.ko, kernel/drivers/vfio/pci/vfio-pci-core.ko, kernel/drivers/vfio/vfio_virqfd.ko, kernel/virt/lib/irqbypass.ko (vfio modules of $KVER, from /lib/modules/$KVER/modules.dep): the binder cannot claim anything at boot; rebuild it: dracut -f --kver $KVER"
	command -v lsinitramfs >/dev/null || command -v lsinitrd >/dev/null || skip "no lister installed"
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line --partial "FAIL initramfs-modules /boot/initramfs-$KVER.img: lacks kernel/drivers/vfio/vfio_iommu_type1.ko,"
}

@test "check: the target kernel's module set counts, not the running one's" {
	# 6.12 also needs iommufd (vfio depends on it there); its image was
	# built with 6.1's set
	k=$R/lib/modules/6.12.0-new
	mkdir -p "$k"
	sed -e 's|^kernel/drivers/vfio/vfio.ko:$|kernel/drivers/vfio/vfio.ko: kernel/drivers/iommu/iommufd/iommufd.ko|' \
		-e 's|^kernel/drivers/vfio/pci/vfio-pci.ko: |&kernel/drivers/iommu/iommufd/iommufd.ko |' \
		"$R/lib/modules/$KVER/modules.dep" >"$k/modules.dep"
	echo "kernel/drivers/iommu/iommufd/iommufd.ko:" >>"$k/modules.dep"
	cp "$R/lib/modules/$KVER/modules.builtin" "$k/"
	mkimage initrd.img-6.12.0-new 6.12.0-new
	mkimage "initrd.img-$KVER" "$KVER"
	run -1 --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "FAIL initramfs-modules /boot/initrd.img-6.12.0-new: lacks kernel/drivers/iommu/iommufd/iommufd.ko (vfio modules of 6.12.0-new, from /lib/modules/6.12.0-new/modules.dep): the binder cannot claim anything at boot; rebuild it: update-initramfs -u -k 6.12.0-new"
	assert_line "PASS initramfs-modules /boot/initrd.img-$KVER: holds the 6 vfio module file(s) of $KVER"
}

@test "check: compressed modules count decompressed too; built-in vfio needs none; a removed kernel's image warns" {
	k=$R/lib/modules/6.8.0-zst
	mkdir -p "$k"
	sed 's/\.ko/.ko.zst/g' "$R/lib/modules/$KVER/modules.dep" >"$k/modules.dep"
	: >"$k/modules.builtin"
	# the hooks place a plain .ko when the kernel cannot decompress
	mkimage initrd.img-6.8.0-zst 6.8.0-zst kernel/drivers/vfio/vfio.ko.zst kernel/drivers/vfio/vfio_iommu_type1.ko \
		kernel/drivers/vfio/vfio_virqfd.ko.zst kernel/drivers/vfio/pci/vfio-pci-core.ko.zst \
		kernel/drivers/vfio/pci/vfio-pci.ko kernel/virt/lib/irqbypass.ko.zst
	k=$R/lib/modules/6.8.0-builtin
	mkdir -p "$k"
	printf 'kernel/drivers/vfio/vfio.ko\nkernel/drivers/vfio/vfio_iommu_type1.ko\nkernel/drivers/vfio/pci/vfio-pci.ko\n' >"$k/modules.builtin"
	: >"$k/modules.dep"
	mkimage initrd.img-6.8.0-builtin 6.8.0-builtin /dev/null
	mkimage initrd.img-5.10.0-gone 5.10.0-gone
	run -0 --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check
	assert_line "PASS initramfs-modules /boot/initrd.img-6.8.0-zst: holds the 6 vfio module file(s) of 6.8.0-zst"
	assert_line "PASS initramfs-modules /boot/initrd.img-6.8.0-builtin: vfio is built into 6.8.0-builtin: no module needed"
	assert_line "WARN initramfs-modules /boot/initrd.img-5.10.0-gone: no /lib/modules/5.10.0-gone: the kernel of this image is not installed, its vfio modules cannot be known; remove the stale image or reinstall kernel 5.10.0-gone"
}

# --- 3. the image older than the binder or the vfio modprobe.d options

@test "check: an image older than the installed binder or a vfio modprobe.d file warns with the rebuild command" {
	mkimage "initrd.img-$KVER" "$KVER"
	run -0 --separate-stderr "$VG" --root "$R" check
	assert_line "PASS initramfs-age /boot/initrd.img-$KVER: newer than /usr/sbin/vfio-gpu-early and the modprobe.d files about vfio"
	touch -d '2024-01-01 00:00' "$R/boot/initrd.img-$KVER"
	mkdir -p "$R/usr/sbin" "$R/etc/modprobe.d" "$R/usr/lib/modprobe.d"
	cp "$EARLY" "$R/usr/sbin/vfio-gpu-early"
	echo "options vfio-pci disable_vga=1" >"$R/etc/modprobe.d/vfio.conf"
	echo "softdep nouveau pre: vfio-pci" >"$R/usr/lib/modprobe.d/gpu.conf"
	# newer but not about vfio, and about vfio but older than the image
	echo "blacklist pcspkr" >"$R/etc/modprobe.d/blacklist.conf"
	echo "options vfio_iommu_type1 allow_unsafe_interrupts=1" >"$R/etc/modprobe.d/old.conf"
	touch -d '2023-01-01 00:00' "$R/etc/modprobe.d/old.conf"
	run -0 --separate-stderr "$VG" --root "$R" check
	assert_line --regexp "^WARN initramfs-age /boot/initrd.img-$KVER: older than /usr/sbin/vfio-gpu-early, (/etc/modprobe.d/vfio.conf, /usr/lib/modprobe.d/gpu.conf|/usr/lib/modprobe.d/gpu.conf, /etc/modprobe.d/vfio.conf): the next boot runs what the image holds, not what is installed; rebuild it: update-initramfs -u -k $KVER\$"
	refute_line --partial "blacklist.conf"
	refute_line --partial "old.conf"
	# a dracut image says dracut
	mv "$R/boot/initrd.img-$KVER" "$R/boot/initramfs-$KVER.img"
	run -0 --separate-stderr "$VG" --root "$R" check --json
	assert_equal "$(jq -r ".checks[] | select(.item == \"initramfs-age /boot/initramfs-$KVER.img\") | .status" <<<"$output")" WARN
	assert_equal "$(jq -r ".checks[] | select(.item == \"initramfs-age /boot/initramfs-$KVER.img\") | .message" <<<"$output" | grep -o 'rebuild it: .*')" "rebuild it: dracut -f --kver $KVER"
}

# --- 4. a host driver on a function the running boot selected

@test "check: nouveau or nvidia still on a function selected at this boot fails and points at the initramfs" {
	rm -rf "$R"
	mkroot_desc <<-'EOF2'
	0000:00:01.0 8086:1901 8086:2015 060400 1 pcieport
	0000:01:00.0 10de:13d7 1458:3702 030000 1 nouveau parent=0000:00:01.0 mf=1
	0000:01:00.1 10de:0fbb 1458:3702 040300 1 vfio-pci parent=0000:00:01.0
	0000:02:00.0 10de:2684 10de:16f4 030000 2 nvidia
	EOF2
	echo "intel_iommu=on vfio-gpu.ids=10de:13d7,10de:2684" >"$R/proc/cmdline"
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line "FAIL group 1: selected on this boot's command line but not viable, on a host driver now: 0000:01:00.0 on nouveau; the binder did not claim it at boot: is it in the initramfs? see vfio-gpu status"
	assert_line "FAIL group 2: selected on this boot's command line but not viable, on a host driver now: 0000:02:00.0 on nvidia; the binder did not claim it at boot: is it in the initramfs? see vfio-gpu status"
	run -1 --separate-stderr "$VG" --root "$R" check --json
	assert_equal "$(jq -r '.checks[] | select(.item == "group 2") | .status' <<<"$output")" FAIL
}

# --- 5. lockdown

@test "check: lockdown integrity/confidentiality warns about unsigned modules; none passes; no file says nothing" {
	run -0 --separate-stderr "$VG" --root "$R" check
	refute_line --partial "lockdown"
	mkdir -p "$R/sys/kernel/security"
	echo "none [integrity] confidentiality" >"$R/sys/kernel/security/lockdown"
	run -0 --separate-stderr "$VG" --root "$R" check
	assert_line "WARN lockdown: $R/sys/kernel/security/lockdown: [integrity] (Secure Boot): modules without a trusted signature will not load, so an out-of-tree vfio variant driver fails at boot; the distribution's signed vfio modules are fine. Sign such a module with an enrolled key (mokutil --import) or turn Secure Boot off in the firmware setup"
	echo "none integrity [confidentiality]" >"$R/sys/kernel/security/lockdown"
	run -0 --separate-stderr "$VG" --root "$R" check
	assert_line --partial "WARN lockdown: $R/sys/kernel/security/lockdown: [confidentiality] (Secure Boot): modules without a trusted signature will not load"
	echo "[none] integrity confidentiality" >"$R/sys/kernel/security/lockdown"
	run -0 --separate-stderr "$VG" --root "$R" check
	assert_line "PASS lockdown: $R/sys/kernel/security/lockdown: [none] (unsigned modules may load)"
}

# --- 6. AMD vs Intel IOMMU advice

@test "check on AMD: never amd_iommu=on; groups pass without an option, none fail with the firmware advice" {
	cp "$FIX/cmdline/cpuinfo.amd" "$R/proc/cpuinfo"
	echo "console=ttyS0 quiet" >"$R/proc/cmdline"
	run -0 --separate-stderr "$VG" --root "$R" check
	assert_line "PASS iommu-option: AMD CPU: the kernel enables AMD-Vi by itself, no option needed"
	refute_output --partial "amd_iommu=on"
	rm -rf "$R/sys/kernel/iommu_groups"
	find "$R/sys/bus/pci/devices/" -name iommu_group -exec rm {} +
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line "FAIL iommu-option: AMD CPU: enable the IOMMU (AMD-Vi) in the firmware setup; check there is no amd_iommu=off or iommu=off on the kernel command line"
	refute_output --partial "amd_iommu=on"
	# Intel: the option; a CPU we cannot tell: both fixes
	cp "$FIX/cmdline/cpuinfo.intel" "$R/proc/cpuinfo"
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line "FAIL iommu-option: add intel_iommu=on to the kernel command line (vfio-gpu-cmdline add --iommu)"
	cp "$FIX/cmdline/cpuinfo.other" "$R/proc/cpuinfo"
	run -1 --separate-stderr "$VG" --root "$R" check
	assert_line "FAIL iommu-option: add intel_iommu=on to the kernel command line (vfio-gpu-cmdline add --iommu); on AMD, enable the IOMMU (AMD-Vi) in the firmware setup"
}

@test "check: an ids entry inside a wider one is a WARN item naming both, said once" {
	# (exit 1: the capture's images and host drivers fail other items)
	run --separate-stderr "$VG" --root "$R" check --cmdline 'vfio-gpu.ids=1234:*,1234:1111'
	assert_line "WARN cmdline: 'vfio-gpu.ids=1234:1111' is inside 'vfio-gpu.ids=1234:*': it selects nothing more (it still counts as an exact name)"
	[[ $stderr != *"is inside"* ]]
}

@test "check: an image that is a link out of the root is not read (the root is a jail), the link named" {
	mkimage "initrd.img-$KVER" "$KVER"
	mkdir -p "$BATS_TEST_TMPDIR/outside"
	mv "$R/boot/initrd.img-$KVER" "$BATS_TEST_TMPDIR/outside/"
	ln -s "$BATS_TEST_TMPDIR/outside/initrd.img-$KVER" "$R/boot/initrd.img-$KVER"
	run --separate-stderr env PATH="$(no_listers_path)" "$VG" --root "$R" check
	refute_line --partial "PASS initramfs-modules /boot/initrd.img-$KVER"
	assert_stderr --partial "$R/boot/initrd.img-$KVER: a symbolic link leads out of the root $R (to $BATS_TEST_TMPDIR/outside/initrd.img-$KVER), not followed"
	# nor by a lister (lsinitramfs, lsinitrd), which opens it by name
	run --separate-stderr "$VG" --root "$R" check
	refute_line --partial "PASS initramfs-modules /boot/initrd.img-$KVER"
}
