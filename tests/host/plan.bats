#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu plan: the same lines and exit status as vfio-gpu-early --dry-run on
# every fixture root, the default source (the boot loader's command line from
# vfio-gpu-cmdline, else /proc/cmdline), and the JSON form.
load helpers

setup() {
	common_setup
}

# Command lines that exercise every kind of plan line.
CMDLINES=(
	""
	"vfio-gpu.ids=1234:1111"
	"vfio-gpu.ids=1234:1111 vfio-gpu.boot_vga=1 vfio_pci.disable_vga=1"
	"vfio-gpu.addrs=01:00.0,0000:00:01.0 vfio-gpu.groups=9"
	"vfio-gpu.groups=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 vfio-pci.ids=\"a b\""
	"vfio-gpu.ids=10de:*,1002:*,zz vfio-gpu.addrs=99:00.0,x9 vfio-gpu.groups=-1"
	"vfio-gpu.off vfio-gpu.groups=1"
	"vfio-gpu.dry_run vfio-gpu.ids=8086:* -- vfio-gpu.groups=1"
)

@test "plan prints exactly what vfio-gpu-early --dry-run prints, on every fixture root" {
	[ -x "$EARLY" ] || skip "early/vfio-gpu-early not built"
	n=0
	for root in "$FIX"/*/root; do
		for c in "${CMDLINES[@]}"; do
			run --separate-stderr "$EARLY" --root "$root" --cmdline "$c" --dry-run
			want_out=$output want_rc=$status
			run --separate-stderr "$VG_HOST" --root "$root" plan --cmdline "$c"
			if [ "$output" != "$want_out" ] || [ "$status" != "$want_rc" ]; then
				echo "root $root cmdline '$c': early rc=$want_rc, plan rc=$status"
				diff <(echo "$want_out") <(echo "$output") || true
				return 1
			fi
			n=$((n + 1))
		done
		# and the default source: root/proc/cmdline
		run --separate-stderr "$EARLY" --root "$root" --dry-run
		want_out=$output want_rc=$status
		run --separate-stderr "$VG_HOST" --root "$root" plan
		assert_equal "$output" "$want_out"
		assert_equal "$status" "$want_rc"
	done
	assert [ "$n" -ge 16 ] # at least two roots were compared
}

@test "plan on the capture: the lines of the contract, exit 1 on a refusal" {
	run -1 "$VG" --root "$Q35" plan --cmdline "vfio-gpu.ids=1234:1111"
	assert_line "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300"
	assert_line "claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=group target=vfio_pci"
	assert_line --regexp "^load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''$"
	run -0 "$VG" --root "$Q35" plan --cmdline "vfio-gpu.addrs=02:00.0"
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci"
	refute_line --partial "group=7"
}

@test "plan without a vfio-gpu-cmdline reads root/proc/cmdline" {
	q35_copy
	echo "quiet vfio-gpu.groups=8" >"$R/proc/cmdline"
	run -0 "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci"
	rm "$R/proc/cmdline"
	run -0 "$VG" --root "$R" plan
	assert_output --partial "cannot read $R/proc/cmdline: No such file or directory"
}

@test "plan --json: one object per line, fields split, quoted values whole" {
	run -1 --separate-stderr "$VG" --root "$Q35" plan --json --cmdline "vfio-gpu.ids=zz,1234:1111 vfio-gpu.groups=9 vfio_pci.x=\"a b\" vfio-pci.disable_vga=1"
	echo "$output" | jq -e . >/dev/null
	assert_equal "$(jq -r .ok <<<"$output")" false
	assert_equal "$(jq -r '.lines[0] | .kind + " " + .key + " " + .token' <<<"$output")" "bad vfio-gpu.ids zz"
	assert_equal "$(jq -r '.lines[] | select(.kind == "refuse" and .group == "9") | .dev' <<<"$output")" 0000:03:00.1
	assert_equal "$(jq -r '.lines[] | select(.kind == "claim" and .address == "0000:01:00.1") | .by + " " + .was + " " + .id' <<<"$output")" "group snd_hda_intel 8086:293e"
	assert_equal "$(jq -r '.lines[] | select(.module == "vfio_pci") | .args' <<<"$output")" 'x="a b" disable_vga=1'
	# every "line" is the text plan's line, in the same order
	diff <(jq -r '.lines[].line' <<<"$output") <("$VG" --root "$Q35" plan --cmdline "vfio-gpu.ids=zz,1234:1111 vfio-gpu.groups=9 vfio_pci.x=\"a b\" vfio-pci.disable_vga=1" 2>/dev/null)
	run -0 --separate-stderr "$VG" --root "$Q35" plan --json --cmdline "vfio-gpu.groups=8"
	assert_equal "$(jq -r .ok <<<"$output")" true
}

@test "plan with the IOMMU off: the error line and exit 1" {
	mkroot_desc <<-'EOF2'
	0000:01:00.0 10de:13d7 1458:3702 030000 - nouveau
	EOF2
	run -1 "$VG" --root "$R" plan --cmdline "vfio-gpu.ids=10de:13d7"
	assert_line "error reason=no-iommu option=intel_iommu=on"
}

@test "plan rejects operands (usage, exit 2)" {
	run -2 "$VG" --root "$Q35" plan vfio-gpu.groups=1
	assert_output --partial "plan takes no operands ('vfio-gpu.groups=1'); use --cmdline STRING"
}

# fake_tool BODY: a vfio-gpu-cmdline stand-in that appends its arguments to
# $BATS_TEST_TMPDIR/tool.args ("[arg]..." one call a line), then runs BODY.
fake_tool() {
	T=$BATS_TEST_TMPDIR/fake-tool
	cat >"$T" <<-EOF
	#!/bin/sh
	for a in "\$@"; do printf '[%s]' "\$a"; done >>"$BATS_TEST_TMPDIR/tool.args"
	echo >>"$BATS_TEST_TMPDIR/tool.args"
	$1
	EOF
	chmod +x "$T"
}

@test "plan follows the boot loader (grub) over proc/cmdline: the next boot's lines exactly" {
	[ -x "$EARLY" ] || skip "early/vfio-gpu-early not built"
	q35_copy
	echo "intel_iommu=on vfio-gpu.groups=8" >"$R/proc/cmdline"
	# normal entries get GRUB_CMDLINE_LINUX then GRUB_CMDLINE_LINUX_DEFAULT
	grub_conf "intel_iommu=on vfio-gpu.groups=7" "quiet vfio-gpu.addrs=03:00.0"
	run -1 --separate-stderr "$EARLY" --root "$R" --dry-run --cmdline "intel_iommu=on vfio-gpu.groups=7 quiet vfio-gpu.addrs=03:00.0"
	want=$output
	run -1 --separate-stderr with_tool "$VG" --root "$R" plan
	assert_output "$want"
	assert_line "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=groups target=vfio_pci"
	assert_line --partial "refuse group=9"
	refute_line --partial "group=8"
	refute_stderr --partial note
	# the JSON names the source, back end and file
	run -1 --separate-stderr with_tool "$VG" --root "$R" plan --json
	assert_equal "$(jq -r .source <<<"$output")" "bootloader (grub: $R/etc/default/grub)"
	assert_equal "$(jq -r '[.lines[] | select(.kind == "claim") | .group] | unique | join(",")' <<<"$output")" 7
}

@test "plan finds vfio-gpu-cmdline on PATH when VFIO_GPU_CMDLINE_TOOL is unset" {
	q35_copy
	echo "intel_iommu=on" >"$R/proc/cmdline"
	grub_conf "vfio-gpu.groups=8" ""
	p=$(tool_path)
	ln -s "$CMDLINE_TOOL" "$p/vfio-gpu-cmdline"
	run -0 --separate-stderr env -u VFIO_GPU_CMDLINE_TOOL PATH="$p" "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci"
	# an empty variable is the same as an unset one
	run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL= PATH="$p" "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci"
}

@test "plan without the tool, or when it fails: proc/cmdline, and one note on stderr" {
	q35_copy
	echo "intel_iommu=on vfio-gpu.groups=8" >"$R/proc/cmdline"
	grub_conf "vfio-gpu.groups=7" ""
	run -0 --separate-stderr env PATH="$(tool_path)" VFIO_GPU_CMDLINE_TOOL="$BATS_TEST_TMPDIR/absent" "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci"
	refute_line --partial "group=7"
	assert_equal "$(grep -c 'note' <<<"$stderr")" 1
	assert_stderr --partial "vfio-gpu: note: no boot loader command line ($BATS_TEST_TMPDIR/absent: No such file or directory); using $R/proc/cmdline"
	run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL="$BATS_TEST_TMPDIR/absent" "$VG" --root "$R" plan --json
	assert_equal "$(jq -r .source <<<"$output")" /proc/cmdline
	# the tool runs but finds no boot loader configuration: its error is named
	rm "$R/etc/default/grub"
	run -0 --separate-stderr with_tool "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci"
	assert_stderr --partial "vfio-gpu: note: no boot loader command line ($CMDLINE_TOOL exited with status 1: vfio-gpu-cmdline: error: no boot loader configuration found: "
	assert_stderr --partial "; using $R/proc/cmdline"
	run -0 --separate-stderr with_tool "$VG" --root "$R" plan --json
	assert_equal "$(jq -r .source <<<"$output")" /proc/cmdline
}

@test "plan runs the tool with a fixed argv: --root passed through as one word, no shell" {
	cd "$BATS_TEST_TMPDIR"
	R="$BATS_TEST_TMPDIR/a root;\$(touch pwned)"
	q35_copy
	fake_tool 'echo "vfio-gpu.groups=8"'
	run -0 env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups target=vfio_pci"
	run cat "$BATS_TEST_TMPDIR/tool.args"
	assert_output "[--root][$R][show][--cmdline-only]"
	assert [ ! -e "$BATS_TEST_TMPDIR/pwned" ]
	# the running system ("/" or no --root): no --root for the tool either
	: >"$BATS_TEST_TMPDIR/tool.args"
	run env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root / plan
	run cat "$BATS_TEST_TMPDIR/tool.args"
	assert_output "[show][--cmdline-only]"
}

@test "plan --cmdline wins: the tool is not run, the source is --cmdline" {
	q35_copy
	fake_tool 'echo "vfio-gpu.groups=7"'
	run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	assert_equal "$(jq -r .source <<<"$output")" --cmdline
	assert_equal "$(jq -r '[.lines[] | select(.kind == "claim") | .group] | unique | join(",")' <<<"$output")" 8
	assert [ ! -e "$BATS_TEST_TMPDIR/tool.args" ]
}

@test "plan: the tool's warnings pass through; output that is not one line is not used" {
	q35_copy
	echo "intel_iommu=on vfio-gpu.groups=8" >"$R/proc/cmdline"
	fake_tool 'echo "vfio-gpu.groups=7"; echo "vfio-gpu-cmdline: warning: a grub.d file wins" >&2'
	run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root "$R" plan
	assert_line --partial "group=7"
	assert_stderr --regexp "^vfio-gpu-cmdline: warning: a grub\\.d file wins"
	# an empty configured line is a line: nothing selected, not a fallback
	fake_tool 'echo'
	run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root "$R" plan
	refute_output --partial "claim"
	refute_stderr --partial note
	for body in 'printf "vfio-gpu.groups=7\nvfio-gpu.groups=9\n"' 'printf "vfio-gpu.groups=7"' 'true'; do
		fake_tool "$body"
		run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root "$R" plan
		assert_line --partial "group=8"
		refute_line --partial "group=7"
		assert_stderr --partial "show --cmdline-only did not print one line); using $R/proc/cmdline"
	done
	# an older vfio-gpu-cmdline refuses the option: its error, not "Try --help"
	fake_tool 'echo "vfio-gpu-cmdline: error: unknown option '"'"'--cmdline-only'"'"'" >&2; echo "Try '"'"'vfio-gpu-cmdline --help'"'"'." >&2; exit 2'
	run -0 --separate-stderr env VFIO_GPU_CMDLINE_TOOL="$T" "$VG" --root "$R" plan
	assert_line --partial "group=8"
	assert_stderr --partial "exited with status 2: vfio-gpu-cmdline: error: unknown option '--cmdline-only'); using"
}

@test "plan --json: a quote inside a modprobe.d option does not make a key (issue 10)" {
	q35_copy
	mkdir -p "$R/etc/modprobe.d"
	printf '%s\n' "options vfio_pci x=\"a' ok=b\"" >"$R/etc/modprobe.d/x.conf"
	run -0 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	run jq -c '.lines[] | select(.module == "vfio_pci") | keys' <<<"$output"
	assert_output '["args","kind","line","module","path"]'
	run jq -r '.lines[] | select(.module == "vfio_pci") | .args' <<<"$(
		"$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8" 2>/dev/null)"
	assert_output 'x="a\x27 ok=b"'
}

@test "plan --json: bytes that are not UTF-8 never reach the JSON raw" {
	q35_copy
	mkdir -p "$R/etc/modprobe.d"
	printf 'options vfio_pci x=\377\001\n' >"$R/etc/modprobe.d/x.conf"
	run -0 --separate-stderr "$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8"
	run iconv -f UTF-8 -t UTF-8 <<<"$output"
	assert_success
	run jq -r '.lines[] | select(.module == "vfio_pci") | .args' <<<"$(
		"$VG" --root "$R" plan --json --cmdline "vfio-gpu.groups=8" 2>/dev/null)"
	assert_output 'x=\xff\x01'
}
