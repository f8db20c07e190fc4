#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPEC "Honest plans": a dry run reports what the boot will really do. A
# module file that is missing, no lib/modules/KVER, a PCI tree that cannot be
# read and a command line cut at VG_CMDLINE_MAX are error lines (exit 1 in a
# dry run); a boot logs them and goes on (exit 0).

load helpers

KVER=6.1.0-56-amd64
VFIO_PCI=kernel/drivers/vfio/pci/vfio-pci.ko

setup() {
	R=$BATS_TEST_TMPDIR/root
	make_root qemu-q35 "$R"
}

# pad N: N bytes of harmless 16-byte tokens (few enough for VG_MAX_ARGS),
# blanks at the end, for long command lines.
pad() {
	printf '%*s' "$1" '' | sed 's/ \{16\}/aaaaaaaaaaaaaaa /g'
}

@test "the root as captured: the plan has its load lines and exits 0" {
	dry "$R" vfio-gpu.groups=8
	assert_success
	assert_line "load vfio_pci path=$VFIO_PCI args=''"
	refute_line --partial "error "
}

@test "vfio-pci.ko deleted: an error line names the module and the file, no load line, exit 1" {
	rm "$R/lib/modules/$KVER/$VFIO_PCI"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_line "error reason=module-missing module=vfio_pci path=$VFIO_PCI"
	refute_line --partial "load vfio_pci "
	# its dependencies are still whole and still planned
	assert_line "load vfio_pci_core path=kernel/drivers/vfio/pci/vfio-pci-core.ko args=''"
}

@test "vfio-pci.ko deleted: a real run logs the error and still exits 0" {
	rm "$R/lib/modules/$KVER/$VFIO_PCI"
	real "$R" vfio-gpu.groups=8
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=module-missing module=vfio_pci path=$VFIO_PCI (the file is not in the image, not loaded)"
}

@test "a module modules.dep does not name: error reason=module-unknown, exit 1" {
	sed -i '/vfio-pci.ko:/d' "$R/lib/modules/$KVER/modules.dep"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_line "error reason=module-unknown module=vfio_pci dir=/lib/modules/$KVER"
}

@test "no lib/modules/KVER at all: error reason=no-modules naming the folder, exit 1" {
	rm -r "$R/lib/modules/$KVER"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_line "error reason=no-modules dir=/lib/modules"
	refute_line --partial "load "
	# the claims are still shown: the plan says what would be attempted
	assert_line --partial "claim 0000:02:00.0 "
}

@test "no lib/modules at all: the same error" {
	rm -r "$R/lib/modules"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_line "error reason=no-modules dir=/lib/modules"
}

@test "a release directory without modules.dep: error reason=no-modules naming it" {
	rm "$R/lib/modules/$KVER/modules.dep"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_line "error reason=no-modules dir=/lib/modules/$KVER"
}

@test "the running kernel's release wins over another one, even when it is incomplete" {
	mkdir -p "$R/lib/modules/$(uname -r)"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_line "error reason=no-modules dir=/lib/modules/$(uname -r)"
}

@test "PCI devices cannot be listed: error reason=pci-unreadable, exit 1; a boot exits 0" {
	rm -r "$R/sys/bus/pci/devices"
	dry "$R" vfio-gpu.groups=8
	assert_failure 1
	assert_output "error reason=pci-unreadable dir=/sys/bus/pci/devices"
	real "$R" vfio-gpu.groups=8
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=pci-unreadable dir=/sys/bus/pci/devices (No such file or directory; nothing was claimed)"
}

@test "PCI unreadable but nothing selected: no error" {
	rm -r "$R/sys/bus/pci/devices"
	dry "$R" quiet
	assert_success
	assert_output ""
}

@test "a command line cut inside a token: the partial token is dropped, never claimed" {
	local p
	p=$(pad 2029)
	dry "$R" "$p vfio-gpu.groups=12"
	assert_failure 1
	# x86 keeps 2047 bytes (COMMAND_LINE_SIZE 2048): "vfio-gpu.groups=1" is
	# all that is left, and group 1 is not planned
	assert_output "error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=1'"
}

@test "a line of 2047 bytes ending in vfio-gpu.groups=12 claims neither 1 nor 12; 2046 bytes are whole" {
	local p
	p=$(pad 2028)
	assert_equal "${#p} $(printf '%s' "$p vfio-gpu.groups=12" | wc -c)" "2028 2047"
	# The kernel may have cut groups=123 there: the token is not trusted.
	dry "$R" "$p vfio-gpu.groups=12"
	assert_failure 1
	assert_output "error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=12'"
	real "$R" "$p vfio-gpu.groups=12"
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=12'"
	assert_stderr --partial "claimed 0 device(s) in 0 group(s)"
	# /proc/cmdline's newline is not part of the line
	printf '%s\n' "$p vfio-gpu.groups=12" >"$R/proc/cmdline"
	run -1 --separate-stderr "$BIN" --root "$R" --dry-run
	assert_output "error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=12'"
	p=$(pad 2027)
	dry "$R" "$p vfio-gpu.groups=12"
	refute_output --partial "cmdline-truncated"
	refute_output --partial "group=1 "
}

@test "a cut command line at boot: the error is logged, whole tokens still claim" {
	local p
	p=$(pad 2011)
	real "$R" "vfio-gpu.groups=8 $p vfio-gpu.groups=12"
	assert_success
	assert_stderr --partial "vfio-gpu: error: reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=1' (the rest of the line is lost"
	run cat "$R/sys/bus/pci/devices/0000:02:00.0/driver_override"
	assert_output "vfio-pci"
	run cat "$R/sys/bus/pci/devices/0000:00:01.0/driver_override"
	refute_output "vfio-pci"
}

@test "a cut between tokens: nothing partial, the error still says the rest is lost" {
	local p
	p=$(pad 2048)
	dry "$R" "${p:0:2046} vfio-gpu.groups=8"
	assert_failure 1
	assert_output "error reason=cmdline-truncated limit=2048 token=''"
}

@test "a cut inside a quoted value with blanks: the whole quoted token is dropped" {
	local p
	p=$(pad 2011)
	dry "$R" "vfio-gpu.groups=8 $p vfio_pci.x=\"a b c d e f g h i j k l m n o\""
	assert_failure 1
	assert_line "error reason=cmdline-truncated limit=2048 token='vfio_pci.x=\"a b c'"
	refute_line --partial "args='x="
}
