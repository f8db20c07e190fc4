#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# One parser for everyone: the helper has no grammar of vfio-gpu parameters of
# its own; every ARG is judged by vfio-gpu-early --validate (the binder of this
# tree, or VFIO_GPU_EARLY), and nothing is written without its verdict.
load helpers

setup() {
	common_setup
	grub_root
}

unchanged() {
	cmp "$G" "$FIX/grub.debian12"
	assert_no_leftovers "$G"
	assert_calls ""
}

@test "the binder accepts a VMD domain and a short address: so does the helper" {
	run -0 "$EARLY" --validate vfio-gpu.addrs=10000:01:00.0 vfio-gpu.addrs=1:0.0
	run -0 vgc --no-pin add vfio-gpu.addrs=10000:01:00.0
	run -0 vgc --no-pin add vfio-gpu.addrs=1:0.0
	run -0 grep -x 'GRUB_CMDLINE_LINUX="vfio-gpu.addrs=10000:01:00.0,1:0.0"' "$G"
	assert_calls "update-grub
update-grub"
}

# The binder says bad: exit 2, the binder's reason, nothing written.
refused() { # ARG REASON
	run -1 "$EARLY" --validate "$1"
	run -2 vgc add "$1"
	assert_line "vfio-gpu-cmdline: error: invalid argument '$1': $2 (vfio-gpu-early --validate)"
	assert_line "Try 'vfio-gpu-cmdline --help'."
	unchanged
}

@test "a group number the binder cannot hold is refused" { refused vfio-gpu.groups=99999999999 malformed; }
@test "vfio_gpu.ids= (underscore, empty) is refused" { refused vfio_gpu.ids= unknown-parameter; }
@test "a misspelt key in the vfio-gpu namespace is refused" { refused vfio-gpu.idz=1 unknown-parameter; }

@test "every bad argument is named, and one bad argument stops the good ones" {
	run -2 vgc add vfio-gpu.debug vfio-gpu.idz=1 vfio-gpu.groups=x
	assert_line "vfio-gpu-cmdline: error: invalid argument 'vfio-gpu.idz=1': unknown-parameter (vfio-gpu-early --validate)"
	assert_line "vfio-gpu-cmdline: error: invalid argument 'vfio-gpu.groups=x': malformed (vfio-gpu-early --validate)"
	refute_line --partial "'vfio-gpu.debug'"
	unchanged
}

@test "the verdict is the binder's: a binder that refuses everything refuses quiet" {
	cat >"$BATS_TEST_TMPDIR/early" <<'EOF'
#!/bin/sh
echo "$*" >>"${0%/*}/early.args"
[ "$1" = --validate ] || exit 64
shift
for a in "$@"; do echo "bad $a reason=test-says-no"; done
exit 1
EOF
	chmod +x "$BATS_TEST_TMPDIR/early"
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/early run -2 vgc add quiet vfio-gpu.ids=10de:13d7
	assert_line "vfio-gpu-cmdline: error: invalid argument 'quiet': test-says-no (vfio-gpu-early --validate)"
	assert_line "vfio-gpu-cmdline: error: invalid argument 'vfio-gpu.ids=10de:13d7': test-says-no (vfio-gpu-early --validate)"
	run -0 cat "$BATS_TEST_TMPDIR/early.args"
	assert_output "--validate quiet vfio-gpu.ids=10de:13d7"
	unchanged
}

@test "no binder: refused with a clear message, nothing written" {
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/missing run -1 vgc add vfio-gpu.ids=10de:13d7
	assert_output "vfio-gpu-cmdline: error: cannot validate the arguments: $BATS_TEST_TMPDIR/missing is missing or not executable; install vfio-gpu-early (or set VFIO_GPU_EARLY to its path); nothing changed"
	unchanged
}

@test "a binder that fails without a verdict: exit 1, nothing written" {
	printf '#!/bin/sh\necho "Segmentation fault" >&2\nexit 139\n' >"$BATS_TEST_TMPDIR/early"
	chmod +x "$BATS_TEST_TMPDIR/early"
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/early run -1 vgc add vfio-gpu.debug
	assert_output "vfio-gpu-cmdline: error: '$BATS_TEST_TMPDIR/early --validate' failed with status 139 and no verdict (a vfio-gpu-early older than --validate?): Segmentation fault"
	unchanged
}

@test "remove: a bare name needs no verdict, key=value is validated" {
	cp "$FIX/grub.debian12.added" "$G"
	# The binder still splits the line (tokens.bats); it is asked no verdict.
	printf '#!/bin/sh\necho "$*" >>"%s"\nexec "%s" "$@"\n' "$BATS_TEST_TMPDIR/early.args" "$EARLY" >"$BATS_TEST_TMPDIR/early"
	chmod +x "$BATS_TEST_TMPDIR/early"
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/early run -0 vgc remove vfio-gpu.ids
	run -1 grep -e --validate "$BATS_TEST_TMPDIR/early.args"
	run -0 grep -x 'GRUB_CMDLINE_LINUX="intel_iommu=on"' "$G"
	run -2 vgc remove vfio-gpu.ids=10de:zz
	assert_line "vfio-gpu-cmdline: error: invalid argument 'vfio-gpu.ids=10de:zz': malformed (vfio-gpu-early --validate)"
}

@test "show needs no binder" {
	VFIO_GPU_EARLY=$BATS_TEST_TMPDIR/missing run -0 vgc show --cmdline-only
	assert_output "quiet"
}

@test "the helper has no grammar of its own left: no item patterns in the script" {
	run -1 grep -nE 'vfio-gpu\.(ids|addrs|groups)\) *re=|\[0-9A-Fa-f\]' "$TOOL"
}
