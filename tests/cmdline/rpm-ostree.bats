#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# rpm-ostree back end (Fedora Atomic, Bazzite, RHEL image mode): detected by
# /run/ostree-booted, before grubby (such a host has BLS entries and maybe
# grubby, which must not write them). No ostree package exists here:
# rpm-ostree is a stand-in with state (tests/cmdline/stubs/rpm-ostree) that
# records the command lines the real tool is given.
load helpers

setup() {
	common_setup
	mkdir -p "$R/run" "$R/boot/loader/entries"
	: >"$R/run/ostree-booted"
	KARGS=$BATS_TEST_TMPDIR/rpm-ostree.kargs
	echo 'rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.ids=10de:1b81 vfio-gpu.debug' >"$KARGS"
	stub rpm-ostree grubby
}

kargs_are() {
	run cat "$KARGS"
	assert_output "$1"
}

@test "detected by /run/ostree-booted, before grubby; show reads 'rpm-ostree kargs'" {
	run -0 vgc show
	assert_line "backend: rpm-ostree"
	assert_line "file: rpm-ostree kargs"
	assert_line "cmdline: rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.ids=10de:1b81 vfio-gpu.debug"
	assert_calls "rpm-ostree [kargs]"
}

@test "add: one call with every change, read back; twice is a no-op" {
	run -0 vgc add vfio-gpu.ids=10de:10f0 intel_iommu=on
	assert_line "vfio-gpu-cmdline: running: rpm-ostree kargs --delete-if-present=vfio-gpu.ids=10de:1b81 --append-if-missing=vfio-gpu.ids=10de:1b81,10de:10f0 --append-if-missing=intel_iommu=on"
	assert_line "vfio-gpu-cmdline: staged for the next boot (rpm-ostree); reboot to apply"
	kargs_are "rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.debug vfio-gpu.ids=10de:1b81,10de:10f0 intel_iommu=on"
	assert_calls "rpm-ostree [kargs]
rpm-ostree [kargs] [--delete-if-present=vfio-gpu.ids=10de:1b81] [--append-if-missing=vfio-gpu.ids=10de:1b81,10de:10f0] [--append-if-missing=intel_iommu=on]
rpm-ostree [kargs]"
	: >"$LOG"
	run -0 vgc add intel_iommu=on vfio-gpu.ids=10de:10f0
	assert_line "vfio-gpu-cmdline: nothing to change (rpm-ostree: rpm-ostree kargs)"
	assert_calls "rpm-ostree [kargs]"
}

@test "set computes the removals from the current kargs" {
	run -0 vgc set vfio-gpu.groups=14
	assert_line "vfio-gpu-cmdline: running: rpm-ostree kargs --delete-if-present=vfio-gpu.ids=10de:1b81 --delete-if-present=vfio-gpu.debug --append-if-missing=vfio-gpu.groups=14"
	kargs_are "rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.groups=14"
}

@test "remove" {
	run -0 vgc remove vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: running: rpm-ostree kargs --delete-if-present=vfio-gpu.debug"
	kargs_are "rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.ids=10de:1b81"
}

@test "dry run prints the invocation and runs only the read" {
	run -0 vgc --dry-run remove vfio-gpu.ids
	assert_line "vfio-gpu-cmdline: would run: rpm-ostree kargs --delete-if-present=vfio-gpu.ids=10de:1b81"
	assert_calls "rpm-ostree [kargs]"
	kargs_are "rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.ids=10de:1b81 vfio-gpu.debug"
}

@test "a failing transaction: exit 1, the deployment unchanged, the error named" {
	: >"$BATS_TEST_TMPDIR/rpm-ostree.fail-edit"
	run -1 vgc add vfio-gpu.groups=3
	assert_output --partial "error: 'rpm-ostree' failed with status 1"
	assert_output --partial "rpm-ostree could not stage the new kernel arguments; the deployment is unchanged"
	kargs_are "rw root=UUID=0d2e9b1c-7f3a-4c2e-b1d0-5e6f7a8b9c0d ostree=/ostree/boot.1/fedora/3f0c/0 vfio-gpu.ids=10de:1b81 vfio-gpu.debug"
}

@test "success that changed nothing is caught by the read-back" {
	: >"$BATS_TEST_TMPDIR/rpm-ostree.noop"
	run -1 vgc add vfio-gpu.groups=3
	assert_output --partial "rpm-ostree reported success but 'rpm-ostree kargs' does not read back as the new command line"
}

@test "kargs unreadable, or rpm-ostree missing: error, nothing run" {
	STUB_FAIL=rpm-ostree run -1 vgc add vfio-gpu.groups=3
	assert_output --partial "'rpm-ostree kargs' failed"
	rm "$STUBS/rpm-ostree"
	: >"$LOG"
	run -1 vgc add vfio-gpu.groups=3
	assert_output --partial "rpm-ostree not found, but $R/run/ostree-booted says this is an ostree system"
	assert_calls ""
}
