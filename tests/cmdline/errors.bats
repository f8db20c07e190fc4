#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Bad input: a clear error naming the culprit, exit 1 (error) or 2 (usage),
# and the file unchanged, byte for byte, with no backup or temporary file.
load helpers

setup() {
	common_setup
	G=$R/etc/default/grub
	cp "$FIX/grub.ubuntu2204" "$G"
	cp "$G" "$BATS_TEST_TMPDIR/orig"
	stub update-grub
}

unchanged() {
	cmp "$G" "$BATS_TEST_TMPDIR/orig"
	assert_no_leftovers "$G"
	assert_calls ""
}

# usage_case MESSAGE ARGS...: exit 2, MESSAGE on stderr, nothing touched.
usage_case() {
	local msg=$1
	shift
	run -2 vgc "$@"
	assert_line "vfio-gpu-cmdline: error: $msg"
	assert_line "Try 'vfio-gpu-cmdline --help'."
	unchanged
}

# broken_case FILE-CONTENT MESSAGE: exit 1, MESSAGE, the file as it was.
broken_case() {
	printf '%s' "$1" >"$G"
	cp "$G" "$BATS_TEST_TMPDIR/orig"
	run -1 vgc add vfio-gpu.debug
	assert_output "$2"
	unchanged
}

@test "a value with a space" {
	usage_case "invalid argument 'vfio-gpu.ids=10de:13d7 10de:0fbb': contains white space; pass one parameter per argument" \
		add 'vfio-gpu.ids=10de:13d7 10de:0fbb'
}

@test "a value with a tab or a newline" {
	usage_case "invalid argument 'a	b': contains white space; pass one parameter per argument" add 'a	b'
	run -2 vgc add 'a
b'
	assert_line "vfio-gpu-cmdline: error: invalid argument 'a"
	unchanged
}

@test "a value with a double quote" {
	usage_case "invalid argument 'dyndbg=\"+p\"': contains a quote, backslash, \$ or backquote" add 'dyndbg="+p"'
}

@test "a value with a single quote, a backslash, \$ or a backquote" {
	usage_case "invalid argument 'a'b': contains a quote, backslash, \$ or backquote" add "a'b"
	usage_case "invalid argument 'a\\b': contains a quote, backslash, \$ or backquote" remove 'a\b'
	usage_case "invalid argument 'x=\$HOME': contains a quote, backslash, \$ or backquote" add 'x=$HOME'
	usage_case "invalid argument 'x=\`id\`': contains a quote, backslash, \$ or backquote" add 'x=`id`'
}

@test "a malformed list item is refused before anything is written (the binder's verdict)" {
	usage_case "invalid argument 'vfio-gpu.ids=10de:13d7,10de:zzzz': malformed (vfio-gpu-early --validate)" add vfio-gpu.ids=10de:13d7,10de:zzzz
	usage_case "invalid argument 'vfio-gpu.addrs=01:00': malformed (vfio-gpu-early --validate)" add vfio-gpu.addrs=01:00
	usage_case "invalid argument 'vfio-gpu.groups=x9': malformed (vfio-gpu-early --validate)" remove vfio-gpu.groups=x9
	usage_case "invalid argument 'vfio-gpu.ids': no-value (vfio-gpu-early --validate)" add vfio-gpu.ids
	usage_case "invalid argument 'vfio-gpu.ids=': empty (vfio-gpu-early --validate)" add vfio-gpu.ids=
}

@test "list items in every documented form are accepted" {
	# --no-pin: the forms as given (pins.bats writes them pinned).
	run -0 vgc --dry-run --no-pin add vfio-gpu.ids=10de:13d7,10de:*,1002:67df:1458:22f7 vfio-gpu.addrs=0000:0a:00.1,01:1f.7 vfio-gpu.groups=0,17
	assert_line '+GRUB_CMDLINE_LINUX="vfio-gpu.ids=10de:13d7,10de:*,1002:67df:1458:22f7 vfio-gpu.addrs=0000:0a:00.1,01:1f.7 vfio-gpu.groups=0,17"'
	unchanged
}

@test "an empty argument, or one with no name" {
	usage_case "empty argument" add ''
	usage_case "invalid argument '=1': no parameter name before '='" add =1
}

@test "an unknown subcommand" {
	usage_case "unknown subcommand 'put' (show, add, remove or set)" put quiet
}

@test "an unknown option, before or after the subcommand" {
	usage_case "unknown option '--force'" --force add quiet
	usage_case "unknown option '-x'" add -x quiet
	usage_case "unknown option '-quiet'" add -- -quiet
}

@test "missing subcommand, missing ARG, ARG to show, option without its value" {
	usage_case "no subcommand given (show, add, remove or set)"
	usage_case "add needs at least one ARG (or --iommu)" add
	usage_case "remove needs at least one ARG (or --iommu)" --dry-run remove
	usage_case "show takes no arguments" show quiet
	# shellcheck disable=SC2086
	run -2 env -i PATH="$STUBS:$SYSBIN" $VG_SH "$TOOL" show --root
	assert_line "vfio-gpu-cmdline: error: option '--root' needs a value"
}

@test "--help exits 0 and documents the options" {
	run -0 vgc --help
	assert_line --partial "--iommu-pt"
	assert_line --partial "--backend NAME"
}

@test "a missing /etc/default/grub when grub is forced" {
	rm "$G"
	run -1 vgc --backend grub add quiet
	assert_output "vfio-gpu-cmdline: error: $G does not exist; create it, or name the back end this machine uses with --backend"
	run ls -A "$R/etc/default"
	assert_output ""
}

@test "an unreadable /etc/default/grub (not a regular file)" {
	rm "$G"
	mkdir "$G"
	run -1 vgc --backend grub show
	assert_output "vfio-gpu-cmdline: error: cannot read $G: it is not a readable regular file; make it one (a link to one is fine)"
}

@test "GRUB_CMDLINE_LINUX set twice" {
	broken_case 'GRUB_CMDLINE_LINUX="quiet"
GRUB_TIMEOUT=5
GRUB_CMDLINE_LINUX="splash"
' "$G:3: GRUB_CMDLINE_LINUX is set twice (lines 1 and 3); keep one"
}

@test "a line continuation in GRUB_CMDLINE_LINUX" {
	broken_case 'GRUB_CMDLINE_LINUX="quiet \
splash"
' "$G:1: GRUB_CMDLINE_LINUX ends with a line continuation; join it into one line"
}

@test "a quote that spans lines" {
	broken_case 'GRUB_CMDLINE_LINUX="quiet
splash"
' "$G:1: GRUB_CMDLINE_LINUX opens a quote that does not close on the same line"
}

@test "shell expansion in the value" {
	broken_case 'GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX quiet"
' "$G:1: GRUB_CMDLINE_LINUX uses shell expansion or escapes (\$, \`, \\); edit it by hand"
}

@test "text after the value" {
	broken_case 'GRUB_CMDLINE_LINUX="quiet" splash
' "$G:1: GRUB_CMDLINE_LINUX has text after its value; keep only a comment there"
	broken_case 'GRUB_CMDLINE_LINUX=quiet splash
' "$G:1: GRUB_CMDLINE_LINUX has text after its value; keep only a comment there"
}

@test "a continued line that only mentions the variable is not an assignment" {
	printf 'FOO="a \\\nGRUB_CMDLINE_LINUX=x"\nGRUB_CMDLINE_LINUX="quiet"\n' >"$G"
	run -0 vgc show
	assert_line "GRUB_CMDLINE_LINUX: quiet"
}
