# qemu-test/lib/kernel.sh — fetch the real Debian kernel the boot tests run, once.
# shellcheck shell=sh
# Sourced (POSIX sh). The kernel is the one `linux-image-amd64` depends on, taken
# with `apt-get download` + `dpkg -x` (never installed: the host's /boot and
# /lib/modules stay untouched) and cached under $VG_CACHE between runs.
#
# After vg_kernel_fetch:
#   VG_KVER     kernel release, e.g. 6.1.0-56-amd64
#   VG_KROOT    extracted package root (boot/ and lib/modules/$VG_KVER/ with modules.dep)
#   VG_VMLINUZ  the kernel image to hand to QEMU
#   (and $VG_KROOT/.package names the package and version it came from)

: "${VG_CACHE:=${VFIO_GPU_CACHE:-/var/cache/vfio-gpu-test}}"

vg_log() {
	echo "# $*" >&2
}

vg_die() {
	echo "vfio-gpu-test: $*" >&2
	return 1
}

# The package name of the kernel Debian's metapackage points at now, unless
# VG_KERNEL_PKG pins one (e.g. to reproduce a fixture).
vg_kernel_pkg() {
	if [ -n "${VG_KERNEL_PKG:-}" ]; then
		echo "$VG_KERNEL_PKG"
		return 0
	fi
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}

vg_kernel_fetch() {
	pkg=$(vg_kernel_pkg)
	[ -n "$pkg" ] || {
		vg_die "cannot tell which linux-image linux-image-amd64 depends on (run apt-get update)"
		return 1
	}
	VG_KVER=${pkg#linux-image-}
	VG_KROOT=$VG_CACHE/kernel/$VG_KVER
	VG_VMLINUZ=$VG_KROOT/boot/vmlinuz-$VG_KVER
	# The .done stamp is written last, so an interrupted fetch is redone.
	if [ ! -e "$VG_KROOT/.done" ]; then
		vg_log "fetching $pkg into $VG_KROOT"
		rm -rf "$VG_KROOT" "$VG_CACHE/dl"
		mkdir -p "$VG_CACHE/dl" "$VG_KROOT" || return 1
		# apt drops privileges to _apt for downloads; a root-only cache
		# dir makes it fall back to root with a warning, which is harmless.
		(cd "$VG_CACHE/dl" && apt-get download -q "$pkg" >/dev/null 2>&1) || {
			vg_die "apt-get download $pkg failed (run apt-get update?)"
			return 1
		}
		dpkg -x "$VG_CACHE"/dl/"$pkg"_*.deb "$VG_KROOT" || return 1
		dpkg-deb -f "$VG_CACHE"/dl/"$pkg"_*.deb Package Version >"$VG_KROOT/.package"
		rm -rf "$VG_CACHE/dl"
		# The package ships no modules.dep; the generators and the binder need it.
		depmod -b "$VG_KROOT" "$VG_KVER" || return 1
		: >"$VG_KROOT/.done"
	fi
	[ -r "$VG_VMLINUZ" ] || {
		vg_die "no kernel image at $VG_VMLINUZ"
		return 1
	}
	export VG_KVER VG_KROOT VG_VMLINUZ
}

# Print the insmod order (dependencies first) of modules $2... in module tree
# root $1 as paths relative to lib/modules/$VG_KVER, skipping built-ins. kmod's
# own resolver does the work, so nothing here knows a dependency list.
vg_module_order() {
	root=$1
	shift
	for m in "$@"; do
		modprobe -d "$root" -S "$VG_KVER" --show-depends "$m" 2>/dev/null
	done | sed -n "s|^insmod $root/lib/modules/$VG_KVER/||p" | sed 's/ *$//' |
		awk '!seen[$0]++'
}
