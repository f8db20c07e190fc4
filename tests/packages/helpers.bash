# SPDX-License-Identifier: GPL-2.0-or-later
# tests/packages: shared setup. VG_PKG_OUT is where make deb / make rpm put
# the packages (tests/suites/80-packages sets it; package-boot installs them).
# The names set here are read by the .bats files that load this (SC2034);
# bats itself sets $stderr and $output (SC2154).
# shellcheck disable=SC2034,SC2154
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
: "${VG_PKG_OUT:=$TOP/build/packages-test}"
VERSION=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' "$TOP/debian/changelog")

# The stripped klibc binder's size budget, for the .deb and the RPM alike: it
# goes into every initramfs. 48 KiB at the v2 rules; the v3 rules (slots,
# cards, bystanders, pins, no-match) took it to 54 KiB, the selection file
# (reader, source= fields) and --split to 58 KiB, the root as a jail
# (lib/rootfs.c) to 60.6 KiB and SR-IOV VFs and reset methods (vfs=, reset=,
# the wait, vendor-reset first) to 66.8 KiB. The budget keeps the next
# growth in sight; raise it only with the reason added here.
BINDER_MAX_BYTES=$((72 * 1024))

# The files `make install DESTDIR=` lays out (regular files and symlinks),
# one path a line, man pages without a compression suffix.
make_install_files() { # DEST [make args...]
	_d=$1
	shift
	make -s -C "$TOP" install DESTDIR="$_d" "$@" >/dev/null || return 1
	(cd "$_d" && find . ! -type d | sed 's|^\.||' | sort)
}

strip_man_suffix() {
	sed -E 's#^(/usr/share/man/.*)\.(gz|bz2|xz|zst)$#\1#'
}
