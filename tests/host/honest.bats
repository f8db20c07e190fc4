#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPEC "Honest plans" through the host tool: vfio-gpu plan (text and JSON)
# and vfio-gpu check report a missing module file, no lib/modules/KVER, an
# unreadable PCI tree and a cut command line as errors, exit 1.
load helpers

setup() {
	common_setup
	q35_copy
	KVER=6.1.0-56-amd64
	VFIO_PCI=kernel/drivers/vfio/pci/vfio-pci.ko
}

@test "plan: vfio-pci.ko deleted is an error line, no load line, exit 1" {
	rm "$R/lib/modules/$KVER/$VFIO_PCI"
	run -1 --separate-stderr "$VG" --root "$R" plan --cmdline "vfio-gpu.groups=8"
	assert_line "error reason=module-missing module=vfio_pci path=$VFIO_PCI"
	refute_line --partial "load vfio_pci "
}

@test "plan --json: the same error as a record with its fields, ok false" {
	rm "$R/lib/modules/$KVER/$VFIO_PCI"
	run -1 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	echo "$output" | jq -e . >/dev/null
	assert_equal "$(jq -r .ok <<<"$output")" false
	assert_equal "$(jq -r '.lines[] | select(.kind == "error") | [.reason, .module, .path, .line] | join("|")' <<<"$output")" \
		"module-missing|vfio_pci|$VFIO_PCI|error reason=module-missing module=vfio_pci path=$VFIO_PCI"
}

@test "plan --json: PCI unreadable is an error record, not an empty ok plan" {
	rm -r "$R/sys/bus/pci/devices"
	run -1 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	refute_output --partial '"lines":[],"ok":true'
	assert_equal "$(jq -c '[.ok, (.lines[] | [.kind, .reason, .dir])]' <<<"$output")" \
		'[false,["error","pci-unreadable","/sys/bus/pci/devices"]]'
}

@test "plan: no lib/modules/KVER names the folder, text and JSON agree" {
	rm -r "$R/lib/modules/$KVER"
	run -1 --separate-stderr "$VG" --root "$R" plan --cmdline "vfio-gpu.groups=8"
	assert_line "error reason=no-modules dir=/lib/modules"
	run -1 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	assert_equal "$(jq -r '.lines[] | select(.kind == "error") | .reason + " " + .dir + " " + .line' <<<"$output")" \
		"no-modules /lib/modules error reason=no-modules dir=/lib/modules"
}

@test "plan --json: a cut command line, the partial token in its own field" {
	local p
	p=$(printf '%*s' 2029 '' | sed 's/ \{16\}/aaaaaaaaaaaaaaa /g')
	run -1 --separate-stderr "$VG" --root "$R" plan --json --arch x86_64 --cmdline "$p vfio-gpu.groups=12"
	assert_equal "$(jq -c '[.ok, (.lines[] | [.kind, .reason, .limit, .token])]' <<<"$output")" \
		'[false,["error","cmdline-truncated","2048","vfio-gpu.groups=1"]]'
}

@test "plan --arch: the target's limit (s390x 4096, riscv64 1024); a configured line longer than it says so" {
	local p
	p=$(printf '%*s' 2029 '' | sed 's/ \{16\}/aaaaaaaaaaaaaaa /g')
	run -1 --separate-stderr "$VG" --root "$R" plan --arch x86_64 --cmdline "$p vfio-gpu.groups=8"
	assert_output "error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=8'"
	run -0 --separate-stderr "$VG" --root "$R" plan --arch s390x --cmdline "$p vfio-gpu.groups=8"
	refute_output --partial "cmdline-truncated"
	assert_line --partial "claim 0000:02:00.0"
	p=$(printf '%*s' 1100 '' | sed 's/ \{16\}/aaaaaaaaaaaaaaa /g')
	run -1 --separate-stderr "$VG" --root "$R" plan --arch riscv64 --cmdline "vfio-gpu.groups=8 $p vfio-gpu.groups=8"
	assert_line --regexp "^error reason=cmdline-truncated limit=1024 token='a+'$"
	assert_line --partial 'claim 0000:02:00.0 1234:1111 group=8'
	run -2 --separate-stderr "$VG" --root "$R" plan --arch sparc64 --cmdline "vfio-gpu.groups=8"
	assert_stderr --partial "--arch 'sparc64' is not an architecture"
	run -2 --separate-stderr "$VG" --root "$R" list --arch x86_64
	assert_stderr --partial "--arch goes only with plan"
}

@test "check: vfio-pci.ko deleted is a FAIL item, exit 1" {
	rm "$R/lib/modules/$KVER/$VFIO_PCI"
	run -1 --separate-stderr "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8"
	assert_line "FAIL plan: error reason=module-missing module=vfio_pci path=$VFIO_PCI"
	refute_stderr --partial "claimed 0 device(s)"
}

@test "check --json: a cut command line is a FAIL item" {
	local p
	p=$(printf '%*s' 2011 '' | sed 's/ \{16\}/aaaaaaaaaaaaaaa /g')
	run -1 --separate-stderr "$VG" --root "$R" check --json --cmdline "vfio-gpu.groups=8 $p vfio-gpu.groups=12"
	assert_equal "$(jq -r '.checks[] | select(.item == "plan") | .status + " " + .message' <<<"$output")" \
		"FAIL error reason=cmdline-truncated limit=2048 token='vfio-gpu.groups=1'"
}

@test "check: no lib/modules/KVER at all is left to the modules item (no plan item)" {
	rm -r "$R/lib/modules/$KVER"
	run --separate-stderr "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8"
	assert_line --partial "WARN modules: no kernel under"
	refute_line --partial "plan:"
}

@test "check: a release directory without modules.dep is a FAIL plan item" {
	rm "$R/lib/modules/$KVER/modules.dep"
	run -1 --separate-stderr "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8"
	assert_line "FAIL plan: error reason=no-modules dir=/lib/modules/$KVER"
}

@test "check: the root as captured has no plan item" {
	run --separate-stderr "$VG" --root "$R" check --cmdline "vfio-gpu.groups=8"
	refute_line --partial "plan:"
}
