# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-test/lib/variant.sh — the test variant driver for the "*-vg" images.
# shellcheck shell=sh disable=SC2153
# (SC2153: VG_* come from kernel.sh.) Builds the test-only vfio-pci variant
# driver (qemu-test/variant-driver) for the test kernel, and a copy of that
# kernel's module tree that holds it.
# Sourced (POSIX sh); needs kernel.sh, after vg_kernel_fetch.
#
# Debian's headers for the kernel are fetched like the kernel itself:
# `apt-get download` + `dpkg -x` into $VG_CACHE (never installed on the host).
# The headers package's Makefile includes the -common package's Makefile by
# its absolute /usr/src path; `make -f COMMON/Makefile` names it instead (the
# top Makefile takes its source tree from its own path, and the object tree,
# .config and .kernelvariables from -C), and the scripts/ and tools/ links
# are relative, into the linux-kbuild package unpacked next to it.

# vg_variant_headers: unpack linux-headers-$VG_KVER with its -common and
# linux-kbuild dependencies once. Sets VG_HDR (the -amd64 headers dir) and
# VG_HDR_COMMON.
vg_variant_headers() {
	_hr=$VG_CACHE/headers/$VG_KVER
	VG_HDR=$_hr/usr/src/linux-headers-$VG_KVER
	VG_HDR_COMMON=$(find "$_hr/usr/src" -maxdepth 1 -name 'linux-headers-*-common' 2>/dev/null | head -n 1)
	[ -e "$_hr/.done" ] && [ -n "$VG_HDR_COMMON" ] && return 0
	# shellcheck disable=SC2046 # the options are split into words on purpose
	_pkgs="linux-headers-$VG_KVER $(apt-cache $(vg_apt_opts "$VG_KDIST") depends "linux-headers-$VG_KVER" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-headers-[^ ]*-common\|linux-kbuild-[^ ]*\)$/\1/p' | tr '\n' ' ')"
	case $_pkgs in *-common*linux-kbuild-* | *linux-kbuild-*-common*) ;; *)
		vg_die "cannot tell the -common and linux-kbuild packages of linux-headers-$VG_KVER (got: $_pkgs)"
		return 1
		;;
	esac
	vg_log "fetching $_pkgs into $_hr"
	_dl=$VG_CACHE/dl-headers
	rm -rf "$_hr" "$_dl"
	mkdir -p "$_hr" "$_dl" || return 1
	# shellcheck disable=SC2046,SC2086 # options and package names split on purpose
	(cd "$_dl" && apt-get $(vg_apt_opts "$VG_KDIST") download -q $_pkgs >/dev/null 2>&1) || {
		vg_die "apt-get download $_pkgs failed (run apt-get update?)"
		return 1
	}
	for _d in "$_dl"/*.deb; do
		dpkg -x "$_d" "$_hr" || return 1
		dpkg-deb -f "$_d" Package Version >>"$_hr/.package"
	done
	rm -rf "$_dl"
	VG_HDR_COMMON=$(find "$_hr/usr/src" -maxdepth 1 -name 'linux-headers-*-common' | head -n 1)
	if [ ! -f "$VG_HDR/.config" ] || [ ! -f "$VG_HDR_COMMON/Makefile" ]; then
		vg_die "no .config or common Makefile in $_hr"
		return 1
	fi
	: >"$_hr/.done"
}

# vg_variant_module SRC: build SRC (qemu-test/variant-driver) for $VG_KVER once per
# source and headers (cached by their hash). Sets VG_VGKO (the .ko) and
# VG_VGHASH.
vg_variant_module() {
	_src=$1
	vg_variant_headers || return 1
	VG_VGHASH=$({
		echo "$VG_KVER"
		cat "$VG_CACHE/headers/$VG_KVER/.package"
		(cd "$_src" && sha256sum Kbuild ./*.c)
	} | sha256sum | cut -c1-12)
	_out=$VG_CACHE/variant-driver/$VG_KVER-$VG_VGHASH
	VG_VGKO=$_out/vgtest_vfio_pci.ko
	[ -s "$VG_VGKO" ] && return 0
	rm -rf "$_out"
	mkdir -p "$_out/build" || return 1
	# Kbuild writes next to the sources: build in a scratch copy.
	cp "$_src/Kbuild" "$_src"/*.c "$_out/build/" || return 1
	_t0=$(date +%s%N)
	make -s -C "$VG_HDR" -f "$VG_HDR_COMMON/Makefile" M="$_out/build" modules \
		>"$_out/build.log" 2>&1 || {
		sed 's/^/# /' "$_out/build.log" | tail -n 30 >&2
		vg_die "building the variant driver against $VG_HDR failed"
		return 1
	}
	mv "$_out/build/vgtest_vfio_pci.ko" "$VG_VGKO" || return 1
	rm -rf "$_out/build"
	vg_log "built vgtest_vfio_pci.ko for $VG_KVER in $((($(date +%s%N) - _t0) / 1000000)) ms"
}

# vg_kernel_variant_vg SRC: a copy of the kernel's module tree (hard links) with
# the variant driver in extra/ and its own depmod files, so that only the
# "*-vg" images carry it and every other image stays as it was. Sets VG_VGROOT.
vg_kernel_variant_vg() {
	vg_variant_module "$1" || return 1
	VG_VGROOT=$VG_CACHE/kernel-vg/$VG_KVER-$VG_VGHASH
	[ -e "$VG_VGROOT/.done" ] && return 0
	rm -rf "$VG_CACHE/kernel-vg"
	mkdir -p "$VG_VGROOT/lib/modules"
	cp -al "$VG_KROOT/lib/modules/$VG_KVER" "$VG_VGROOT/lib/modules/" || return 1
	# depmod rewrites modules.dep & co in place: they are hard links into
	# the real tree, so drop them first (as vg_kernel_variant_cz does).
	rm -f "$VG_VGROOT/lib/modules/$VG_KVER"/modules.*
	cp "$VG_KROOT/lib/modules/$VG_KVER"/modules.builtin* "$VG_KROOT/lib/modules/$VG_KVER"/modules.order \
		"$VG_VGROOT/lib/modules/$VG_KVER/" 2>/dev/null
	mkdir -p "$VG_VGROOT/lib/modules/$VG_KVER/extra" &&
		cp "$VG_VGKO" "$VG_VGROOT/lib/modules/$VG_KVER/extra/" || return 1
	depmod -b "$VG_VGROOT" "$VG_KVER" || return 1
	grep -q '^alias vfio_pci:v00001B36d00000005.* vgtest_vfio_pci$' \
		"$VG_VGROOT/lib/modules/$VG_KVER/modules.alias" || {
		vg_die "depmod wrote no vfio_pci: alias for vgtest_vfio_pci"
		return 1
	}
	: >"$VG_VGROOT/.done"
}
