#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Hostile input that reaches the shipped binary, from the three faults the
# fuzz targets found in the core's parsers (each fixed in its own commit):
# a quoted kernel parameter whose key holds a newline, a hex attribute that
# strtoul accepts but sysfs never prints, and module options that do not fit.

load helpers

setup() {
	new_root
}

teardown() {
	drop_root
}

@test "a quoted key with a newline cannot forge a plan line" {
	# Without quoting the key, the plan showed a claim of the AHCI disk
	# controller, which nothing selected.
	binder "$EARLY" --dry-run --cmdline '"vfio-gpu.x
claim 0000:00:1f.2 8086:2922 group=6" '"$SEL"
	assert_failure 1 # the plan has a bad line
	refute_line --regexp '^claim 0000:00:1f\.2'
	# an unquoted field escapes blanks too (issue 10: one escaper for all)
	assert_line --regexp "^bad vfio-gpu\.x\\\\x0aclaim\\\\x200000:00:1f\.2\\\\x20"
	run grep -vc -E '^(claim|bad|load) ' <<<"$output"
	assert_output 0
	# Boot mode logs the same quoted text, in one record.
	binder "$EARLY" --cmdline '"vfio-gpu.x
claim 0000:00:1f.2" '"$SEL"
	assert_success
	output=$stderr
	assert_output --partial 'ignoring vfio-gpu.x\x0aclaim\x200000:00:1f.2 token='
	untouched 0000:00:1f.2
}

@test "a uevent PCI_CLASS with a 0x is garbled, not a class: its group is refused" {
	sed -i 's/^PCI_CLASS=.*/PCI_CLASS=0x40300/' "$DEV/0000:02:00.1/uevent"
	binder "$EARLY" --dry-run --cmdline "$SEL"
	assert_failure 1
	assert_line "refuse group=8 reason=unreadable dev=0000:02:00.1 class=0000"
	assert_line "claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=ids target=vfio_pci"
	assert_stderr --partial "0000:02:00.1: cannot read uevent: PCI_CLASS missing or garbled"
}

@test "a uevent PCI_ID with a blank after = is garbled, not 8086" {
	sed -i 's/^PCI_ID=/PCI_ID=\t/' "$DEV/0000:02:00.1/uevent"
	binder "$EARLY" --dry-run --cmdline "$SEL"
	assert_success
	refute_line --partial "0000:02:00.1"
	assert_stderr --partial "0000:02:00.1: cannot read uevent: PCI_ID missing or garbled"
}

@test "module options too long for the argument string: none of them half passed" {
	local a b
	a=$(head -c 300 /dev/zero | tr '\0' a)
	b=$(head -c 300 /dev/zero | tr '\0' b)
	binder "$EARLY" --dry-run --cmdline "$SEL vfio_pci.first=$a vfio_pci.second=$b"
	assert_success
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''"
	assert_stderr --partial "options for vfio_pci too long, some dropped"
	# Options that fit still go through.
	binder "$EARLY" --dry-run --cmdline "$SEL vfio_pci.first=$a"
	assert_line "load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args='first=$a'"
}
