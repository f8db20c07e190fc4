# Shared set-up for the vfio-gpu (host tool) tests: the sanitizer build of the
# tool (fault injection through a root's .vg-faults), the early binder to
# compare plans with, and fake roots: copies of the real QEMU capture or trees
# that tests/fixtures/mkroot builds from a one-line-per-function description.
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
}

# A writable copy of the real capture (tests write driver_override & co.).
q35_copy() {
	cp -a "$Q35" "$R"
}

# mkroot_desc: build $R from the description on stdin, with proc/cpuinfo.
mkroot_desc() {
	cat >"$BATS_TEST_TMPDIR/desc"
	"$FIX/mkroot" "$BATS_TEST_TMPDIR/desc" "$R"
	cp "$FIX/cmdline/cpuinfo.intel" "$R/proc/cpuinfo"
	echo "console=ttyS0 intel_iommu=on" >"$R/proc/cmdline"
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
