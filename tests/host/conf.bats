#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The host tool and the selection file (SPEC "The same tokens from a file in
# the image"): plan, check and export read ROOT/etc/vfio-gpu/vfio-gpu.conf (the
# file the hooks copy into the image) before the line, or --conf FILE, or
# none with --conf ''; check warns where the boot line and the file
# disagree; status says each claim's source from the boot report.
load helpers

setup() {
	common_setup
	q35_copy
	mkdir -p "$R/etc/vfio-gpu"
	CONF=$R/etc/vfio-gpu/vfio-gpu.conf
}

@test "plan: the root's selection file before the line, each line's source" {
	printf 'vfio-gpu.addrs=02:00.0 # card B\n' >"$CONF"
	run -0 "$VG" --root "$R" plan --cmdline vfio-gpu.addrs=01:00.0
	assert_line "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci source=cmdline"
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci source=file"
	run -0 --separate-stderr "$VG" --root "$R" plan --json --cmdline vfio-gpu.addrs=01:00.0
	echo "$output" >"$BATS_TEST_TMPDIR/p.json"
	run -0 python3 -c 'import json, sys; print([(l["address"], l["source"]) for l in json.load(open(sys.argv[1]))["lines"] if l["kind"] == "claim"])' "$BATS_TEST_TMPDIR/p.json"
	assert_output "[('0000:01:00.0', 'cmdline'), ('0000:01:00.1', 'cmdline'), ('0000:01:00.2', 'cmdline'), ('0000:02:00.0', 'file'), ('0000:02:00.1', 'file')]"
}

@test "plan --conf FILE reads that file; --conf '' none" {
	printf 'vfio-gpu.addrs=02:00.0\n' >"$CONF"
	printf 'vfio-gpu.addrs=01:00.0\n' >"$BATS_TEST_TMPDIR/other.conf"
	run -0 "$VG" --root "$R" plan --cmdline quiet --conf "$BATS_TEST_TMPDIR/other.conf"
	assert_line "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci source=file"
	refute_output --partial "0000:02:00.0"
	run -0 "$VG" --root "$R" plan --cmdline vfio-gpu.addrs=01:00.0 --conf ''
	assert_line "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci"
	refute_output --partial "source="
	run -2 "$VG" --root "$R" list --conf x
	assert_output --partial "--conf does not go with list"
}

@test "plan: a refused file (a link) is a warning and a failing plan; the line alone applies" {
	printf 'vfio-gpu.addrs=02:00.0\n' >"$BATS_TEST_TMPDIR/elsewhere"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$CONF"
	run --separate-stderr "$VG" --root "$R" plan --cmdline vfio-gpu.addrs=01:00.0
	assert_failure 1
	assert_line "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci"
	refute_output --partial "0000:02:00.0"
	[[ $stderr == *"ignoring /etc/vfio-gpu/vfio-gpu.conf: "*"; the kernel command line alone applies"* ]]
}

@test "check: the boot line and the file disagree: each key named with both values" {
	printf 'vfio-gpu.addrs=02:00.0\nvfio-gpu.boot_vga=1\n' >"$CONF"
	echo "console=ttyS0 intel_iommu=on vfio-gpu.addrs=01:00.0 vfio-gpu.boot_vga=0" >"$R/proc/cmdline"
	run "$VG" --root "$R" check
	assert_line "WARN conf: vfio-gpu.addrs differs: the boot line (/proc/cmdline) says vfio-gpu.addrs=01:00.0, /etc/vfio-gpu/vfio-gpu.conf says vfio-gpu.addrs=02:00.0; both apply (the lists accumulate)"
	assert_line "WARN conf: vfio-gpu.boot_vga differs: the boot line (/proc/cmdline) says vfio-gpu.boot_vga=0, /etc/vfio-gpu/vfio-gpu.conf says vfio-gpu.boot_vga=1; the line's wins (it is read last)"
}

@test "check: the file selects while the boot line says off: a warning naming both" {
	printf 'vfio-gpu.addrs=02:00.0\n' >"$CONF"
	echo "console=ttyS0 intel_iommu=on vfio-gpu.off" >"$R/proc/cmdline"
	run "$VG" --root "$R" check
	assert_line "WARN conf: /etc/vfio-gpu/vfio-gpu.conf selects devices but the boot line (/proc/cmdline) says vfio-gpu.off: nothing is claimed while the line says so"
}

@test "check: file and line agree: PASS; the file's group says source=file; bad lines named" {
	printf 'vfio-gpu.addrs=02:00.0\nsplash\n' >"$CONF"
	"$TOP/tests/fixtures/set-driver" "$R" 0000:02:00.0 vfio-pci
	"$TOP/tests/fixtures/set-driver" "$R" 0000:02:00.1 vfio-pci
	run "$VG" --root "$R" check --cmdline quiet
	assert_line "PASS conf: /etc/vfio-gpu/vfio-gpu.conf and the boot line (/proc/cmdline) do not disagree"
	assert_line "PASS group 8: safe and viable: 2 function(s) on vfio (source=file)"
	assert_line "WARN conf: malformed token ignored: splash token='' source=file at=/etc/vfio-gpu/vfio-gpu.conf:2 (not a vfio-gpu or vfio module option)"
}

@test "check: without a file no conf item at all" {
	run "$VG" --root "$R" check --cmdline vfio-gpu.addrs=02:00.0
	refute_output --partial " conf:"
	refute_output --partial "source="
}

@test "status: each claim's source from the boot report" {
	printf 'vfio-gpu.addrs=02:00.0\n' >"$CONF"
	mkdir -p "$R/dev"
	: >"$R/dev/kmsg"
	"$TOP/tests/fixtures/set-driver" "$R" 0000:02:00.0 vfio-pci
	"$TOP/tests/fixtures/set-driver" "$R" 0000:02:00.1 vfio-pci
	run -0 "$EARLY" --root "$R" --cmdline quiet
	run -0 "$VG" --root "$R" status
	assert_line '0000:02:00.0 group 8: claimed at boot for vfio-pci (by addrs, source=file), now on vfio-pci: ok'
	assert_line '0000:02:00.1 group 8: claimed at boot for vfio-pci (by group, source=file), now on vfio-pci: ok'
	run -0 --separate-stderr "$VG" --root "$R" status --json
	echo "$output" >"$BATS_TEST_TMPDIR/s.json"
	run -0 python3 -c 'import json, sys; print([(f["address"], f["source"]) for f in json.load(open(sys.argv[1]))["functions"]])' "$BATS_TEST_TMPDIR/s.json"
	assert_output "[('0000:02:00.0', 'file'), ('0000:02:00.1', 'file')]"
}

@test "bash completion offers --conf with plan, check and export" {
	run -0 bash -c "source '$TOP/host/vfio-gpu.bash-completion'
		COMP_WORDS=(vfio-gpu plan --co); COMP_CWORD=2; _vfio_gpu; echo \"\${COMPREPLY[*]}\"
		COMP_WORDS=(vfio-gpu check --co); COMP_CWORD=2; _vfio_gpu; echo \"\${COMPREPLY[*]}\""
	assert_output "--conf
--conf"
}

@test "check: a refused selection file is a warning that says why in words" {
	mkdir "$CONF.d"
	mv "$CONF.d" "$CONF"
	run "$VG" --root "$R" check --cmdline vfio-gpu.addrs=02:00.0
	assert_line "WARN conf: /etc/vfio-gpu/vfio-gpu.conf ignored: it is a directory; the command line alone applies"
	rmdir "$CONF"
	head -c 4097 /dev/zero | tr '\0' ' ' >"$CONF"
	run "$VG" --root "$R" check --cmdline vfio-gpu.addrs=02:00.0
	assert_line "WARN conf: /etc/vfio-gpu/vfio-gpu.conf ignored: it is larger than 4096 bytes (VG_CONF_MAX); the command line alone applies"
}
