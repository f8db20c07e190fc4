#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# GRUB back end: /etc/default/grub as the distributions ship it, edited in
# GRUB_CMDLINE_LINUX only, byte for byte, then update-grub or grub2-mkconfig.
load helpers

setup() {
	common_setup
	G=$R/etc/default/grub
}

# Add two parameters to a distribution's file, compare with the expected file,
# then run the same command again: nothing may change and nothing may run.
add_to_distro() {
	cp "$FIX/grub.$1" "$G"
	stub update-grub
	run -0 vgc add vfio-gpu.ids=10de:1b81,10de:10f0 intel_iommu=on
	assert_line "vfio-gpu-cmdline: running: update-grub"
	cmp "$G" "$FIX/grub.$1.added"
	cmp "$G.vfio-gpu.bak" "$FIX/grub.$1"
	assert_calls "update-grub"
	run -0 vgc add vfio-gpu.ids=10de:1b81,10de:10f0 intel_iommu=on
	assert_line "vfio-gpu-cmdline: already set: vfio-gpu.ids=10de:1b81,10de:10f0"
	assert_line "vfio-gpu-cmdline: already set: intel_iommu=on"
	assert_line --partial "nothing to change"
	cmp "$G" "$FIX/grub.$1.added"
	assert_calls "update-grub"
}

@test "Debian 12 file: add edits GRUB_CMDLINE_LINUX only, twice is a no-op" { add_to_distro debian12; }
@test "Ubuntu 22.04 file: add, then idempotent" { add_to_distro ubuntu2204; }
@test "Ubuntu 24.04 file: add, then idempotent" { add_to_distro ubuntu2404; }
@test "Pop!_OS file: add, then idempotent" { add_to_distro popos; }
@test "CentOS 8 file: add, then idempotent" { add_to_distro centos8; }
@test "RHEL 9 file: add, then idempotent" { add_to_distro rhel9; }

@test "remove undoes add byte for byte (Debian 12 and CentOS 8)" {
	stub update-grub
	for d in debian12 centos8; do
		cp "$FIX/grub.$d.added" "$G"
		run -0 vgc remove vfio-gpu.ids intel_iommu=on
		cmp "$G" "$FIX/grub.$d"
		run -0 vgc remove vfio-gpu.ids intel_iommu=on
		assert_line "vfio-gpu-cmdline: not set: vfio-gpu.ids"
		assert_line "vfio-gpu-cmdline: not set: intel_iommu=on"
		cmp "$G" "$FIX/grub.$d"
	done
	assert_calls "update-grub
update-grub"
}

@test "without update-grub: grub2-mkconfig writes /boot/grub2/grub.cfg" {
	cp "$FIX/grub.centos8" "$G"
	stub grub2-mkconfig
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: running: grub2-mkconfig -o /boot/grub2/grub.cfg"
	assert_calls "grub2-mkconfig [-o] [/boot/grub2/grub.cfg]"
}

@test "EFI stub grub.cfg (Fedora 34+, RHEL 9): still /boot/grub2/grub.cfg" {
	cp "$FIX/grub.rhel9" "$G"
	mkdir -p "$R/boot/efi/EFI/redhat"
	cp "$FIX/efi-grub.cfg.stub" "$R/boot/efi/EFI/redhat/grub.cfg"
	stub grub2-mkconfig
	run -0 vgc add vfio-gpu.debug
	assert_calls "grub2-mkconfig [-o] [/boot/grub2/grub.cfg]"
}

@test "full grub.cfg on the ESP (older EFI installs): grub2-mkconfig writes that one" {
	cp "$FIX/grub.centos8" "$G"
	mkdir -p "$R/boot/efi/EFI/centos"
	cp "$FIX/efi-grub.cfg.full" "$R/boot/efi/EFI/centos/grub.cfg"
	stub grub2-mkconfig
	run -0 vgc add vfio-gpu.debug
	assert_calls "grub2-mkconfig [-o] [/boot/efi/EFI/centos/grub.cfg]"
}

@test "update-grub wins over grub2-mkconfig; grub-mkconfig is the last resort" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub grub2-mkconfig
	run -0 vgc add vfio-gpu.debug
	assert_calls "update-grub"
	rm "$STUBS/update-grub" "$STUBS/grub2-mkconfig"
	stub grub-mkconfig
	run -0 vgc add splash
	assert_calls "update-grub
grub-mkconfig [-o] [/boot/grub/grub.cfg]"
}

@test "no grub.cfg generator on PATH: error, file unchanged" {
	cp "$FIX/grub.debian12" "$G"
	run -1 vgc add vfio-gpu.debug
	assert_output --partial "neither update-grub, grub2-mkconfig nor grub-mkconfig is on PATH; install the one of your distribution; not editing"
	cmp "$G" "$FIX/grub.debian12"
	assert_no_leftovers "$G"
}

@test "update-grub failing: exit 1 and say which command failed" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	STUB_FAIL=update-grub run -1 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: error: 'update-grub' failed with status 3"
	assert_line "vfio-gpu-cmdline: error: the configuration is edited (backups: FILE.vfio-gpu.bak) but grub.cfg is not regenerated: fix the cause and run 'update-grub' yourself"
}

@test "a parameter already in GRUB_CMDLINE_LINUX_DEFAULT is set; remove takes it from there" {
	cp "$FIX/grub.ubuntu2204" "$G"
	stub update-grub
	run -0 vgc add splash
	assert_line "vfio-gpu-cmdline: already set: splash"
	cmp "$G" "$FIX/grub.ubuntu2204"
	run -0 vgc remove splash
	run -0 grep -c '^GRUB_CMDLINE_LINUX_DEFAULT="quiet"$' "$G"
	run -0 grep -c '^GRUB_CMDLINE_LINUX=""$' "$G"
}

# Write $1 as the file, run add $2, compare with $3.
quoting_case() {
	printf '%s' "$1" >"$G"
	printf '%s' "$3" >"$BATS_TEST_TMPDIR/expected"
	run -0 vgc add "$2"
	cmp "$G" "$BATS_TEST_TMPDIR/expected"
	run -0 vgc add "$2"
	assert_line --partial "already set"
	cmp "$G" "$BATS_TEST_TMPDIR/expected"
}

@test "quoting: empty double quotes" {
	stub update-grub
	quoting_case 'A=1
GRUB_CMDLINE_LINUX=""
' vfio-gpu.debug 'A=1
GRUB_CMDLINE_LINUX="vfio-gpu.debug"
'
}

@test "quoting: single quotes are kept" {
	stub update-grub
	quoting_case "GRUB_CMDLINE_LINUX='quiet splash'
" vfio-gpu.debug "GRUB_CMDLINE_LINUX='quiet splash vfio-gpu.debug'
"
}

@test "quoting: an unquoted single word gets double quotes" {
	stub update-grub
	quoting_case 'GRUB_CMDLINE_LINUX=quiet
' vfio-gpu.debug 'GRUB_CMDLINE_LINUX="quiet vfio-gpu.debug"
'
}

@test "quoting: an unquoted empty value gets double quotes" {
	stub update-grub
	quoting_case 'GRUB_CMDLINE_LINUX=
X=2
' vfio-gpu.debug 'GRUB_CMDLINE_LINUX="vfio-gpu.debug"
X=2
'
}

@test "quoting: indentation, export and a trailing comment are kept" {
	stub update-grub
	quoting_case '  export GRUB_CMDLINE_LINUX="quiet"  # for all entries
' vfio-gpu.debug '  export GRUB_CMDLINE_LINUX="quiet vfio-gpu.debug"  # for all entries
'
}

@test "a quoted parameter value inside the line survives an edit" {
	stub update-grub
	quoting_case "GRUB_CMDLINE_LINUX='dyndbg=\"file vfio.c +p\" quiet'
" vfio-gpu.debug "GRUB_CMDLINE_LINUX='dyndbg=\"file vfio.c +p\" quiet vfio-gpu.debug'
"
}

@test "no GRUB_CMDLINE_LINUX line: one is appended" {
	stub update-grub
	quoting_case 'GRUB_DEFAULT=0
#GRUB_CMDLINE_LINUX="commented"
' vfio-gpu.debug 'GRUB_DEFAULT=0
#GRUB_CMDLINE_LINUX="commented"
GRUB_CMDLINE_LINUX="vfio-gpu.debug"
'
}

@test "a file without a final newline keeps having none" {
	stub update-grub
	quoting_case 'GRUB_CMDLINE_LINUX="quiet"
GRUB_TIMEOUT=5' vfio-gpu.debug 'GRUB_CMDLINE_LINUX="quiet vfio-gpu.debug"
GRUB_TIMEOUT=5'
}

@test "--dry-run prints a unified diff and the command, touches nothing" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	run -0 vgc --dry-run add vfio-gpu.ids=10de:13d7
	assert_output "--- $G
+++ $G
@@ -7,7 +7,7 @@
 GRUB_TIMEOUT=5
 GRUB_DISTRIBUTOR=\`( . /etc/os-release; echo \${NAME:-Debian} ) 2>/dev/null || echo Debian\`
 GRUB_CMDLINE_LINUX_DEFAULT=\"quiet\"
-GRUB_CMDLINE_LINUX=\"\"
+GRUB_CMDLINE_LINUX=\"vfio-gpu.ids=10de:13d7\"
 
 # If your computer has multiple operating systems installed, then you
 # probably want to run os-prober. However, if your computer is a host
vfio-gpu-cmdline: would run: update-grub
vfio-gpu-cmdline: dry run: nothing changed; the new command line would be: vfio-gpu.ids=10de:13d7 quiet"
	cmp "$G" "$FIX/grub.debian12"
	assert_no_leftovers "$G"
	assert_calls ""
}

@test "-n after the subcommand is the same dry run" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	run -0 vgc remove splash -n
	assert_line "vfio-gpu-cmdline: not set: splash"
	run -0 vgc add splash -n
	assert_line "+GRUB_CMDLINE_LINUX=\"splash\""
	cmp "$G" "$FIX/grub.debian12"
	assert_calls ""
}

@test "a real run keeps FILE.vfio-gpu.bak, the mode, and leaves no temporary file" {
	cp "$FIX/grub.debian12" "$G"
	chmod 640 "$G"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: backup: $G.vfio-gpu.bak"
	assert_line "vfio-gpu-cmdline: wrote: $G"
	assert_line "vfio-gpu-cmdline: new command line: vfio-gpu.debug quiet"
	cmp "$G.vfio-gpu.bak" "$FIX/grub.debian12"
	cmp "$G.vfio-gpu.orig" "$FIX/grub.debian12"
	run ls -A "$R/etc/default"
	assert_output "grub
grub.vfio-gpu.bak
grub.vfio-gpu.orig"
	run stat -c %a "$G" "$G.vfio-gpu.bak" "$G.vfio-gpu.orig"
	assert_output "640
640
640"
}

@test "the backup holds the state before the last change, not before a no-op" {
	cp "$FIX/grub.debian12" "$G"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	cp "$G" "$BATS_TEST_TMPDIR/after-first"
	run -0 vgc add vfio-gpu.debug
	cmp "$G.vfio-gpu.bak" "$FIX/grub.debian12"
	run -0 vgc add splash
	cmp "$G.vfio-gpu.bak" "$BATS_TEST_TMPDIR/after-first"
	cmp "$G.vfio-gpu.orig" "$FIX/grub.debian12"
}

@test "show: both variables and what a normal entry gets" {
	cp "$FIX/grub.popos" "$G"
	run -0 vgc show
	assert_output "backend: grub
file: $G
GRUB_CMDLINE_LINUX: quiet splash
GRUB_CMDLINE_LINUX_DEFAULT: quiet splash loglevel=0 systemd.show_status=false
cmdline: quiet splash quiet splash loglevel=0 systemd.show_status=false"
}

@test "a grub.d drop-in that sets GRUB_CMDLINE_LINUX last is where the edit goes" {
	cp "$FIX/grub.ubuntu2404" "$G"
	mkdir -p "$R/etc/default/grub.d"
	echo 'GRUB_CMDLINE_LINUX="console=ttyS0"' >"$R/etc/default/grub.d/50-cloudimg-settings.cfg"
	echo 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"' >"$R/etc/default/grub.d/40-other.cfg"
	stub update-grub
	run -0 vgc add vfio-gpu.debug
	assert_line "vfio-gpu-cmdline: wrote: $R/etc/default/grub.d/50-cloudimg-settings.cfg"
	run -0 cat "$R/etc/default/grub.d/50-cloudimg-settings.cfg"
	assert_output 'GRUB_CMDLINE_LINUX="console=ttyS0 vfio-gpu.debug"'
	cmp "$G" "$FIX/grub.ubuntu2404"
	run -0 cat "$R/etc/default/grub.d/40-other.cfg"
	assert_output 'GRUB_CMDLINE_LINUX_DEFAULT="quiet"'
}
