#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu status from the boot report (SPEC "Boot report", "Host-side tool"):
# ROOT/run/vfio-gpu/boot.json, written here by the binder itself on the fake
# root, is read first; the kernel log (ROOT/dev/kmsg) only when there is no
# report, or when the report is garbled (said, naming the file).
load helpers

setup() {
	common_setup
	cp -a "$Q35" "$R"
	mkdir -p "$R/dev"
	# A kernel log whose summary differs from the report's: tells the sources apart.
	printf '6,1,1000,-;vfio-gpu: claimed 0 device(s) in 0 group(s), refused 0 group(s) in 7 ms\n' >"$R/dev/kmsg"
	REPORT=$R/run/vfio-gpu/boot.json
}

# on ADDR DRIVER: bind ADDR to DRIVER in the fake sysfs (the kernel's link and
# uevent DRIVER= line, tests/fixtures/set-driver).
on() {
	"$TOP/tests/fixtures/set-driver" "$R" "$1" "$2"
}

# A boot that claimed group 8 (card B and its audio function): the binder
# run on the fake root, the kernel's binding standing in as driver links.
# EXTRA adds selections to the line (a refused group, say).
boot_card_b() {
	on 0000:02:00.0 vfio-pci
	on 0000:02:00.1 vfio-pci
	run -0 "$EARLY" --root "$R" --cmdline "vfio-gpu.addrs=02:00.0${1:+ $1}"
	run -0 test -f "$REPORT"
}

@test "status: from the boot report: summary, phases, each function ok, exit 0" {
	boot_card_b
	run -0 "$VG" --root "$R" status
	assert_line --regexp '^boot: claimed 2 device\(s\) in 1 group\(s\), refused 0 group\(s\) in [0-9]+ ms \(parse [0-9]+ ms, scan [0-9]+ ms, modules [0-9]+ ms, bind [0-9]+ ms\) \(from the boot report\)$'
	assert_line --regexp '^phases: parse [0-9]+ us, scan [0-9]+ us, modules [0-9]+ us, bind [0-9]+ us, total [0-9]+ us$'
	assert_line '0000:02:00.0 group 8: claimed at boot for vfio-pci (by addrs), now on vfio-pci: ok'
	assert_line '0000:02:00.1 group 8: claimed at boot for vfio-pci (by group), now on vfio-pci: ok'
	assert_line 'status: ok'
	refute_output --partial 'from the kernel log'
	refute_output --partial 'refused at boot'
}

@test "status: a group refused at boot fails the status, saying why, though every claim holds" {
	boot_card_b vfio-gpu.ids=1af4:1050
	run -1 "$VG" --root "$R" status
	assert_line 'refused at boot: refuse group=9 reason=protected dev=0000:03:00.1 class=0200'
	assert_line '0000:02:00.0 group 8: claimed at boot for vfio-pci (by addrs), now on vfio-pci: ok'
	assert_line 'status: FAIL (1 group(s) refused at boot)'
	run -1 "$VG" --root "$R" status --json
	echo "$output" | jq -e '.ok == false and .refused == 1 and .failed == 0 and .why == ["1 group(s) refused at boot"]' >/dev/null
}

@test "status: an error record of any reason in the report (no-match, or one not known yet) fails the status" {
	boot_card_b
	cp "$REPORT" "$BATS_TEST_TMPDIR/good.json"
	local rec
	for rec in '{"kind":"error","reason":"no-match","entry":"vfio-gpu.addrs=0000:09:00.0","line":"error reason=no-match entry=vfio-gpu.addrs=0000:09:00.0"}' \
		'{"kind":"error","reason":"some-future-reason","line":"error reason=some-future-reason"}'; do
		jq --argjson r "$rec" '.decisions += [$r]' "$BATS_TEST_TMPDIR/good.json" >"$REPORT"
		run -1 "$VG" --root "$R" status
		assert_line "error at boot: $(echo "$rec" | jq -r .line)"
		assert_line 'status: FAIL (1 error record(s) at boot)'
		run -1 "$VG" --root "$R" status --json
		echo "$output" | jq -e '.ok == false and (.errors | length) == 1 and .why == ["1 error record(s) at boot"]' >/dev/null
	done
}

@test "status: a failed group in the summary fails the status (report and kernel log)" {
	boot_card_b
	jq '.summary.line |= sub(", refused 0 group\\(s\\)"; ", refused 0 group(s), failed 1 group(s)")' "$REPORT" >"$REPORT.new"
	mv "$REPORT.new" "$REPORT"
	run -1 "$VG" --root "$R" status
	assert_line 'status: FAIL (1 group(s) failed at boot)'
	rm "$REPORT"
	printf '6,1,1000,-;vfio-gpu: claimed 0 device(s) in 0 group(s), refused 2 group(s), failed 1 group(s) in 7 ms\n' >"$R/dev/kmsg"
	run -1 "$VG" --root "$R" status
	assert_line 'status: FAIL (1 group(s) failed at boot; 2 group(s) refused at boot)'
	printf '3,1,1000,-;vfio-gpu: error reason=no-match entry=vfio-gpu.groups=99\n6,2,1000,-;vfio-gpu: claimed 0 device(s) in 0 group(s), refused 0 group(s) in 7 ms\n' >"$R/dev/kmsg"
	run -1 "$VG" --root "$R" status
	assert_line 'error at boot: error reason=no-match entry=vfio-gpu.groups=99'
	assert_line 'status: FAIL (1 error record(s) at boot)'
}

@test "status --json from the report: source report, phases in µs, valid JSON" {
	boot_card_b
	run -0 "$VG" --root "$R" status --json
	echo "$output" >"$BATS_TEST_TMPDIR/out.json"
	run -0 python3 -m json.tool "$BATS_TEST_TMPDIR/out.json"
	run -0 python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["source"], s["ok"], sorted(s["phases_us"]), s["refusals"], s["errors"], s["why"])
for f in s["functions"]:
    print(f["address"], f["group"], f["by"], f["target"], f["now"], f["ok"])' "$BATS_TEST_TMPDIR/out.json"
	assert_output "report True ['bind', 'modules', 'parse', 'scan', 'total'] [] [] []
0000:02:00.0 8 addrs vfio-pci vfio-pci True
0000:02:00.1 8 group vfio-pci vfio-pci True"
}

@test "status: a function released since the boot: exit 1, naming it" {
	boot_card_b
	on 0000:02:00.1 snd_hda_intel
	run -1 "$VG" --root "$R" status
	assert_line '0000:02:00.1 group 8: claimed at boot for vfio-pci (by group), now on snd_hda_intel: NOT CLAIMED ANY MORE'
	assert_line 'status: FAIL (1 function(s) claimed at boot not on a vfio driver now)'
	run -1 "$VG" --root "$R" status --json
	echo "$output" | jq -e '.source == "report" and .ok == false and ([.functions[] | select(.ok == false) | .address] == ["0000:02:00.1"])' >/dev/null
}

@test "status: a function that did not bind at boot is an error of the boot, not a claim" {
	run -0 "$EARLY" --root "$R" --cmdline 'vfio-gpu.addrs=02:00.0'
	run -1 "$VG" --root "$R" status
	assert_line 'error at boot: 0000:02:00.0 did not bind at boot (driver read back: bochs-drm)'
	refute_line --partial 'claimed at boot'
	assert_line --regexp '^status: FAIL \(.*error record\(s\) at boot\)$'
}

@test "status: without a report the kernel log is read (source kmsg)" {
	run -0 "$VG" --root "$R" status
	assert_line 'boot: claimed 0 device(s) in 0 group(s), refused 0 group(s) in 7 ms (from the kernel log)'
	run -0 "$VG" --root "$R" status --json
	echo "$output" | jq -e '.source == "kmsg" and .phases_us == null' >/dev/null
}

@test "status: a garbled report is named, the kernel log is read instead" {
	boot_card_b
	head -c 200 "$REPORT" >"$REPORT.cut" && mv "$REPORT.cut" "$REPORT"
	run -0 --separate-stderr "$VG" --root "$R" status
	assert_stderr --partial "the boot report $REPORT is unusable (not JSON at byte "
	assert_stderr --partial "): reading the kernel log instead"
	assert_line 'boot: claimed 0 device(s) in 0 group(s), refused 0 group(s) in 7 ms (from the kernel log)'
	run -0 --separate-stderr "$VG" --root "$R" status --json
	echo "$output" | jq -e '.source == "kmsg"' >/dev/null
	assert_stderr --partial "the boot report $REPORT is unusable"
}

@test "status: a group out of an int's range (1e300, -1, 7.5) makes the report unusable, never a wrapped number" {
	boot_card_b
	cp "$REPORT" "$BATS_TEST_TMPDIR/good.json"
	for bad in 1e300 -1 7.5; do
		jq --argjson g "$bad" '.functions[0].group = $g' "$BATS_TEST_TMPDIR/good.json" >"$REPORT"
		run -0 --separate-stderr "$VG" --root "$R" status
		assert_stderr --partial "the boot report $REPORT is unusable (a function whose group is not a whole number from 0 to 2147483647): reading the kernel log instead"
		refute_output --partial -- "-2147483648"
		assert_line --partial '(from the kernel log)'
	done
}

@test "status: valid JSON that is not a boot report is named too" {
	mkdir -p "$R/run/vfio-gpu"
	echo '{"version": 2, "functions": []}' >"$REPORT"
	run -0 --separate-stderr "$VG" --root "$R" status
	assert_stderr --partial "the boot report $REPORT is unusable (not a version 1 boot report): reading the kernel log instead"
	assert_line --partial '(from the kernel log)'
}

@test "status: the JSON reader takes escapes and nesting, refuses what is not JSON" {
	mkdir -p "$R/run/vfio-gpu"
	local bad
	for bad in '{"a":1,}' '[1 2]' '{"a":tru}' '"\x41"' '01' '{"a":"b"} x' '' '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]'; do
		printf '%s' "$bad" >"$REPORT"
		run -0 --separate-stderr "$VG" --root "$R" status
		assert_stderr --partial '(not JSON at byte'
	done
	printf '{"version":1e0,"summary":{"line":"claimed \\u00e9 \\ud83d\\ude00 \\"q\\" \\\\ \\/"},"decisions":[],"functions":[],"phases_us":{"parse":1,"scan":2.5,"modules":-0,"bind":3E2,"total":4}}' >"$REPORT"
	run -0 --separate-stderr "$VG" --root "$R" status
	assert_line 'boot: claimed é 😀 "q" \ / (from the boot report)'
}

@test "plan, check and export never write a boot report (their runs are dry)" {
	run "$VG" --root "$R" plan --cmdline 'vfio-gpu.addrs=02:00.0'
	run "$VG" --root "$R" plan --json --cmdline 'vfio-gpu.addrs=02:00.0'
	run "$VG" --root "$R" export nova --cmdline 'vfio-gpu.addrs=02:00.0'
	run "$VG" --root "$R" check --cmdline 'vfio-gpu.addrs=02:00.0'
	run -1 test -e "$REPORT"
}

@test "status: control bytes in the report's text (summary, driver, by, decisions) reach the terminal as '?', never raw" {
	boot_card_b vfio-gpu.ids=1234:1111
	cp "$REPORT" "$BATS_TEST_TMPDIR/good.json"
	# ESC [2J (clear the screen) and an OSC title in every text field shown
	jq '.summary.line = "claimed 2 device(s)\u001b[2J"
		| (.functions[] | select(.address == "0000:02:00.0")) |= (.by = "addrs\u001b]0;pwned\u0007" | .driver = "vfio-pci\u001b[31m")
		| (.functions[] | select(.address == "0000:01:00.1")) |= (.driver = "snd\u001b[5m")
		| (.decisions[] | select(.kind == "refuse")) |= (.line = .line + "\u001b[1m")' \
		"$BATS_TEST_TMPDIR/good.json" >"$REPORT"
	run --separate-stderr "$VG" --root "$R" status
	refute_output --partial $'\e'
	refute_output --partial $'\a'
	assert_line --partial 'boot: claimed 2 device(s)?[2J (from the boot report)'
	assert_line --partial '0000:02:00.0 group 8: claimed at boot for vfio-pci?[31m (by addrs?]0;pwned?)'
	assert_line --regexp '^refused at boot: .*\?\[1m$'
	assert_line 'error at boot: 0000:01:00.1 did not bind at boot (driver read back: snd?[5m)'
}
