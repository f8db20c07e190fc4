#!/usr/bin/env bats
# vfio-gpu plan: the same lines and exit status as vfio-gpu-early --dry-run on
# every fixture root, the default source, and the JSON form.
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
		[ "$output" = "$want_out" ] && [ "$status" = "$want_rc" ]
	done
	[ "$n" -ge 16 ] # at least two roots were compared
}

@test "plan on the capture: the lines of the contract, exit 1 on a refusal" {
	run -1 "$VG" --root "$Q35" plan --cmdline "vfio-gpu.ids=1234:1111"
	assert_line "refuse group=1 reason=boot-vga dev=0000:00:01.0 class=0300"
	assert_line "claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=group"
	assert_line --regexp "^load vfio_pci path=kernel/drivers/vfio/pci/vfio-pci.ko args=''$"
	run -0 "$VG" --root "$Q35" plan --cmdline "vfio-gpu.addrs=02:00.0"
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs"
	refute_line --partial "group=7"
}

@test "plan reads root/proc/cmdline by default" {
	q35_copy
	echo "quiet vfio-gpu.groups=8" >"$R/proc/cmdline"
	run -0 "$VG" --root "$R" plan
	assert_line "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=groups"
	rm "$R/proc/cmdline"
	run -0 "$VG" --root "$R" plan
	assert_output --partial "cannot read $R/proc/cmdline: No such file or directory"
}

@test "plan --json: one object per line, fields split, quoted values whole" {
	run -1 --separate-stderr "$VG" --root "$Q35" plan --json --cmdline "vfio-gpu.ids=zz,1234:1111 vfio-gpu.groups=9 vfio_pci.x=\"a b\" vfio-pci.disable_vga=1"
	echo "$output" | jq -e . >/dev/null
	[ "$(jq -r .ok <<<"$output")" = false ]
	[ "$(jq -r '.lines[0] | .kind + " " + .key + " " + .token' <<<"$output")" = "bad vfio-gpu.ids zz" ]
	[ "$(jq -r '.lines[] | select(.kind == "refuse" and .group == "9") | .dev' <<<"$output")" = 0000:03:00.1 ]
	[ "$(jq -r '.lines[] | select(.kind == "claim" and .address == "0000:01:00.1") | .by + " " + .was + " " + .id' <<<"$output")" = "group snd_hda_intel 8086:293e" ]
	[ "$(jq -r '.lines[] | select(.module == "vfio_pci") | .args' <<<"$output")" = 'x="a b" disable_vga=1' ]
	# every "line" is the text plan's line, in the same order
	diff <(jq -r '.lines[].line' <<<"$output") <("$VG" --root "$Q35" plan --cmdline "vfio-gpu.ids=zz,1234:1111 vfio-gpu.groups=9 vfio_pci.x=\"a b\" vfio-pci.disable_vga=1" 2>/dev/null)
	run -0 --separate-stderr "$VG" --root "$Q35" plan --json --cmdline "vfio-gpu.groups=8"
	[ "$(jq -r .ok <<<"$output")" = true ]
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
