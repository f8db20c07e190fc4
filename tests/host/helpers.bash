# SPDX-License-Identifier: GPL-2.0-or-later
# Shared set-up for the vfio-gpu (host tool) tests: the sanitizer build of the
# tool (fault injection through a root's .vg-faults), the early binder to
# compare plans with, and fake roots: copies of the real QEMU capture or trees
# that tests/fixtures/mkroot builds from a one-line-per-function description.
# The names set here are read by the .bats files that load this (SC2034);
# bats itself sets $stderr and $output (SC2154).
# shellcheck disable=SC2034,SC2154
TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
VG=$TOP/build/san/vfio-gpu
VG_HOST=$TOP/host/vfio-gpu
EARLY=$TOP/early/vfio-gpu-early
Q35=$TOP/tests/fixtures/qemu-q35/root
FIX=$TOP/tests/fixtures

common_setup() {
	bats_require_minimum_version 1.5.0
	load '/usr/lib/bats/bats-support/load'
	load '/usr/lib/bats/bats-assert/load'
	R=$BATS_TEST_TMPDIR/root
	export ASAN_OPTIONS=detect_leaks=1
	# plan and check ask vfio-gpu-cmdline for the boot loader's line; by
	# default the tests must not find one installed on this machine.
	export VFIO_GPU_CMDLINE_TOOL=$BATS_TEST_TMPDIR/no-vfio-gpu-cmdline
}

# The repository's vfio-gpu-cmdline, as plan and check run it.
CMDLINE_TOOL=$TOP/kernel-cmdline/vfio-gpu-cmdline

# A PATH with only the utilities vfio-gpu-cmdline needs: no grubby and no
# kernelstub, so that its back-end detection sees the root's files alone.
tool_path() {
	d=$BATS_TEST_TMPDIR/toolpath
	mkdir -p "$d"
	for t in awk sed cat cp mv rm mktemp diff grep tr tail basename dirname; do
		ln -sf "$(command -v "$t")" "$d/$t"
	done
	echo "$d"
}

# Run a command with the real vfio-gpu-cmdline as the tool of plan/check.
with_tool() {
	env PATH="$(tool_path)" VFIO_GPU_CMDLINE_TOOL="$CMDLINE_TOOL" "$@"
}

# $R/etc/default/grub with these GRUB_CMDLINE_LINUX and _DEFAULT values.
grub_conf() { # LINUX DEFAULT
	mkdir -p "$R/etc/default"
	printf 'GRUB_TIMEOUT=5\nGRUB_CMDLINE_LINUX_DEFAULT="%s"\nGRUB_CMDLINE_LINUX="%s"\n' "$2" "$1" >"$R/etc/default/grub"
}

# A writable copy of the real capture (tests write driver_override & co.).
# Its .vg-faults says "kernel": the sanitizer build's test seam then moves
# the driver links as the kernel would on unbind and drivers_probe, and
# logs every write to $R/.vg-writes (lib/sysfs.c, VG_TEST_HOOKS).
q35_copy() {
	cp -a "$Q35" "$R"
	echo kernel >"$R/.vg-faults"
}

# mkroot_desc: build $R from the description on stdin, with proc/cpuinfo.
mkroot_desc() {
	cat >"$BATS_TEST_TMPDIR/desc"
	"$FIX/mkroot" "$BATS_TEST_TMPDIR/desc" "$R"
	cp "$FIX/cmdline/cpuinfo.intel" "$R/proc/cpuinfo"
	echo "console=ttyS0 intel_iommu=on" >"$R/proc/cmdline"
	echo kernel >"$R/.vg-faults"
}

# assert_attr ADDR FILE VALUE: a device attribute under $R holds VALUE.
assert_attr() {
	run cat "$R/sys/bus/pci/devices/$1/$2"
	assert_output "$3"
}

# assert_driver ADDR NAME: the function's driver link names NAME ("" none).
assert_driver() {
	run sh -c 'l=$(readlink "$1") || exit 0; basename "$l"' sh "$R/sys/bus/pci/devices/$1/driver"
	assert_output "$2"
}

# assert_writes FILE-SUFFIX VALUE...: the values written to files ending in
# FILE-SUFFIX, in order, from the seam's log $R/.vg-writes.
assert_writes() {
	local suffix=$1
	shift
	run awk -v s="$suffix" 'substr($1, length($1) - length(s) + 1) == s { print $2 }' "$R/.vg-writes"
	if [ $# -eq 0 ]; then
		assert_output ""
	else
		assert_output "$(printf '%s\n' "$@")"
	fi
}

# The content of a device attribute under $R.
attr() { # ADDR FILE
	cat "$R/sys/bus/pci/devices/$1/$2"
}

# A PATH holding only the decompressors, so that check reads initramfs
# images with its own cpio reader instead of lsinitramfs/lsinitrd.
no_listers_path() {
	d=$BATS_TEST_TMPDIR/nolisters
	mkdir -p "$d"
	for t in gzip zstd xz; do
		p=$(command -v "$t") && ln -sf "$p" "$d/$t"
	done
	echo "$d"
}

# use_stderr, assert_stderr, refute_stderr: tests/lib/stderr.bash.
# shellcheck source=tests/lib/stderr.bash
source "$(dirname "${BASH_SOURCE[0]}")/../lib/stderr.bash"
