# helpers.bash - shared setup for the vfio-gpu-early fake-root tests.
# VFIO_GPU_EARLY selects the binary under test: the static klibc build by
# default, the ASan/UBSan host build in suite 21-early-san.

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
bats_require_minimum_version 1.5.0

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
FIXTURES=$TOP/tests/fixtures
BIN=${VFIO_GPU_EARLY:-$TOP/early/vfio-gpu-early}

# make_root NAME DIR: the fixture's committed files, plus its sysfs devices
# built by mkroot when it has a description (tests/fixtures/NAME/devices).
make_root() {
	mkdir -p "$2"
	cp -a "$FIXTURES/$1/root/." "$2/"
	if [ -f "$FIXTURES/$1/devices" ]; then
		"$FIXTURES/mkroot" "$FIXTURES/$1/devices" "$2"
	fi
}

# dry ROOT CMDLINE...: run the binder's --dry-run on ROOT.
dry() {
	local root=$1
	shift
	run --separate-stderr "$BIN" --root "$root" --cmdline "$*" --dry-run
}

# real ROOT CMDLINE...: a run that writes (into the fake root).
real() {
	local root=$1
	shift
	run --separate-stderr "$BIN" --root "$root" --cmdline "$*"
}

# The six load lines of Debian 6.1's vfio set, dependencies first.
LOADS_61="load vfio path=kernel/drivers/vfio/vfio.ko args=''
load vfio_iommu_type1 path=kernel/drivers/vfio/vfio_iommu_type1.ko args=''
load vfio_virqfd path=kernel/drivers/vfio/vfio_virqfd.ko args=''
load irqbypass path=kernel/virt/lib/irqbypass.ko args=''
load vfio_pci_core path=kernel/drivers/vfio/pci/vfio-pci-core.ko args=''
load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
