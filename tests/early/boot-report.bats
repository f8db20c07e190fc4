#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The boot report (SPEC "Boot report"): a run that changes things writes
# ROOT/run/vfio-gpu/boot.json (the root is only a path prefix), valid JSON with
# every field, through a temporary name and a rename; a dry run writes none; a
# failure to write it is a warning and the run still exits 0.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	REPORT=$R/run/vfio-gpu/boot.json
}

# on ADDR DRIVER: the driver link and uevent's DRIVER= line as the kernel
# leaves them after a bind.
on() {
	"$FIXTURES/set-driver" "$R" "$1" "$2"
}

# py EXPR: evaluate a Python expression over the parsed report (d).
py() {
	run -0 python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$REPORT" "$1"
}

CMDLINE='vfio-gpu.addrs=02:00.0 vfio-gpu.ids=1af4:1050,10de:*:1458:* vfio-gpu.groups=3 vfio-gpu.ids=zz vfio_pci.disable_vga=1 vfio-gpu.debug vfio-gpu.boot_vga=1'

@test "boot report: a real run writes valid JSON with every field" {
	on 0000:02:00.0 vfio-pci
	on 0000:02:00.1 vfio-pci
	real "$R" "$CMDLINE"
	assert_success
	run -0 python3 -m json.tool "$REPORT"
	py 'sorted(d)'
	assert_output "['decisions', 'functions', 'modules', 'params', 'phases_us', 'summary', 'version']"
	py 'd["version"]'
	assert_output 1
	py 'd["params"]'
	assert_output "{'ids': ['1af4:1050', '10de:*:1458:*'], 'addrs': ['0000:02:00.0'], 'groups': [3], 'boot_vga': True, 'variants': True, 'debug': True, 'off': False, 'module_options': ['vfio_pci.disable_vga=1'], 'file': None, 'sources': {'ids': ['cmdline', 'cmdline'], 'addrs': ['cmdline'], 'groups': ['cmdline']}}"
	py '[r["kind"] for r in d["decisions"]]'
	assert_output "['bad', 'skip', 'claim', 'claim', 'refuse', 'error', 'load', 'load', 'load', 'load', 'load', 'load']"
	# 10de:*:1458:* names nothing on this machine (SPEC v3 "Honest plans").
	py 'd["decisions"][5]'
	assert_output "{'kind': 'error', 'reason': 'no-match', 'entry': 'vfio-gpu.ids=10de:*:1458:*', 'line': 'error reason=no-match entry=vfio-gpu.ids=10de:*:1458:*'}"
	py 'd["decisions"][2]'
	assert_output "{'kind': 'claim', 'address': '0000:02:00.0', 'id': '1234:1111', 'group': '8', 'was': 'vfio-pci', 'by': 'addrs', 'target': 'vfio_pci', 'line': 'claim 0000:02:00.0 1234:1111 group=8 was=vfio-pci by=addrs target=vfio_pci'}"
	# Under --root nothing is loaded into the running kernel (SPEC).
	py '[(m["module"], m["how"], m["us"], m["error"]) for m in d["modules"]][-1]'
	assert_output "('vfio_pci', 'not-loaded', 0, None)"
	py '[r["args"] for r in d["decisions"] if r["kind"] == "load"][-1]'
	assert_output "disable_vga=1"
	py 'd["functions"]'
	assert_output "[{'address': '0000:02:00.0', 'id': '1234:1111', 'group': 8, 'by': 'addrs', 'driver': 'vfio-pci', 'claimed': True}, {'address': '0000:02:00.1', 'id': '8086:293e', 'group': 8, 'by': 'group', 'driver': 'vfio-pci', 'claimed': True}]"
	py 'sorted(d["phases_us"]) == ["bind", "modules", "parse", "scan", "total"] and all(isinstance(v, int) for v in d["phases_us"].values())'
	assert_output True
	py '{k: v for k, v in d["summary"].items() if k != "line"}'
	assert_output "{'claimed': 2, 'groups': 1, 'refused': 1, 'failed': 0}"
	# The summary is the run's last log line, word for word.
	py '"vfio-gpu: " + d["summary"]["line"]'
	assert_equal "$output" "${stderr##*$'\n'}"
}

@test "boot report: the decisions are the plan's records, the dry run's lines in its order" {
	real "$R" "$CMDLINE"
	py '"\n".join(r["line"] for r in d["decisions"])'
	local report=$output
	dry "$R" "$CMDLINE"
	assert_equal "$report" "$output"
}

@test "boot report: a function that did not bind is recorded with the driver read back" {
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	py '[(f["address"], f["driver"], f["claimed"]) for f in d["functions"]]'
	assert_output "[('0000:02:00.0', 'bochs-drm', False), ('0000:02:00.1', 'snd_hda_intel', False)]"
	py 'd["summary"]["failed"]'
	assert_output 1
}

@test "boot report: a run that selects nothing still reports, with empty lists" {
	real "$R" ''
	assert_success
	py '(d["decisions"], d["functions"], d["summary"]["claimed"])'
	assert_output "([], [], 0)"
}

@test "boot report: written through a temporary name, an old report replaced, no temp file left" {
	mkdir -p "$R/run/vfio-gpu"
	echo 'the report of an earlier boot' >"$REPORT"
	# A reader holding the old file sees it whole: renamed over, never
	# rewritten in place (a write in place would change the linked copy).
	ln "$REPORT" "$BATS_TEST_TMPDIR/reader"
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	run -0 cat "$BATS_TEST_TMPDIR/reader"
	assert_output 'the report of an earlier boot'
	run -0 python3 -m json.tool "$REPORT"
	run -0 ls -A "$R/run/vfio-gpu"
	assert_output "boot.json"
	run -0 stat -c %a "$R/run/vfio-gpu"
	assert_output 755
}

@test "boot report: a dry run writes none" {
	dry "$R" vfio-gpu.addrs=02:00.0
	run -1 test -e "$R/run"
	real "$R" vfio-gpu.addrs=02:00.0 vfio-gpu.dry_run
	assert_success
	run -1 test -e "$R/run"
}

@test "boot report: vfio-gpu.off writes none (it does nothing at all)" {
	real "$R" vfio-gpu.addrs=02:00.0 vfio-gpu.off
	assert_success
	run -1 test -e "$R/run"
}

@test "boot report: a write failure (run/ is a file) is a warning, exit 0, summary last" {
	echo 'not a directory' >"$R/run"
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	assert_stderr --partial "vfio-gpu: warning: cannot write the boot report $R/run/vfio-gpu/boot.json: Not a directory"
	assert_regex "${stderr##*$'\n'}" '^vfio-gpu: claimed 0 device\(s\) in 0 group\(s\), refused 0 group\(s\), failed 1 group\(s\) in [0-9]+ ms \(parse [0-9]+ ms, scan [0-9]+ ms, modules [0-9]+ ms, bind [0-9]+ ms\)$'
	run -0 cat "$R/run"
	assert_output 'not a directory'
}

@test "boot report: a symbolic link out of the root is never followed" {
	mkdir -p "$R/run" "$BATS_TEST_TMPDIR/outside"
	ln -s "$BATS_TEST_TMPDIR/outside" "$R/run/vfio-gpu"
	real "$R" vfio-gpu.addrs=02:00.0
	assert_success
	assert_stderr --partial "cannot write the boot report $R/run/vfio-gpu/boot.json: "
	run -0 ls -A "$BATS_TEST_TMPDIR/outside"
	assert_output ""
}
