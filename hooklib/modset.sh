# SPDX-License-Identifier: GPL-2.0-or-later
# hooklib/modset.sh — what both initramfs generators' vfio-gpu hooks put into
# the image, decided once: the vfio module set, whether its compressed files
# are unpacked for the binder, and where modprobe.d options are read from.
# Sourced (POSIX sh) by initramfs-tools' hooks/vfio-gpu and by dracut's
# 90vfio-gpu/module-setup.sh; installed as $(LIBDIR)/vfio-gpu/modset.sh.
# shellcheck shell=sh

# The modprobe.d folders, in the binder's order (lib/modprobe_d.c reads the
# same list, as kmod does; tests/install compares the two lists).
VFIO_GPU_MODPROBE_DIRS="/etc/modprobe.d /run/modprobe.d /usr/local/lib/modprobe.d /lib/modprobe.d /usr/lib/modprobe.d"

# vfio_gpu_variant_modules MODULES_ALIAS: the vfio-pci variant drivers of a
# module tree (mlx5_vfio_pci, virtio_vfio_pci, ...): every module that has a
# `vfio_pci:` alias, other than vfio_pci itself. The binder picks among them at
# boot (the alias that matches a function best), so all of them go into the
# image. No modules.alias: none.
vfio_gpu_variant_modules() {
	[ -r "$1" ] || return 0
	awk '$1 == "alias" && $2 ~ /^vfio_pci:/ && $3 != "vfio_pci" { print $3 }' "$1" | sort -u
}

# vfio_gpu_vendor_reset MODULES_DEP: vendor_reset when the tree has it
# (installed, e.g. by DKMS): the binder loads it before it writes a
# vfio-gpu.reset=ADDR:device_specific (SPEC "SR-IOV virtual functions and
# reset at boot"), so the image must carry it. Not installed: nothing.
vfio_gpu_vendor_reset() {
	[ -r "$1" ] || return 0
	awk '{ p = $1; sub(/:$/, "", p); sub(/.*\//, "", p) }
		p ~ /^vendor[-_]reset\.ko(\.(gz|xz|zst))?$/ { print "vendor_reset"; exit }' "$1"
}

# vfio_gpu_modules MODDIR: the module names both hooks add to the image, for
# the module tree MODDIR (lib/modules/KVER): vfio, vfio_iommu_type1, vfio_pci,
# the variant drivers and vendor-reset when installed; the generators add
# what modules.dep lists for them.
vfio_gpu_modules() {
	printf '%s\n' vfio vfio_iommu_type1 vfio_pci
	vfio_gpu_variant_modules "$1/modules.alias"
	vfio_gpu_vendor_reset "$1/modules.dep"
}

# vfio_gpu_module_paths MODULES_DEP: the vfio set as modules.dep paths —
# vfio, vfio_iommu_type1, vfio_pci, the variant drivers named in the
# modules.alias next to MODULES_DEP, and every dependency modules.dep lists
# for them (it lists the whole closure), never a fixed list.
vfio_gpu_module_paths() {
	awk -v set=" $(vfio_gpu_modules "$(dirname "$1")" | tr '\n' ' ')" '
		function name(p) {
			sub(/:$/, "", p); sub(/.*\//, "", p)
			sub(/\.ko(\.(gz|xz|zst))?$/, "", p); gsub(/-/, "_", p)
			return p
		}
		index(set, " " name($1) " ") {
			for (i = 1; i <= NF; i++) { p = $i; sub(/:$/, "", p); print p }
		}' "$1" | sort -u
}

# vfio_gpu_kernel_decompresses CONFIG FMT: whether a kernel of that config
# loads FMT (gz|xz|zst) modules itself: CONFIG_MODULE_DECOMPRESS and FMT being
# its configured compression (it decompresses one format). No config to
# read: assume it cannot.
vfio_gpu_kernel_decompresses() {
	[ -r "$1" ] || return 1
	grep -qx 'CONFIG_MODULE_DECOMPRESS=y' "$1" || return 1
	case $2 in
	gz) grep -qx 'CONFIG_MODULE_COMPRESS_GZIP=y' "$1" ;;
	xz) grep -qx 'CONFIG_MODULE_COMPRESS_XZ=y' "$1" ;;
	zst) grep -qx 'CONFIG_MODULE_COMPRESS_ZSTD=y' "$1" ;;
	*) return 1 ;;
	esac
}

# vfio_gpu_unpack_modules IMAGE_MODDIR MODULES_DEP CONFIG: replace each
# X.ko.gz/X.ko.xz/X.ko.zst of the vfio set in the image (IMAGE_MODDIR =
# the image's lib/modules/KVER) by X.ko. Both generators run depmod on the
# image afterwards, so its modules.dep then names X.ko.
#   VFIO_GPU_MODULES=unpacked (default): always. Measured on Debian 13's
#     6.12 (qemu-test/NOTES-6.12.md): in-kernel xz made the binder slower and
#     the image is compressed as a whole anyway, as mkinitramfs itself
#     decompresses modules "for boot speed".
#   VFIO_GPU_MODULES=as-shipped: keep them compressed where the kernel
#     decompresses that format itself (MODULE_INIT_COMPRESSED_FILE); unpack
#     only the others, which the binder could not load (it carries no
#     decompressor of its own).
# Prints one line per unpacked file; failures go to stderr and leave the
# compressed file in place (the binder then names the module it cannot load).
vfio_gpu_unpack_modules() {
	_vg_dir=$1 _vg_dep=$2 _vg_cfg=$3
	case ${VFIO_GPU_MODULES:-unpacked} in
	unpacked | as-shipped) ;;
	*)
		echo "vfio-gpu: VFIO_GPU_MODULES='$VFIO_GPU_MODULES' is neither unpacked nor as-shipped; unpacking" >&2
		;;
	esac
	vfio_gpu_module_paths "$_vg_dep" | while read -r _vg_p; do
		_vg_f=$_vg_dir/$_vg_p
		[ -e "$_vg_f" ] || continue
		case $_vg_p in
		*.ko.gz) _vg_fmt=gz ;;
		*.ko.xz) _vg_fmt=xz ;;
		*.ko.zst) _vg_fmt=zst ;;
		*) continue ;;
		esac
		if [ "${VFIO_GPU_MODULES:-}" = as-shipped ] &&
			vfio_gpu_kernel_decompresses "$_vg_cfg" "$_vg_fmt"; then
			continue
		fi
		case $_vg_fmt in
		gz) gzip -dc "$_vg_f" >"${_vg_f%.gz}" 2>/dev/null ;;
		xz) xz -dc "$_vg_f" >"${_vg_f%.xz}" 2>/dev/null ;;
		*) zstd -qdc "$_vg_f" >"${_vg_f%.zst}" 2>/dev/null ;;
		esac || {
			echo "vfio-gpu: cannot decompress $_vg_p ($_vg_fmt installed?)" >&2
			rm -f "${_vg_f%.*}"
			continue
		}
		rm -f "$_vg_f"
		echo "${_vg_p%.*}"
	done
}

# vfio_gpu_modprobe_files SYSROOT: the modprobe.d files (SYSROOT/DIR/*.conf,
# printed without SYSROOT) that mention vfio: the binder reads their options.
vfio_gpu_modprobe_files() {
	for _vg_d in $VFIO_GPU_MODPROBE_DIRS; do
		for _vg_f in "$1$_vg_d"/*.conf; do
			[ -f "$_vg_f" ] || continue
			grep -qi vfio "$_vg_f" && echo "$_vg_d/${_vg_f##*/}"
		done
	done
	return 0
}

# vfio_gpu_conf_file SYSROOT: the selection file both hooks copy into the
# image as /etc/vfio-gpu/vfio-gpu.conf (SPEC "The same tokens from a file in
# the image"): VFIO_GPU_CONF (the tests), else SYSROOT/etc/vfio-gpu/vfio-gpu.conf,
# printed as the regular file to copy (a link as its target: the binder
# refuses a link in the image); nothing when there is none. One the binder
# would refuse (not a regular file, more than its 4096 bytes) is named on
# stderr and left out: the build says it, not only the boot.
vfio_gpu_conf_file() {
	_vg_c=${VFIO_GPU_CONF:-$1/etc/vfio-gpu/vfio-gpu.conf}
	[ -e "$_vg_c" ] || [ -L "$_vg_c" ] || return 0
	_vg_r=$(readlink -f "$_vg_c")
	if [ ! -f "$_vg_r" ]; then
		echo "vfio-gpu: $_vg_c is not a regular file; not copied into the initramfs" >&2
		return 0
	fi
	_vg_s=$(wc -c <"$_vg_r")
	if [ "$_vg_s" -gt 4096 ]; then
		echo "vfio-gpu: $_vg_c has $_vg_s bytes, more than the 4096 the binder reads; not copied into the initramfs" >&2
		return 0
	fi
	echo "$_vg_r"
}
