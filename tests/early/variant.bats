#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPEC "Variant vfio drivers" on a copy of the real QEMU capture (Debian 6.1,
# whose modules.alias has only the generic vfio_pci: alias): the target of
# each claim from the vfio_pci: aliases added here, the module set that loads
# it, vfio-gpu.variants=0, a variant that cannot be loaded, and the driver
# name written to driver_override. Devices: 02:00.0 is bochs 1234:1111
# (subsystem 1af4:1100, class 038000), 02:00.1 HDA 8086:293e (class 040300),
# both in group 8.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	MODS=$(echo "$R"/lib/modules/*)
	DEV=$R/sys/bus/pci/devices
}

# variant MODULE PATTERN: an alias line for MODULE, and MODULE in modules.dep
# (depending on vfio-pci-core like the in-tree variants) with its file.
variant() {
	echo "alias vfio_pci:$2 $1" >>"$MODS/modules.alias"
	echo "kernel/drivers/vfio/pci/$1.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko" >>"$MODS/modules.dep"
	: >"$MODS/kernel/drivers/vfio/pci/$1.ko"
}

VGTEST='v00001234d00001111sv*sd*bc*sc*i*'

@test "a function whose vfio_pci: alias names a variant targets it; the others stay on vfio_pci" {
	variant vgtest_vfio_pci "$VGTEST"
	dry "$R" vfio-gpu.groups=8
	assert_success
	assert_output "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vgtest_vfio_pci
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=groups target=vfio_pci
$LOADS_61
load vgtest_vfio_pci path=kernel/drivers/vfio/pci/vgtest_vfio_pci.ko args=''"
}

@test "the variant is loaded once for every function it takes, after its dependencies" {
	variant vgtest_vfio_pci "$VGTEST"
	dry "$R" vfio-gpu.groups=7,8
	assert_success
	assert_line "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=groups target=vgtest_vfio_pci"
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vgtest_vfio_pci"
	local plan=$output
	run grep -c '^load vgtest_vfio_pci ' <<<"$plan"
	assert_output 1
	run tail -n 1 <<<"$plan"
	assert_output "load vgtest_vfio_pci path=kernel/drivers/vfio/pci/vgtest_vfio_pci.ko args=''"
}

@test "fewest wildcards win: subsystem fields in the pattern beat vendor:device alone" {
	variant vgtest_vfio_pci "$VGTEST"
	variant vgsub_vfio_pci 'v00001234d00001111sv00001AF4sd00001100bc*sc*i*'
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vgsub_vfio_pci"
	refute_line --partial "load vgtest_vfio_pci"
	# Another subsystem: that alias does not match, the vendor:device one does.
	echo 0x1043 >"$DEV/0000:02:00.0/subsystem_vendor"
	[ ! -f "$DEV/0000:02:00.0/uevent" ] || sed -i 's/^PCI_SUBSYS_ID=.*/PCI_SUBSYS_ID=1043:1100/' "$DEV/0000:02:00.0/uevent"
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vgtest_vfio_pci"
}

@test "a class mask (bc03sc*) takes display functions of the vendor, not its audio" {
	variant vgdisplay_vfio_pci 'v*d*sv*sd*bc03sc*i*'
	dry "$R" vfio-gpu.groups=8
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vgdisplay_vfio_pci"
	assert_line "claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=groups target=vfio_pci"
}

@test "a tie goes to the first alias line, with a warning naming both modules" {
	variant vgfirst_vfio_pci "$VGTEST"
	variant vgsecond_vfio_pci "$VGTEST"
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_success
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vgfirst_vfio_pci"
	refute_line --partial "load vgsecond_vfio_pci"
	assert_stderr --partial "0000:02:00.0: the vfio_pci aliases of vgfirst_vfio_pci and vgsecond_vfio_pci match it equally well; using vgfirst_vfio_pci"
}

@test "no vfio_pci: alias but the generic one matches: vfio_pci, and no modules.alias at all too" {
	variant vgother_vfio_pci 'v000015B3d00001021sv*sd*bc*sc*i*'
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_success
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
	refute_line --partial "vgother"
	rm "$MODS/modules.alias"
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_success
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
}

@test "vfio-gpu.variants=0: every claim goes to vfio_pci and the variant is not loaded" {
	variant vgtest_vfio_pci "$VGTEST"
	dry "$R" vfio-gpu.groups=8 vfio-gpu.variants=0
	assert_success
	assert_output "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=groups target=vfio_pci
$LOADS_61"
	# The last one wins, as for every flag.
	dry "$R" vfio-gpu.groups=8 vfio-gpu.variants=0 vfio-gpu.variants=1
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vgtest_vfio_pci"
	dry "$R" vfio-gpu.groups=8 vfio-gpu.variants=maybe
	assert_failure
	assert_line "bad vfio-gpu.variants token='maybe'"
}

@test "--validate knows vfio-gpu.variants" {
	run "$BIN" --validate vfio-gpu.variants=0 vfio-gpu.variants=1 vfio-gpu.variants=2
	assert_failure
	assert_output "ok vfio-gpu.variants=0
ok vfio-gpu.variants=1
bad vfio-gpu.variants=2 reason=not-a-boolean"
}

@test "a variant modules.dep lacks: an error line, its function goes to vfio_pci, exit 1" {
	echo "alias vfio_pci:$VGTEST vgtest_vfio_pci" >>"$MODS/modules.alias"
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_failure
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
	assert_line "error reason=module-unknown module=vgtest_vfio_pci dir=/lib/modules/6.1.0-56-amd64"
	refute_line --partial "load vgtest_vfio_pci"
}

@test "a variant whose file is missing: module-missing, its function goes to vfio_pci, exit 1" {
	variant vgtest_vfio_pci "$VGTEST"
	rm "$MODS/kernel/drivers/vfio/pci/vgtest_vfio_pci.ko"
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_failure
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
	assert_line "error reason=module-missing module=vgtest_vfio_pci path=kernel/drivers/vfio/pci/vgtest_vfio_pci.ko"
}

@test "the boot writes the variant's driver name, read from sys/module/M/drivers/pci:NAME" {
	variant vgtest_vfio_pci "$VGTEST"
	mkdir -p "$R/sys/module/vgtest_vfio_pci/drivers"
	ln -s ../../../bus/pci/drivers/vgtest-drv "$R/sys/module/vgtest_vfio_pci/drivers/pci:vgtest-drv"
	real "$R" vfio-gpu.groups=8
	assert_success
	run cat "$DEV/0000:02:00.0/driver_override" "$DEV/0000:02:00.1/driver_override"
	assert_output "vgtest-drv
vfio-pci"
	use_stderr
	assert_line "vfio-gpu: error: 0000:02:00.0 1234:1111 group 8: did not bind to vgtest-drv (driver now: bochs-drm)"
}

@test "a variant not loaded yet: its module name holds the override (no driver matches it)" {
	variant vgtest_vfio_pci "$VGTEST"
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vgtest_vfio_pci"
}

@test "vfio_pci's driver name: vfio-pci, or what sys/module/vfio_pci/drivers says when the kernel lists it" {
	real "$R" vfio-gpu.addrs=02:00.0
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vfio-pci"
	# Read, not assumed: a name the kernel would list is the one written.
	mkdir -p "$R/sys/module/vfio_pci/drivers"
	: >"$R/sys/module/vfio_pci/drivers/pci:vfio-pci-listed"
	real "$R" vfio-gpu.addrs=02:00.0
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vfio-pci-listed"
}

@test "with the kernel's behaviour (test build): the variant binds, the override holds its driver name" {
	variant vgtest_vfio_pci "$VGTEST"
	mkdir -p "$R/sys/module/vgtest_vfio_pci/drivers"
	: >"$R/sys/module/vgtest_vfio_pci/drivers/pci:vgtest-drv"
	echo kernel >"$R/.vg-faults"
	real "$R" vfio-gpu.groups=8
	assert_success
	# Only a build with the test seam (VG_TEST_HOOKS) logs its writes.
	[ -f "$R/.vg-writes" ] || skip "the fake kernel is in the sanitizer build only"
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vgtest-drv"
	run readlink "$DEV/0000:02:00.0/driver"
	assert_output --regexp '/vgtest-drv$'
	assert_stderr --partial "0000:02:00.0 1234:1111 group 8: bound to vgtest-drv (was bochs-drm, by groups)"
	assert_stderr --partial "0000:02:00.1 8086:293e group 8: bound to vfio-pci (was snd_hda_intel, by groups)"
	assert_stderr --partial "vfio-gpu: claimed 2 device(s) in 1 group(s), refused 0 group(s) in "
}
