# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-test/lib/guest.sh — whole Debian 12 guests for the fleet test: a root made
# with debootstrap from the host's own Debian registry (cached), a disk image per
# guest, and a boot loop that plays the boot loader: before every boot it reads
# the kernel, the initramfs and /etc/kernel/cmdline from the guest's OWN disk
# (debugfs, no mount), so what boots after a reboot is what the guest built.
# shellcheck shell=sh
# Sourced (POSIX sh); needs kernel.sh (VG_CACHE, vg_log, vg_die) and machine.sh.

# The MAC of the management NIC: a udev rule in the guest names it mgmt0, so the
# test machine's e1000e (the protected NIC) can never take its place.
VG_GUEST_MAC=52:54:00:76:67:01
# The recipe's own hash names the cached root: changing this file rebuilds it.
: "${VG_GUEST_ROOTDIR:=$VG_CACHE/guest-root/bookworm-$(sha256sum "$here/lib/guest.sh" | cut -c1-12)}"

# The first http(s) URI of the host's Debian sources (deb822 or one-line).
vg_debian_mirror() {
	{
		cat /etc/apt/sources.list.d/*.sources 2>/dev/null |
			sed -n 's/^URIs:[[:space:]]*\([^[:space:]]*debian\)[[:space:]]*$/\1/p'
		cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]\{1,\}\)\{0,1\}\(http[^[:space:]]*debian\)[[:space:]]\{1,\}bookworm[[:space:]].*/\2/p'
	} | head -n 1
}

# vg_guest_root: the provisioned root directory and its disk image, built once
# (the .done stamp is written last). Sets VG_GUEST_DISK and VG_GUEST_KEY.
vg_guest_root() {
	_gr=$VG_GUEST_ROOTDIR
	VG_GUEST_DISK=$_gr/disk.img
	VG_GUEST_KEY=$_gr/id_ed25519
	export VG_GUEST_DISK VG_GUEST_KEY
	[ -e "$_gr/.done" ] && return 0
	_mirror=$(vg_debian_mirror)
	[ -n "$_mirror" ] || {
		vg_die "no Debian mirror in /etc/apt/sources* to debootstrap from"
		return 1
	}
	rm -rf "$_gr"
	mkdir -p "$_gr" || return 1
	vg_log "debootstrap bookworm from $_mirror into $_gr/root (about 2 minutes)"
	debootstrap --variant=minbase \
		--include=systemd-sysv,dbus,openssh-server,python3,python3-apt,linux-image-amd64,initramfs-tools,udev,kmod,ifupdown,isc-dhcp-client,zstd \
		bookworm "$_gr/root" "$_mirror" >"$_gr/debootstrap.log" 2>&1 || {
		tail -n 5 "$_gr/debootstrap.log" >&2
		vg_die "debootstrap failed (log: $_gr/debootstrap.log)"
		return 1
	}
	ssh-keygen -q -t ed25519 -N '' -C vgtest -f "$VG_GUEST_KEY" || return 1
	_r=$_gr/root
	install -d -m 700 "$_r/root/.ssh"
	install -m 600 "$VG_GUEST_KEY.pub" "$_r/root/.ssh/authorized_keys"
	echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" >"$_r/etc/fstab"
	echo vgtest >"$_r/etc/hostname"
	echo "SUBSYSTEM==\"net\", ACTION==\"add\", ATTR{address}==\"$VG_GUEST_MAC\", NAME=\"mgmt0\"" \
		>"$_r/etc/udev/rules.d/70-vgtest-mgmt.rules"
	printf 'auto lo\niface lo inet loopback\n\nallow-hotplug mgmt0\niface mgmt0 inet dhcp\n' \
		>"$_r/etc/network/interfaces"
	# The boot loader of these guests is the harness: it boots the kernel and
	# initramfs in the guest's /boot with this line, which vfio-gpu-cmdline
	# edits (its /etc/kernel/cmdline back end).
	echo "root=/dev/vda rw console=ttyS0 panic=-1 no_timer_check" >"$_r/etc/kernel/cmdline"
	# The administrator's choice that makes an in-guest rebuild take about a
	# minute under TCG instead of nine (NOTES-BOOT-TESTS.md).
	echo "MODULES=dep" >"$_r/etc/initramfs-tools/conf.d/vgtest-modules"
	# No apt sources inside: packages come from the controller, nothing else.
	: >"$_r/etc/apt/sources.list"
	rm -f "$_r/etc/apt/sources.list.d/"*
	# Boot-time housekeeping that only slows a TCG guest down.
	for _u in e2scrub_reap.service e2scrub_all.timer apt-daily.timer apt-daily-upgrade.timer \
		man-db.timer fstrim.timer; do
		ln -sf /dev/null "$_r/etc/systemd/system/$_u"
	done
	# Each guest gets its own machine-id on first boot.
	: >"$_r/etc/machine-id"
	mkfs.ext4 -q -L vgroot -d "$_r" "$_gr/disk.img.tmp" 3G || return 1
	mv "$_gr/disk.img.tmp" "$VG_GUEST_DISK"
	: >"$_gr/.done"
}

# vg_guest_bootfiles DISK OUTDIR: the boot loader's read of the guest's disk:
# OUTDIR/vmlinuz, OUTDIR/initrd.img (the newest kernel in /boot) and
# OUTDIR/cmdline (/etc/kernel/cmdline).
vg_guest_bootfiles() {
	_disk=$1 _out=$2
	mkdir -p "$_out"
	_kver=$(debugfs -R "ls /boot" "$_disk" 2>/dev/null | tr -s ' \t' '\n' |
		sed -n 's/^vmlinuz-//p' | sort -V | tail -n 1)
	[ -n "$_kver" ] || {
		vg_die "no /boot/vmlinuz-* on $_disk"
		return 1
	}
	rm -f "$_out/vmlinuz" "$_out/initrd.img" "$_out/cmdline"
	debugfs -R "dump /boot/vmlinuz-$_kver $_out/vmlinuz" "$_disk" >/dev/null 2>&1
	debugfs -R "dump /boot/initrd.img-$_kver $_out/initrd.img" "$_disk" >/dev/null 2>&1
	debugfs -R "cat /etc/kernel/cmdline" "$_disk" 2>/dev/null | head -n 1 >"$_out/cmdline"
	if [ ! -s "$_out/vmlinuz" ] || [ ! -s "$_out/initrd.img" ] || [ ! -s "$_out/cmdline" ]; then
		vg_die "cannot read the boot files of $_disk"
		return 1
	fi
	echo "$_kver" >"$_out/kver"
}

# vg_guest_run DIR PORT: the guest's life, run in the background. DIR holds
# disk.img; every boot N gets DIR/bootN/ (what was booted) and DIR/consoleN.log.
# A reboot inside the guest ends QEMU (-no-reboot); the loop then boots again
# from the guest's own files, until DIR/stop exists (or 8 boots).
vg_guest_run() {
	_dir=$1 _port=$2
	_n=0
	while [ ! -e "$_dir/stop" ] && [ "$_n" -lt 8 ]; do
		_n=$((_n + 1))
		vg_guest_bootfiles "$_dir/disk.img" "$_dir/boot$_n" || break
		echo "$_n" >"$_dir/boots"
		# shellcheck disable=SC2046 # the machine words are split on purpose
		timeout --kill-after=10 "${VG_GUEST_TIMEOUT:-1800}" qemu-system-x86_64 $(vg_machine_args) \
			-drive "file=$_dir/disk.img,if=virtio,format=raw" \
			-device "virtio-net-pci,netdev=mgmt,mac=$VG_GUEST_MAC,bus=pcie.0,addr=06.0" \
			-netdev "user,id=mgmt,hostfwd=tcp:127.0.0.1:$_port-:22" \
			-nographic -no-reboot -monitor none -serial "file:$_dir/console$_n.log" \
			-kernel "$_dir/boot$_n/vmlinuz" -initrd "$_dir/boot$_n/initrd.img" \
			-append "$(cat "$_dir/boot$_n/cmdline")" </dev/null >/dev/null 2>"$_dir/qemu$_n.err"
	done
	: >"$_dir/ended"
}

# vg_guest_ssh DIR PORT CMD...: run CMD in the guest as root.
vg_guest_ssh() {
	_port=$2
	shift 2
	ssh -q -i "$VG_GUEST_KEY" -p "$_port" -o BatchMode=yes -o StrictHostKeyChecking=no \
		-o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 root@127.0.0.1 "$@"
}

# vg_guest_wait_ssh DIR PORT [SECONDS]: until sshd answers (or the guest ended).
vg_guest_wait_ssh() {
	_dir=$1 _port=$2 _left=${3:-300}
	while [ "$_left" -gt 0 ]; do
		vg_guest_ssh "$_dir" "$_port" true 2>/dev/null && return 0
		[ -e "$_dir/ended" ] && return 1
		sleep 5
		_left=$((_left - 5))
	done
	return 1
}

# vg_guest_stop DIR PORT: power the guest off for good and wait for the loop.
vg_guest_stop() {
	_dir=$1 _port=$2
	: >"$_dir/stop"
	vg_guest_ssh "$_dir" "$_port" 'echo o >/proc/sysrq-trigger' 2>/dev/null
	_left=60
	while [ ! -e "$_dir/ended" ] && [ "$_left" -gt 0 ]; do
		sleep 1
		_left=$((_left - 1))
	done
}
