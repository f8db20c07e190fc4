#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu-early --validate: the binder's own parser judges boot options for
# the other parts of the product (SPEC "Command-line interface").

load helpers

@test "validate rejects what the binder rejects at boot" {
	run --separate-stderr "$BIN" --validate vfio-gpu.groups=99999999999 vfio_gpu.ids= \
		vfio-gpu.idz=1 vfio-gpu.ids=1234:zzzz
	assert_failure 1
	assert_output "bad vfio-gpu.groups=99999999999 reason=malformed
bad vfio_gpu.ids= reason=unknown-parameter
bad vfio-gpu.idz=1 reason=unknown-parameter
bad vfio-gpu.ids=1234:zzzz reason=malformed"
}

@test "validate accepts what the binder accepts, and what is not ours" {
	run --separate-stderr "$BIN" --validate vfio-gpu.addrs=10000:01:00.0 vfio-gpu.addrs=1:0.0 \
		'vfio-gpu.ids="10de:1e87,10de:10f8"' vfio_pci.disable_vga=1 intel_iommu=on quiet
	assert_success
	assert_output 'ok vfio-gpu.addrs=10000:01:00.0
ok vfio-gpu.addrs=1:0.0
ok vfio-gpu.ids="10de:1e87,10de:10f8"
ok vfio_pci.disable_vga=1
ok intel_iommu=on
ok quiet'
}

@test "validate: the binder at boot agrees (ids accepted above are selected)" {
	local r=$BATS_TEST_TMPDIR/root
	make_root gpu-server "$r"
	dry "$r" 'vfio-gpu.ids="10de:1e87,10de:10f8"'
	assert_success
	assert_line "claim 0000:01:00.0 10de:1e87 group=1 was=nouveau by=ids target=vfio_pci"
	dry "$r" vfio-gpu.groups=99999999999
	assert_failure 1
	assert_line "bad vfio-gpu.groups token='99999999999'"
}

@test "validate: an arg that is two tokens, or cannot sit on a boot line, is bad" {
	run --separate-stderr "$BIN" --validate 'vfio-gpu.ids=10de:1e87 10de:10f8' \
		'vfio-gpu.ids="10de:1e87' '' --
	assert_failure 1
	assert_output 'bad vfio-gpu.ids=10de:1e87 10de:10f8 reason=not-one-token
bad vfio-gpu.ids="10de:1e87 reason=unbalanced-quote
bad  reason=empty
bad -- reason=ends-kernel-options'
}

@test "validate: one bad arg among good ones makes the exit 1" {
	run --separate-stderr "$BIN" --validate quiet vfio-gpu.ids=10de:1e87 vfio-gpu.off=2
	assert_failure 1
	assert_line --index 0 "ok quiet"
	assert_line --index 2 "bad vfio-gpu.off=2 reason=not-a-boolean"
}

@test "validate: a newline in an arg cannot forge an ok line" {
	run --separate-stderr "$BIN" --validate "$(printf 'vfio-gpu.ids=x\nok vfio-gpu.ids=y')"
	assert_failure 1
	assert_output 'bad vfio-gpu.ids=x\x0aok vfio-gpu.ids=y reason=control-character'
}

@test "validate: everything after --validate is an argument, none is a usage error" {
	run --separate-stderr "$BIN" --validate --root
	assert_success
	assert_output "ok --root"
	run --separate-stderr "$BIN" --validate
	assert_failure 2
	assert_output ""
}

@test "an ids entry inside a wider one is warned about, quoted, and the plan is unchanged (issue 17 Bad input)" {
	r=$BATS_TEST_TMPDIR/r
	make_root gpu-server "$r"
	dry "$r" vfio-gpu.ids=10de:*,10de:1e87 vfio-gpu.ids=10de:1e87:1458:*
	[ "$output" = "$(dry "$r" vfio-gpu.ids=10de:*; echo "$output")" ]
	[[ $stderr == *"warning: 'vfio-gpu.ids=10de:1e87' is inside 'vfio-gpu.ids=10de:*': it selects nothing more (it still counts as an exact name)"* ]]
	[[ $stderr == *"warning: 'vfio-gpu.ids=10de:1e87:1458:*' is inside 'vfio-gpu.ids=10de:*'"* ]]
	# Two different cards' ids, or a wildcard alone: no such warning.
	dry "$r" vfio-gpu.ids=10de:1e87,1002:67df,10de:*:1458:3702
	[[ $stderr != *"is inside"* ]]
}
