# SPDX-License-Identifier: GPL-2.0-or-later
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
#   VG_KDIST    the Debian suite it came from (bookworm, trixie)
#   (and $VG_KROOT/.package names the package and version it came from)

: "${VG_CACHE:=${VFIO_GPU_CACHE:-/var/cache/vfio-gpu-test}}"

vg_log() {
	echo "# $*" >&2
}

vg_die() {
	echo "vfio-gpu-test: $*" >&2
	return 1
}

# The Debian suites whose kernel the boot tests can run: "bookworm" (Debian 12,
# 6.1, the host's own suite, uncompressed .ko) and "trixie" (Debian 13, 6.12,
# every module .ko.xz, CONFIG_MODULE_DECOMPRESS=y, modules under usr/lib in
# the package). VG_KERNEL picks one (default bookworm).
VG_KERNELS="bookworm trixie"

# vg_apt_opts DIST: apt-get/apt-cache options for DIST. bookworm is the host's
# own configuration; any other suite gets a private one under $VG_CACHE/apt-DIST
# (own sources list, lists and cache), so the host's sources never change.
vg_apt_opts() {
	[ "${1:-bookworm}" = bookworm ] && return 0
	_d=$VG_CACHE/apt-$1
	echo "-o Dir::Etc::SourceList=$_d/sources.list -o Dir::Etc::SourceParts=/dev/null"
	echo "-o Dir::State::Lists=$_d/lists -o Dir::Cache=$_d/cache"
}

# vg_apt_private DIST: write DIST's private sources list, with the host's own
# Debian mirror (the URI its bookworm entry uses), and fetch its package lists
# once per day.
vg_apt_private() {
	_d=$VG_CACHE/apt-$1
	mkdir -p "$_d/lists/partial" "$_d/cache/archives/partial" || return 1
	# shellcheck disable=SC2016 # apt expands $(REPO_URI) itself
	_uri=$(apt-get indextargets --format '$(REPO_URI) $(RELEASE)' 2>/dev/null |
		awk '$2 == "bookworm" { print $1; exit }')
	[ -n "$_uri" ] || _uri=http://deb.debian.org/debian/
	echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $_uri $1 main" >"$_d/sources.list.new"
	if ! cmp -s "$_d/sources.list.new" "$_d/sources.list" ||
		[ -z "$(find "$_d/lists" -maxdepth 1 -name '*_Packages*' -mtime -1 2>/dev/null)" ]; then
		mv "$_d/sources.list.new" "$_d/sources.list"
		# shellcheck disable=SC2046 # the options are split into words on purpose
		apt-get $(vg_apt_opts "$1") -q update >"$_d/update.log" 2>&1 || {
			cat "$_d/update.log" >&2
			vg_die "apt-get update of the private $1 sources failed"
			return 1
		}
	fi
	rm -f "$_d/sources.list.new"
}

# vg_kernel_pkg [DIST]: the package name of the kernel DIST's (default
# $VG_KERNEL, else bookworm) metapackage points at now, unless VG_KERNEL_PKG
# pins one (e.g. to reproduce a fixture; bookworm only).
vg_kernel_pkg() {
	_pd=${1:-${VG_KERNEL:-bookworm}}
	if [ "$_pd" = bookworm ] && [ -n "${VG_KERNEL_PKG:-}" ]; then
		echo "$VG_KERNEL_PKG"
		return 0
	fi
	# shellcheck disable=SC2046 # the options are split into words on purpose
	apt-cache $(vg_apt_opts "$_pd") depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n 1
}

# vg_kernel_fetch [DIST]: fetch and unpack DIST's kernel (default $VG_KERNEL,
# else bookworm) and set the VG_K* variables for it.
vg_kernel_fetch() {
	_dist=${1:-${VG_KERNEL:-bookworm}}
	case " $VG_KERNELS " in *" $_dist "*) ;; *)
		vg_die "unknown kernel suite '$_dist' (known: $VG_KERNELS)"
		return 1
		;;
	esac
	if [ "$_dist" != bookworm ]; then
		vg_apt_private "$_dist" || return 1
	fi
	pkg=$(vg_kernel_pkg "$_dist")
	[ -n "$pkg" ] || {
		vg_die "cannot tell which linux-image linux-image-amd64 depends on in $_dist (run apt-get update)"
		return 1
	}
	VG_KVER=${pkg#linux-image-}
	VG_KROOT=$VG_CACHE/kernel/$VG_KVER
	VG_VMLINUZ=$VG_KROOT/boot/vmlinuz-$VG_KVER
	# The .done stamp is written last, so an interrupted fetch is redone.
	if [ ! -e "$VG_KROOT/.done" ]; then
		vg_log "fetching $pkg ($_dist) into $VG_KROOT"
		_dl=$VG_CACHE/dl-$_dist
		rm -rf "$VG_KROOT" "$_dl"
		mkdir -p "$_dl" "$VG_KROOT" || return 1
		# apt drops privileges to _apt for downloads; a root-only cache
		# dir makes it fall back to root with a warning, which is harmless.
		# shellcheck disable=SC2046 # the options are split into words on purpose
		(cd "$_dl" && apt-get $(vg_apt_opts "$_dist") download -q "$pkg" >/dev/null 2>&1) || {
			vg_die "apt-get download $pkg failed (run apt-get update?)"
			return 1
		}
		dpkg -x "$_dl"/"$pkg"_*.deb "$VG_KROOT" || return 1
		dpkg-deb -f "$_dl"/"$pkg"_*.deb Package Version >"$VG_KROOT/.package"
		rm -rf "$_dl"
		# Merged-/usr packages (trixie) put the modules under usr/lib/modules;
		# everything here (and the namespace bind mounts of images.sh) reads
		# lib/modules/KVER of the tree, as on the running system.
		if [ ! -d "$VG_KROOT/lib/modules/$VG_KVER" ] && [ -d "$VG_KROOT/usr/lib/modules/$VG_KVER" ]; then
			mkdir -p "$VG_KROOT/lib/modules" &&
				mv "$VG_KROOT/usr/lib/modules/$VG_KVER" "$VG_KROOT/lib/modules/" || return 1
		fi
		# The package ships no modules.dep; the generators and the binder need it.
		depmod -b "$VG_KROOT" "$VG_KVER" || return 1
		: >"$VG_KROOT/.done"
	fi
	[ -r "$VG_VMLINUZ" ] || {
		vg_die "no kernel image at $VG_VMLINUZ"
		return 1
	}
	VG_KDIST=$_dist
	export VG_KVER VG_KROOT VG_VMLINUZ VG_KDIST
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
