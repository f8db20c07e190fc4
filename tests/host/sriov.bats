#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SR-IOV in the host tool: list shows a PF's sriov_numvfs/sriov_totalvfs and
# its VFs, a VF's PF; check shows the reset_method of what the next boot
# claims and warns on an AMD GPU of the reset bug without device_specific;
# plan shows the vfs and vf lines (tests/fixtures/sriov).
load helpers

setup() {
	common_setup
	mkdir -p "$R"
	cp -a "$FIX/gpu-server/root/." "$R/"
	# The iGPU with two VFs made before (numvfs=2, their physfn links).
	{
		sed 's/^\(0000:00:02.0 .*\) totalvfs=7/\1 numvfs=2 totalvfs=7/' "$FIX/sriov/devices"
		echo "0000:00:02.1 8086:a7a0 8086:3024 030000 6 - physfn=0000:00:02.0:0"
		echo "0000:00:02.2 8086:a7a0 8086:3024 030000 7 vfio-pci physfn=0000:00:02.0:1"
	} >"$BATS_TEST_TMPDIR/devices"
	"$FIX/mkroot" "$BATS_TEST_TMPDIR/devices" "$R"
}

@test "list: a PF's counts and VFs, a VF's PF" {
	run -0 "$VG" --root "$R" list
	assert_line "      SR-IOV PF: sriov_numvfs 2 of sriov_totalvfs 7, VFs 0000:00:02.1 0000:00:02.2"
	assert_line "      SR-IOV PF: sriov_numvfs 0 of sriov_totalvfs 7"
	assert_line "      SR-IOV VF of 0000:00:02.0"
	assert_equal "$(grep -c 'SR-IOV VF of' <<<"$output")" 2
	# a function that is neither says nothing of it
	run grep -A1 '^  0000:05:00.0 ' <<<"$output"
	refute_output --partial "SR-IOV"
}

@test "list --json: physfn and sriov of every function" {
	run -0 "$VG" --root "$R" list --json
	run jq -c '[.groups[].functions[] | select(.address == "0000:00:02.0" or .address == "0000:00:02.2" or .address == "0000:05:00.0") | {address, physfn, sriov}]' <<<"$output"
	assert_output '[{"address":"0000:00:02.0","physfn":null,"sriov":{"numvfs":2,"totalvfs":7,"vfs":["0000:00:02.1","0000:00:02.2"]}},{"address":"0000:05:00.0","physfn":null,"sriov":null},{"address":"0000:00:02.2","physfn":"0000:00:02.0","sriov":null}]'
}

@test "check: reset_method of each claimed function, a WARN for a Polaris without device_specific" {
	echo "vfio-gpu.addrs=05:00.0,00:02.0" >"$R/proc/cmdline"
	run "$VG" --root "$R" check
	assert_line "PASS reset 0000:00:02.0: reset_method: flr bus"
	assert_line "PASS reset 0000:05:00.0: reset_method: pm bus"
	assert_line "WARN reset 0000:05:00.0: 1002:67df is an AMD Polaris 10 GPU, which a plain reset can leave unusable until the host reboots; reset_method has no device_specific: install vendor-reset and add vfio-gpu.reset=0000:05:00.0:device_specific"
	# with vendor-reset loaded the kernel lists device_specific: no warning
	echo "device_specific pm bus" >"$R/sys/bus/pci/devices/0000:05:00.0/reset_method"
	run "$VG" --root "$R" check
	assert_line "PASS reset 0000:05:00.0: reset_method: device_specific pm bus"
	refute_output --partial "WARN reset"
	# a kernel without reset_method (before 5.15): warned too, and no PASS line
	rm "$R/sys/bus/pci/devices/0000:05:00.0/reset_method"
	run "$VG" --root "$R" check
	assert_line --partial "WARN reset 0000:05:00.0: 1002:67df is an AMD Polaris 10 GPU"
	assert_line --partial "reset_method is not there (kernel before 5.15?)"
	refute_line --partial "PASS reset 0000:05:00.0"
}

@test "check: a vfs entry the PF cannot do is a FAIL of the plan" {
	echo "vfio-gpu.vfs=05:00.0:2,00:02.0:9" >"$R/proc/cmdline"
	run "$VG" --root "$R" check
	assert_failure
	assert_line "FAIL plan: error reason=vfs dev=0000:05:00.0 why='not SR-IOV capable (no sriov_totalvfs)'"
	assert_line "FAIL plan: error reason=vfs dev=0000:00:02.0 why='count 9 is above sriov_totalvfs 7'"
}

@test "plan: the vfs line, the VFs it makes, and plan --json" {
	echo "vfio-gpu.vfs=03:00.1:2 vfio-gpu.addrs=00:02.1" >"$R/proc/cmdline"
	run -0 "$VG" --root "$R" plan
	assert_line "vfs 0000:03:00.1 count=2"
	assert_line "vf 0000:03:10.1 pf=0000:03:00.1 index=0"
	assert_line "vf 0000:03:10.3 pf=0000:03:00.1 index=1"
	assert_line --regexp "^claim 0000:00:02.1 8086:a7a0 group=6 was=- by=addrs"
	run -0 --separate-stderr "$VG" --root "$R" plan --json
	run jq -c '[.. | objects | select(.kind? == "vfs" or .kind? == "vf")] | map(del(.line))' <<<"$output"
	assert_output '[{"kind":"vfs","address":"0000:03:00.1","count":"2"},{"kind":"vf","address":"0000:03:10.1","pf":"0000:03:00.1","index":"0"},{"kind":"vf","address":"0000:03:10.3","pf":"0000:03:00.1","index":"1"}]'
}
