#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# --target conf: the selection file /etc/vfio-gpu/vfio-gpu.conf (SPEC "The
# same tokens from a file in the image"), edited with the line's integrity
# rules: lock, FILE.vfio-gpu.orig once and .vfio-gpu.bak, arguments validated
# by vfio-gpu-early --validate, the new file checked before it replaces the
# old one and read back; comments and foreign lines kept, one token per line.
load helpers

setup() {
	common_setup
	C=$R/etc/vfio-gpu/vfio-gpu.conf
	stub update-grub kernel-install
}

conf_is() {
	run cat "$C"
	assert_output "$1"
}

# A file an administrator wrote: comments, a blank line, a foreign token.
hand_written() {
	mkdir -p "${C%/*}"
	cat >"$C" <<'EOF'
# GPUs for the Windows guest
vfio-gpu.ids=10de:1b81 # the GTX 1080

vfio-gpu.debug
vfio_pci.disable_vga=1
EOF
	cp "$C" "$BATS_TEST_TMPDIR/hand"
}

@test "absent: show says so; add creates it 0644 root with a header, one token per line; twice is a no-op" {
	run -0 vgc --target conf show
	assert_output "file: $C (absent)
tokens: "
	run -0 vgc --target conf add vfio-gpu.ids=10de:1b81,10de:10f0 vfio_pci.disable_vga=1
	assert_line "vfio-gpu-cmdline: created: $C"
	assert_line "vfio-gpu-cmdline: rebuild the initramfs for it to take effect: update-initramfs -u (initramfs-tools) or dracut -f (dracut), and the UKI if one is built from it"
	run stat -c '%a %u %g' "$C"
	assert_output "644 0 0"
	run grep -v '^#' "$C"
	assert_output "vfio-gpu.ids=10de:1b81,10de:10f0
vfio_pci.disable_vga=1"
	run -0 grep -c '^# /etc/vfio-gpu/vfio-gpu.conf - the vfio-gpu selection' "$C"
	assert_no_leftovers "$C"
	run -0 vgc -t conf show
	assert_line "tokens: vfio-gpu.ids=10de:1b81,10de:10f0 vfio_pci.disable_vga=1"
	run -0 vgc --target=conf add vfio-gpu.ids=10de:10f0
	assert_line "vfio-gpu-cmdline: nothing to change ($C)"
	assert_calls ""
}

@test "a hand-written file: a list grows on its line (comment kept), a removed token's line goes, comments and foreign lines stay" {
	hand_written
	run -0 vgc --target conf add vfio-gpu.ids=10de:10f0 vfio-gpu.groups=14
	conf_is "# GPUs for the Windows guest
vfio-gpu.ids=10de:1b81,10de:10f0 # the GTX 1080

vfio-gpu.debug
vfio_pci.disable_vga=1
vfio-gpu.groups=14"
	cmp "$C.vfio-gpu.orig" "$BATS_TEST_TMPDIR/hand"
	cmp "$C.vfio-gpu.bak" "$BATS_TEST_TMPDIR/hand"
	cp "$C" "$BATS_TEST_TMPDIR/second"
	run -0 vgc --target conf remove vfio-gpu.debug
	conf_is "# GPUs for the Windows guest
vfio-gpu.ids=10de:1b81,10de:10f0 # the GTX 1080

vfio_pci.disable_vga=1
vfio-gpu.groups=14"
	cmp "$C.vfio-gpu.orig" "$BATS_TEST_TMPDIR/hand"
	cmp "$C.vfio-gpu.bak" "$BATS_TEST_TMPDIR/second"
	assert_calls ""
}

@test "set: exactly these vfio-gpu.* keys; module options and comments stay" {
	hand_written
	run -0 vgc --target conf --no-pin set vfio-gpu.addrs=0000:01:00.0
	conf_is "# GPUs for the Windows guest

vfio_pci.disable_vga=1
vfio-gpu.addrs=0000:01:00.0"
}

@test "a kernel option is refused: the file cannot set kernel options; nothing written" {
	run -2 vgc --target conf add vfio-gpu.ids=10de:1b81 intel_iommu=on
	assert_output --partial "error: invalid argument 'intel_iommu=on' for --target conf: /etc/vfio-gpu/vfio-gpu.conf holds only vfio-gpu.* parameters and vfio module options (vfio_pci.X=V); it cannot set kernel options"
	assert_output --partial "use 'vfio-gpu-cmdline add intel_iommu=on' for the line"
	[ ! -e "$R/etc/vfio-gpu" ]
	run -2 vgc --target conf add mlx5_vfio_pci.x=1
	run -2 vgc --target conf add vfio
	run -2 vgc --target conf --iommu add vfio-gpu.debug
	assert_output --partial "--iommu goes with the line: the file cannot set kernel options"
	run -2 vgc --target conf --backend grub show
	run -2 vgc --target elsewhere show
	assert_output --partial "unknown target 'elsewhere' (line or conf)"
	[ ! -e "$R/etc/vfio-gpu" ]
}

@test "vfio module options of any vfio module are accepted, '-' or '_'" {
	run -0 vgc --target conf add vfio-pci.disable_idle_d3=1 vfio_iommu_type1.allow_unsafe_interrupts=1 vfio.enable_unsafe_noiommu_mode=1 vfio-gpu=off
	run grep -v '^#' "$C"
	assert_output "vfio-pci.disable_idle_d3=1
vfio_iommu_type1.allow_unsafe_interrupts=1
vfio.enable_unsafe_noiommu_mode=1
vfio-gpu=off"
}

@test "arguments validated by vfio-gpu-early --validate" {
	hand_written
	run -2 vgc --target conf add vfio-gpu.ids=10de:zzzz
	assert_output --partial "invalid argument 'vfio-gpu.ids=10de:zzzz'"
	cmp "$C" "$BATS_TEST_TMPDIR/hand"
	assert_no_leftovers "$C"
}

@test "dry run: a diff (from /dev/null when absent), nothing written" {
	run -0 vgc --target conf --dry-run add vfio-gpu.groups=3
	assert_line "--- /dev/null"
	assert_line "+++ $C"
	assert_line "+vfio-gpu.groups=3"
	[ ! -e "$R/etc/vfio-gpu" ]
	hand_written
	run -0 vgc --target conf -n remove vfio-gpu.ids
	assert_line "-vfio-gpu.ids=10de:1b81 # the GTX 1080"
	assert_line "vfio-gpu-cmdline: dry run: nothing changed; $C would hold: vfio-gpu.debug vfio_pci.disable_vga=1"
	cmp "$C" "$BATS_TEST_TMPDIR/hand"
	assert_no_leftovers "$C"
}

@test "a symlinked file is edited through its target; the link stays" {
	hand_written
	mkdir -p "$R/srv/cfg"
	mv "$C" "$R/srv/cfg/gpu.conf"
	ln -s /srv/cfg/gpu.conf "$C"
	run -0 vgc --target conf add vfio-gpu.groups=2
	[ -L "$C" ]
	run tail -n 1 "$R/srv/cfg/gpu.conf"
	assert_output "vfio-gpu.groups=2"
	cmp "$R/srv/cfg/gpu.conf.vfio-gpu.orig" "$BATS_TEST_TMPDIR/hand"
}

@test "not a regular file (a directory at its name): error, nothing changed" {
	mkdir -p "$C"
	run -1 vgc --target conf add vfio-gpu.groups=2
	assert_output --partial "cannot read $C: it is not a readable regular file"
}

@test "the line locked in a signed UKI: --target conf still edits the file" {
	ev=$R/sys/firmware/efi/efivars
	mkdir -p "$ev" "$R/etc/kernel"
	printf '\006\000\000\000\001' >"$ev/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c"
	printf '\006\000\000\000s\000d\000\000\000' >"$ev/StubInfo-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f"
	cp "$FIX/kernel-cmdline" "$R/etc/kernel/cmdline"
	run -1 vgc add vfio-gpu.groups=2
	assert_output --partial "vfio-gpu-cmdline --target conf add"
	run -0 vgc --target conf add vfio-gpu.groups=2
	run grep -v '^#' "$C"
	assert_output "vfio-gpu.groups=2"
	cmp "$R/etc/kernel/cmdline" "$FIX/kernel-cmdline"
}

@test "the edit runs under the lock" {
	mkdir -p "$R/run/vfio-gpu"
	: >"$R/run/vfio-gpu/cmdline.lock"
	exec 8>"$R/run/vfio-gpu/cmdline.lock"
	flock 8
	sed 's/^LOCK_WAIT=120$/LOCK_WAIT=1/' "$TOOL" >"$BATS_TEST_TMPDIR/tool"
	TOOL=$BATS_TEST_TMPDIR/tool run -1 vgc --target conf add vfio-gpu.groups=2
	assert_output --partial "has held $R/run/vfio-gpu/cmdline.lock for 1 s"
	[ ! -e "$C" ]
	exec 8>&-
}

@test "'#' inside double quotes is no comment, as the binder reads it" {
	mkdir -p "${C%/*}"
	printf '%s\n' 'vfio-gpu.ids="10de:1b81" # the GTX 1080' 'foo="a#b"' >"$C"
	run -0 vgc --target conf show
	assert_line 'tokens: vfio-gpu.ids="10de:1b81" foo="a#b"'
	run -0 vgc --target conf add vfio-gpu.ids=10de:10f0
	run cat "$C"
	assert_output 'vfio-gpu.ids=10de:1b81,10de:10f0 # the GTX 1080
foo="a#b"'
}

@test "a new file larger than the binder reads (4096 bytes) is refused; nothing changed" {
	mkdir -p "${C%/*}"
	awk 'BEGIN { for (i = 0; i < 57; i++) printf "# %s\n", "a comment that fills the file up to the binder'"'"'s bound of 4096 bytes" }' >"$C"
	cp "$C" "$BATS_TEST_TMPDIR/big"
	run stat -c %s "$C"
	assert_output 4047
	run -1 vgc --target conf --no-pin add vfio-gpu.addrs=0000:01:00.0,0000:02:00.0,0000:03:00.0
	assert_output --partial "bytes, more than the 4096 that vfio-gpu-early reads at boot"
	cmp "$C" "$BATS_TEST_TMPDIR/big"
	assert_no_leftovers "$C"
}

@test "set without ARG on a file of tokens alone leaves it empty (nothing selected), with its backup" {
	mkdir -p "${C%/*}"
	printf '%s\n' vfio-gpu.ids=10de:1b81 vfio-gpu.debug >"$C"
	cp "$C" "$BATS_TEST_TMPDIR/before"
	run -0 vgc --target conf set
	[ -f "$C" ] && [ ! -s "$C" ]
	cmp "$C.vfio-gpu.bak" "$BATS_TEST_TMPDIR/before"
	run -0 vgc --target conf show
	assert_line "tokens: "
}

@test "the helper's size bound is the binder's (CONF_MAX = lib/params.h VG_CONF_MAX)" {
	c=$(sed -n 's/^#define VG_CONF_MAX[[:space:]]*\([0-9]*\).*/\1/p' "$TOP/lib/params.h")
	s=$(sed -n 's/^CONF_MAX=\([0-9]*\)$/\1/p' "$TOP/kernel-cmdline/vfio-gpu-cmdline")
	[ -n "$c" ] && [ "$c" = "$s" ]
}
