# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-test/lib/images.sh — build real initramfs images of the test kernel with
# the real mkinitramfs and the real dracut, from the project's hook/module as
# installed into a scratch DESTDIR. Sourced (POSIX sh); needs kernel.sh.
#
# The generators read /lib/modules/KVER, /boot/config-KVER and /etc/modprobe.d
# of the machine they run on. To use the downloaded kernel (and a variant tree
# with compressed modules) without touching the host, every build runs in a
# private mount namespace (unshare -m) where those paths are bind mounts of
# scratch copies. The host's /boot, /lib/modules and initramfs stay as they are.
# shellcheck shell=sh disable=SC2016,SC2153
# (SC2016: the sh -c script expands its own arguments; SC2153: VG_* come from kernel.sh)

# vg_in_kernel_ns MODROOT CMD...: run CMD with /lib/modules/$VG_KVER = MODROOT's,
# /boot holding only the kernel's config, and /etc/modprobe.d = $VG_WORK/modprobe.d.
vg_in_kernel_ns() {
	_root=$1
	shift
	# An empty /lib/modules is the one thing created on the host, and only
	# when missing: a mount point for the namespace's tmpfs.
	[ -d /lib/modules ] || mkdir -p /lib/modules
	unshare -m sh -c '
		set -e
		root=$1 kver=$2 kroot=$3 mpd=$4 keep=$5
		shift 5
		mount -t tmpfs vgtest /lib/modules
		mkdir -p "/lib/modules/$kver"
		mount --bind "$root/lib/modules/$kver" "/lib/modules/$kver"
		mount -t tmpfs vgtest /boot
		cp "$kroot/boot/config-$kver" "/boot/config-$kver"
		mount --bind "$mpd" /etc/modprobe.d
		# A vfio-gpu installed on the host (an admin, another test) must
		# not add its own hook to the image: only the scratch install does,
		# unless the caller builds from the installed files on purpose
		# (VG_HOST_HOOKS=keep: qemu-test/package-boot).
		h=/usr/share/initramfs-tools/hooks
		if [ "$keep" != keep ] && [ -e "$h/vfio-gpu" ]; then
			mkdir -p "$mpd.hooks.$$"
			cp -a "$h/." "$mpd.hooks.$$/"
			rm -f "$mpd.hooks.$$/vfio-gpu"
			mount --bind "$mpd.hooks.$$" "$h"
		fi
		exec "$@"
	' vg-ns "$_root" "$VG_KVER" "$VG_KROOT" "$VG_WORK/modprobe.d" "${VG_HOST_HOOKS:-}" "$@"
}

# The modprobe.d every image is built with: the host's files plus one vfio
# option, so the tests see options travel from modprobe.d through the hook into
# the binder's finit_module call.
vg_modprobe_d() {
	rm -rf "$VG_WORK/modprobe.d"
	mkdir -p "$VG_WORK/modprobe.d"
	for f in /etc/modprobe.d/*.conf; do
		[ -f "$f" ] && cp "$f" "$VG_WORK/modprobe.d/"
	done
	echo "options vfio_iommu_type1 allow_unsafe_interrupts=1" >"$VG_WORK/modprobe.d/vgtest-vfio.conf"
}

# vg_kernel_variant_cz: a copy of the kernel's module tree (hard links) whose vfio
# set is compressed: vfio, vfio_iommu_type1 and irqbypass with xz (--check=crc32,
# as the kernel's own Makefile does), the rest of the set with zstd. Not gzip:
# Debian's kmod is built without zlib (kmod --version: -ZLIB), so depmod — the
# host's and the one both generators run on the image — leaves .ko.gz files out
# of modules.dep and nothing could load them; modset.sh unpacks .ko.gz like the
# others (tests/install/modset.bats). Sets VG_CZROOT.
vg_kernel_variant_cz() {
	VG_CZROOT=$VG_CACHE/kernel-cz2/$VG_KVER
	[ -e "$VG_CZROOT/.done" ] && return 0
	rm -rf "$VG_CZROOT"
	mkdir -p "$VG_CZROOT/lib/modules"
	cp -al "$VG_KROOT/lib/modules/$VG_KVER" "$VG_CZROOT/lib/modules/" || return 1
	for m in $(vg_module_order "$VG_KROOT" vfio vfio_iommu_type1 vfio_pci); do
		f=$VG_CZROOT/lib/modules/$VG_KVER/$m
		rm -f "$f"
		case ${m##*/} in
		vfio.ko | vfio_iommu_type1.ko | irqbypass.ko)
			xz --check=crc32 -c "$VG_KROOT/lib/modules/$VG_KVER/$m" >"$f.xz" ;;
		*) zstd -q -19 -c "$VG_KROOT/lib/modules/$VG_KVER/$m" >"$f.zst" ;;
		esac
	done
	# depmod rewrites modules.dep & co in place: they are hard links into the
	# real tree, so drop them first.
	rm -f "$VG_CZROOT/lib/modules/$VG_KVER"/modules.*
	cp "$VG_KROOT/lib/modules/$VG_KVER"/modules.builtin* "$VG_KROOT/lib/modules/$VG_KVER"/modules.order \
		"$VG_CZROOT/lib/modules/$VG_KVER/" 2>/dev/null
	depmod -b "$VG_CZROOT" "$VG_KVER" || return 1
	: >"$VG_CZROOT/.done"
}

# Hash of everything an image is made from, so a warm cache reuses it.
vg_inputs_hash() {
	{
		echo "$VG_KVER $*"
		dpkg-query -W dracut-core initramfs-tools-core systemd udev kmod busybox 2>/dev/null
		find "$VG_STAGE" "$VG_GUEST" "$VG_WORK/modprobe.d" -type f -print0 | sort -z |
			xargs -0 sha256sum
	} | sha256sum | cut -c1-16
}

# vg_build_itools MODROOT OUT [with|product|without]: mkinitramfs image ("with":
# the project plus the test-only report/preload helpers; "product": the project
# only, to measure what it adds; "without": neither). The hook and
# init-top script come from the scratch install ($VG_STAGE), passed with -d.
# The `modules` file forces the display/audio drivers in and loads them right
# after init-top, as users do for early KMS.
vg_build_itools() {
	_root=$1 _out=$2 _with=${3:-with}
	_conf=$(mktemp -d "$VG_WORK/itools-conf.XXXXXX") || return 1
	mkdir -p "$_conf/hooks" "$_conf/scripts/init-top" "$_conf/scripts/init-premount" "$_conf/conf.d"
	cat >"$_conf/initramfs.conf" <<-CONF
		MODULES=most
		BUSYBOX=y
		COMPRESS=zstd
		RUNSIZE=10%
	CONF
	printf '%s\n' bochs snd_hda_intel >"$_conf/modules"
	if [ "$_with" != without ]; then
		cp "$VG_STAGE/usr/share/initramfs-tools/hooks/vfio-gpu" "$_conf/hooks/"
		cp "$VG_STAGE/usr/share/initramfs-tools/scripts/init-top/00-vfio-gpu" "$_conf/scripts/init-top/"
	fi
	if [ "$_with" = with ]; then
		cp "$VG_GUEST/initramfs-tools/hooks/vgtest" "$_conf/hooks/"
		cp "$VG_GUEST/initramfs-tools/scripts/init-top/0-vgtest-preload" "$_conf/scripts/init-top/"
		cp "$VG_GUEST/initramfs-tools/scripts/init-premount/zz-vgtest-report" "$_conf/scripts/init-premount/"
	fi
	VFIO_GPU_EARLY=$VG_STAGE/usr/sbin/vfio-gpu-early VFIO_GPU_MODSET=$VG_STAGE/usr/lib/vfio-gpu/modset.sh VFIO_GPU_UDEV_RULE=$VG_STAGE/usr/lib/udev/rules.d/79-vfio-gpu.rules VGTEST_GUEST=$VG_GUEST \
		vg_in_kernel_ns "$_root" mkinitramfs -d "$_conf" -o "$_out" "$VG_KVER"
	_rc=$?
	rm -rf "$_conf"
	return $_rc
}

# vg_build_dracut MODROOT OUT [with|product|without]: a systemd dracut image, as dracut
# builds on this machine. dracut reads its modules from $dracutbasedir: a scratch
# copy of /usr/lib/dracut made of symlinks, plus the installed 90vfio-gpu (picked
# up by its check(), as a plain `dracut -f` would) and the test-only 99vgtest.
# force_drivers loads bochs and snd_hda_intel early (rd.driver.pre).
# VG_DRACUT_FLAVOUR=shell builds the shell-based initramfs instead (systemd
# omitted), as on a machine without systemd.
vg_build_dracut() {
	_root=$1 _out=$2 _with=${3:-with}
	_omit=
	[ "${VG_DRACUT_FLAVOUR:-systemd}" = shell ] && _omit="--omit systemd"
	_base=$(mktemp -d "$VG_WORK/dracut-base.XXXXXX") || return 1
	mkdir -p "$_base/modules.d" "$_base/conf.d" "$_base/tmp"
	for f in /usr/lib/dracut/*; do
		[ "${f##*/}" = modules.d ] || ln -s "$f" "$_base/${f##*/}"
	done
	# Never the host's own 90vfio-gpu (if vfio-gpu is installed there): the
	# scratch install's, below, or none; VG_HOST_HOOKS=keep: the installed one.
	for f in /usr/lib/dracut/modules.d/*; do
		[ "${f##*/}" = 90vfio-gpu ] && [ "${VG_HOST_HOOKS:-}" != keep ] && continue
		ln -s "$f" "$_base/modules.d/${f##*/}"
	done
	_add=
	if [ "$_with" != without ]; then
		ln -s "$VG_STAGE/usr/lib/dracut/modules.d/90vfio-gpu" "$_base/modules.d/90vfio-gpu"
	fi
	if [ "$_with" = with ]; then
		ln -s "$VG_GUEST/dracut/99vgtest" "$_base/modules.d/99vgtest"
		_add="--add vgtest"
	fi
	# shellcheck disable=SC2086 # _add/_omit: an option and its value, or nothing
	dracutbasedir=$_base VFIO_GPU_EARLY=$VG_STAGE/usr/sbin/vfio-gpu-early VFIO_GPU_MODSET=$VG_STAGE/usr/lib/vfio-gpu/modset.sh VFIO_GPU_UDEV_RULE=$VG_STAGE/usr/lib/udev/rules.d/79-vfio-gpu.rules VGTEST_GUEST=$VG_GUEST \
		vg_in_kernel_ns "$_root" dracut --quiet --force --no-hostonly --no-early-microcode \
		--conf /dev/null --confdir "$_base/conf.d" --tmpdir "$_base/tmp" \
		--kver "$VG_KVER" --compress zstd $_add $_omit \
		--force-drivers "bochs snd_hda_intel" --add-drivers "e1000e" \
		"$_out"
	_rc=$?
	rm -rf "$_base"
	return $_rc
}

# vg_root_disk OUT: a tiny ext4 root disk for the switch-root boots: the host's
# static busybox, its applets as links, and qemu-test/guest/vgtest-rootinit as
# /sbin/init. mkfs.ext4 -d fills the file system from a directory: no loop
# device, no mount. Rebuilt when the init script changes.
vg_root_disk() {
	_out=$1
	_dir=$VG_WORK/rootdisk
	_sum=$( (cat /bin/busybox "$VG_GUEST/vgtest-rootinit" && echo os-release) | sha256sum | cut -c1-16)
	[ -s "$_out" ] && [ "$(cat "$_out.sum" 2>/dev/null)" = "$_sum" ] && return 0
	file -L /bin/busybox | grep -q 'statically linked' || {
		echo "vg_root_disk: /bin/busybox is not static" >&2
		return 1
	}
	rm -rf "$_dir" "$_out"
	mkdir -p "$_dir/bin" "$_dir/sbin" "$_dir/proc" "$_dir/sys" "$_dir/dev" "$_dir/run" \
		"$_dir/tmp" || return 1
	cp /bin/busybox "$_dir/bin/busybox" || return 1
	for a in sh mount cat readlink dmesg grep tail sleep; do
		ln -s busybox "$_dir/bin/$a"
	done
	# systemd's switch-root refuses a root without os-release ("does not
	# seem to be an OS tree"); initramfs-tools does not care.
	mkdir -p "$_dir/etc"
	printf '%s\n' 'NAME="vgtest root"' 'ID=vgtest' >"$_dir/etc/os-release"
	cp "$VG_GUEST/vgtest-rootinit" "$_dir/sbin/init" || return 1
	chmod 0755 "$_dir/sbin/init"
	mkfs.ext4 -q -L vgtest-root -d "$_dir" "$_out" 16M || return 1
	rm -rf "$_dir"
	echo "$_sum" >"$_out.sum"
}
