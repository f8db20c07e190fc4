#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu's command line: subcommands, options, and exit status 2 for usage.
load helpers

setup() {
	common_setup
}

@test "--help and --version exit 0" {
	run -0 "$VG" --help
	assert_line --partial "usage: vfio-gpu [--root DIR] list [--json]"
	run -0 "$VG" --version
	assert_output --regexp '^vfio-gpu [0-9]'
}

@test "help [SUBCMD] and SUBCMD --help print that subcommand's usage, exit 0" {
	run -0 "$VG" help
	assert_line --partial "usage: vfio-gpu [--root DIR] list [--json]"
	assert_line "       vfio-gpu help [SUBCMD]"
	for c in list plan check bind release status export; do
		run -0 "$VG" help "$c"
		assert_line --index 0 --regexp "^usage: vfio-gpu \[--root DIR\] $c( |\$)"
		refute_line --partial "usage: vfio-gpu [--root DIR] list [--json]" || [ "$c" = list ]
		help_out=$output
		run -0 "$VG" "$c" --help
		assert_equal "$output" "$help_out"
	done
	# Only the options that go with it.
	run -0 "$VG" help bind
	assert_line --partial -- "--force"
	refute_line --partial -- "--json"
	run -0 "$VG" help list
	refute_line --partial -- "--cmdline STRING"
	refute_line --partial -- "--force"
	run -0 "$VG" --root "$Q35" status --help
	assert_line --index 0 "usage: vfio-gpu [--root DIR] status [--json]"
}

@test "help with an unknown or a second subcommand is a usage error" {
	run -2 "$VG" help frobnicate
	assert_output --partial "unknown subcommand 'frobnicate'"
	run -2 "$VG" help list plan
	assert_output --partial "help takes at most one subcommand"
}

@test "usage errors exit 2 and name what is wrong" {
	run -2 "$VG"
	assert_output --partial "no subcommand given"
	run -2 "$VG" frobnicate
	assert_output --partial "unknown subcommand 'frobnicate'"
	run -2 "$VG" list --frob
	assert_output --partial "unknown option '--frob'"
	run -2 "$VG" list --root
	assert_output --partial "option '--root' needs a value"
	run -2 "$VG" --root "$Q35" bind --json 7
	assert_output --partial "--json does not go with bind"
	run -2 "$VG" --root "$Q35" list --cmdline x
	assert_output --partial "--cmdline does not go with list"
	run -2 "$VG" --root "$Q35" list 7
	assert_output --partial "list takes no operands ('7')"
	run -2 "$VG" --root "$Q35" check extra
	assert_output --partial "check takes no operands ('extra')"
}

@test "options go before or after the subcommand; --root=DIR and '--' work" {
	run -0 "$VG" list --root="$Q35"
	assert_line "IOMMU group 8: not viable (0000:02:00.0 on bochs-drm, 0000:02:00.1 on snd_hda_intel)"
	run -0 "$VG" --root "$Q35/" plan --cmdline=vfio-gpu.groups=8
	assert_line "claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=groups target=vfio_pci"
	q35_copy
	run -0 "$VG" --root "$R" bind -- 8
	assert_line --partial "0000:02:00.0 1234:1111 group 8: vfio-pci (was bochs-drm, by groups)"
}

@test "make install puts the tool, its man page and its bash completion in DESTDIR; uninstall removes them" {
	d=$BATS_TEST_TMPDIR/dest
	run -0 make -s -C "$TOP" install DESTDIR="$d"
	assert [ -x "$d/usr/sbin/vfio-gpu" ]
	assert [ -s "$d/usr/share/man/man8/vfio-gpu.8" ]
	assert [ -s "$d/usr/share/bash-completion/completions/vfio-gpu" ]
	run -0 make -s -C "$TOP" uninstall DESTDIR="$d"
	assert [ ! -e "$d/usr/sbin/vfio-gpu" ]
	assert [ ! -e "$d/usr/share/man/man8/vfio-gpu.8" ]
}

@test "bash completion offers subcommands, and addresses and groups of the root" {
	run -0 bash -c "source '$TOP/host/vfio-gpu.bash-completion'
		COMP_WORDS=(vfio-gpu --root '$Q35' bind 0000:01); COMP_CWORD=4; _vfio_gpu; echo \"\${COMPREPLY[*]}\"
		COMP_WORDS=(vfio-gpu --root '$Q35' bind 1); COMP_CWORD=4; _vfio_gpu; echo \"\${COMPREPLY[*]}\"
		COMP_WORDS=(vfio-gpu pl); COMP_CWORD=1; _vfio_gpu; echo \"\${COMPREPLY[*]}\""
	assert_line "0000:01:00.0 0000:01:00.1 0000:01:00.2"
	assert_line "1 10"
	assert_line "plan"
}

@test "an empty --root is a usage error (exit 2), never the running system" {
	run -2 "$VG" --root "" list
	assert_output --partial "--root needs a non-empty DIR"
	run -2 "$VG" --root= plan --cmdline vfio-gpu.groups=1
	assert_output --partial "--root needs a non-empty DIR"
	refute_output --partial "claim "
}
