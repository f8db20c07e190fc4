#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The Ansible module vfio_gpu.hypervisor.cmdline (ansible/plugins/modules/
# cmdline.py) run as Ansible runs it (python3 MODULE ARGS.json) against the
# real helper on a fake root: one helper run per edit, so check mode previews
# a remove and an add together; items that look like options never reach the
# helper; set is declarative.
load helpers

MODULE=$TOP/ansible/plugins/modules/cmdline.py

setup() {
	common_setup
	# Ansible's own interpreter (ansible-core is a test dependency: a missing
	# one fails here, it is not skipped).
	PY=/usr/bin/python3
	K=$R/etc/kernel/cmdline
	mkdir -p "$R/etc/kernel" "$R/boot/efi/loader"
	: >"$R/boot/efi/loader/loader.conf"
	stub kernel-install
	# The helper the module runs: this tree's, on the fake root, through vgc's
	# clean environment.
	W=$BATS_TEST_TMPDIR/vgc-wrapper
	{
		echo '#!/bin/sh'
		printf 'exec env -i PATH=%s STUB_LOG=%s VFIO_GPU_EARLY=%s %s %s --root %s "$@"\n' \
			"$STUBS:$SYSBIN" "$LOG" "$EARLY" "$VG_SH" "$TOOL" "$R"
	} >"$W"
	chmod +x "$W"
}

# module JSON-ARGS: run the module with these arguments (plus executable).
module() {
	printf '{"ANSIBLE_MODULE_ARGS": %s}\n' "$("$PY" -c 'import json, sys
a = json.loads(sys.argv[1]); a["executable"] = sys.argv[2]; print(json.dumps(a))' "$1" "$W")" \
		>"$BATS_TEST_TMPDIR/args.json"
	(cd / && "$PY" "$MODULE" "$BATS_TEST_TMPDIR/args.json")
}

field() { # JSON FIELD
	"$PY" -c 'import json, sys; print(json.loads(sys.argv[1]).get(sys.argv[2]))' "$1" "$2"
}

@test "check mode with remove and add: the after line has both, and nothing is written" {
	echo "root=/dev/vda vfio-pci.ids=10de:1e87 quiet" >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	run -0 module '{"remove": ["vfio-pci.ids"], "add": ["vfio-gpu.ids=10de:1e87"], "_ansible_check_mode": true}'
	[ "$(field "$output" changed)" = True ]
	[ "$(field "$output" cmdline_after)" = "root=/dev/vda quiet vfio-gpu.ids=10de:1e87" ]
	cmp "$K" "$BATS_TEST_TMPDIR/orig"
	# The real run leaves exactly what check mode showed.
	run -0 module '{"remove": ["vfio-pci.ids"], "add": ["vfio-gpu.ids=10de:1e87"]}'
	[ "$(field "$output" cmdline_after)" = "root=/dev/vda quiet vfio-gpu.ids=10de:1e87" ]
	run -0 cat "$K"
	assert_output "root=/dev/vda quiet vfio-gpu.ids=10de:1e87"
}

@test "an item that starts with '-' fails the task by name; the helper never runs" {
	echo "root=/dev/vda" >"$K"
	cp "$K" "$BATS_TEST_TMPDIR/orig"
	for args in '{"add": ["-n", "vfio-gpu.ids=10de:1e87"]}' '{"add": ["--backend=grub"]}' \
		'{"remove": ["--root=/"]}' '{"set": ["-n"]}'; do
		run -1 module "$args"
		assert_output --partial "starts with '-'"
		[ "$(field "$output" failed)" = True ]
	done
	cmp "$K" "$BATS_TEST_TMPDIR/orig"
	assert_calls ""
}

@test "set: the vfio-gpu.* options become the list, a second run is unchanged" {
	echo "root=/dev/vda vfio-gpu.ids=1234:1111 quiet" >"$K"
	run -0 module '{"set": ["vfio-gpu.ids=8086:293e"], "add": ["vfio_pci.disable_vga=1"], "iommu": true}'
	[ "$(field "$output" changed)" = True ]
	run -0 cat "$K"
	assert_output "root=/dev/vda quiet vfio-gpu.ids=8086:293e vfio_pci.disable_vga=1 intel_iommu=on"
	run -0 module '{"set": ["vfio-gpu.ids=8086:293e"], "add": ["vfio_pci.disable_vga=1"], "iommu": true}'
	[ "$(field "$output" changed)" = False ]
}

@test "the helper's refusal fails the task with its message" {
	echo "root=/dev/vda" >"$K"
	run -1 module '{"set": ["vfio-gpu.ids=zz"]}'
	assert_output --partial "invalid argument 'vfio-gpu.ids=zz'"
}
