#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The selection file (SPEC "The same tokens from a file in the image"):
# ROOT/etc/vfio-gpu/vfio-gpu.conf is read before the command line; lists
# accumulate, a later scalar wins, vfio-gpu.off on the line always wins; each
# plan line and the boot report say source=file or source=cmdline; a bad line
# is named by file:line and skipped; a link, FIFO, directory or oversized
# file is refused and the command line alone applies.

load helpers

setup() {
	R=$BATS_TEST_TMPDIR/root
	cp -a "$FIXTURES/qemu-q35/root" "$R"
	mkdir -p "$R/etc/vfio-gpu"
	CONF=$R/etc/vfio-gpu/vfio-gpu.conf
	DEV=$R/sys/bus/pci/devices
	REPORT=$R/run/vfio-gpu/boot.json
}

# conf TEXT: the file's content (printf format: \n, \r).
conf() {
	# shellcheck disable=SC2059
	printf "$1" >"$CONF"
}

claims() {
	printf '%s\n' "$output" | grep -E '^(claim|refuse|error|bad) '
}

@test "conf: the file alone selects; its lines say source=file" {
	conf '# card B, the only one for guests\nvfio-gpu.addrs=02:00.0 # GPU\n'
	dry "$R" quiet
	assert_success
	run claims
	assert_output "claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci source=file
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=group target=vfio_pci source=file"
}

@test "conf: lists accumulate, file first, each line its own source" {
	conf 'vfio-gpu.addrs=02:00.0\n'
	dry "$R" vfio-gpu.addrs=01:00.0 vfio-gpu.addrs=02:00.0
	assert_success
	run claims
	assert_output "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci source=cmdline
claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=group target=vfio_pci source=cmdline
claim 0000:01:00.2 1b36:000d group=7 was=xhci_hcd by=group target=vfio_pci source=cmdline
claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci source=file,cmdline
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=group target=vfio_pci source=file,cmdline"
}

@test "conf: without a file the lines have no source field (unchanged)" {
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_success
	refute_output --partial "source="
}

@test "conf: a later scalar wins: dry_run in the file, dry_run=0 on the line claims" {
	conf 'vfio-gpu.addrs=02:00.0 vfio-gpu.dry_run\n'
	real "$R" vfio-gpu.dry_run=0
	assert_success
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vfio-pci"
}

@test "conf: a later scalar wins: dry_run=0 in the file, dry_run on the line writes nothing" {
	conf 'vfio-gpu.addrs=02:00.0 vfio-gpu.dry_run=0\n'
	real "$R" vfio-gpu.dry_run
	assert_success
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "(null)"
}

@test "conf: vfio-gpu.off on the line wins over a file that selects (and says on)" {
	conf 'vfio-gpu.addrs=02:00.0 vfio-gpu=on vfio-gpu.off=0\n'
	real "$R" vfio-gpu.off
	assert_success
	use_stderr
	assert_output --partial "disabled by vfio-gpu.off on the kernel command line"
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "(null)"
	[ ! -e "$REPORT" ]
}

@test "conf: vfio-gpu=off on the line wins too" {
	conf 'vfio-gpu.addrs=02:00.0\n'
	real "$R" vfio-gpu=off
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "(null)"
}

@test "conf: off in the file alone turns it off, and the summary names the file" {
	conf 'vfio-gpu.addrs=02:00.0\nvfio-gpu.off\n'
	real "$R" quiet
	assert_success
	use_stderr
	assert_output --partial "disabled by vfio-gpu.off in /etc/vfio-gpu/vfio-gpu.conf"
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "(null)"
}

@test "conf: bad lines are named by file:line and skipped, the rest applies (CRLF too)" {
	conf 'vfio-gpu.addrs=02:00.0\r\nquiet splash\r\n\r\nvfio-gpu.groups=x9 # typo\r\n'
	dry "$R" quiet
	assert_failure 1
	run claims
	assert_output "bad quiet token='' source=file at=/etc/vfio-gpu/vfio-gpu.conf:2
bad splash token='' source=file at=/etc/vfio-gpu/vfio-gpu.conf:2
bad vfio-gpu.groups token='x9' source=file at=/etc/vfio-gpu/vfio-gpu.conf:4
claim 0000:02:00.0 1234:1111 group=8 was=bochs-drm by=addrs target=vfio_pci source=file
claim 0000:02:00.1 8086:293e group=8 was=snd_hda_intel by=group target=vfio_pci source=file"
}

@test "conf: at boot a bad line is a warning quoting the token, file and line" {
	conf 'vfio-gpu.addrs=02:00.0\nvfio-gpu.ids=1234:zzzz\n'
	real "$R" quiet
	assert_success
	use_stderr
	assert_output --partial "warning: ignoring vfio-gpu.ids token='1234:zzzz' source=file at=/etc/vfio-gpu/vfio-gpu.conf:2 (malformed)"
	run cat "$DEV/0000:02:00.0/driver_override"
	assert_output "vfio-pci"
}

@test "conf: a quote spans lines as on the command line" {
	conf 'vfio_pci.ids="a\nb" vfio-gpu.addrs=02:00.0\n'
	dry "$R" quiet
	assert_success
	assert_output --partial "args='ids=a\\x0ab'"
}

refused() {
	dry "$R" vfio-gpu.addrs=01:00.0
	assert_failure 1
	run claims
	assert_output "claim 0000:01:00.0 1234:1111 group=7 was=bochs-drm by=addrs target=vfio_pci
claim 0000:01:00.1 8086:293e group=7 was=snd_hda_intel by=group target=vfio_pci
claim 0000:01:00.2 1b36:000d group=7 was=xhci_hcd by=group target=vfio_pci"
	# The reason is the C library's strerror (klibc, musl and glibc word
	# it differently); the file and the consequence are ours.
	use_stderr
	assert_output --regexp "warning: ignoring /etc/vfio-gpu/vfio-gpu.conf: [^;]+; the kernel command line alone applies"
}

@test "conf: a symbolic link is refused, the command line alone applies" {
	printf 'vfio-gpu.addrs=02:00.0\n' >"$BATS_TEST_TMPDIR/elsewhere"
	ln -s "$BATS_TEST_TMPDIR/elsewhere" "$CONF"
	refused
}

@test "conf: a FIFO is refused without blocking" {
	mkfifo "$CONF"
	refused
}

@test "conf: a directory is refused" {
	mkdir "$CONF"
	refused
}

@test "conf: a file over 4096 bytes is refused whole" {
	{
		echo vfio-gpu.addrs=02:00.0
		head -c 4096 /dev/zero | tr '\0' ' '
	} >"$CONF"
	refused
}

@test "conf: a missing file is silent" {
	rmdir "$R/etc/vfio-gpu"
	dry "$R" vfio-gpu.addrs=02:00.0
	assert_success
	use_stderr
	refute_output --partial "conf"
}

py() {
	run -0 python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$REPORT" "$1"
}

@test "conf: the boot report names the file and each entry's source" {
	conf 'vfio-gpu.addrs=02:00.0 vfio-gpu.groups=99\n'
	real "$R" vfio-gpu.addrs=01:00.0
	assert_success
	py 'd["params"]["addrs"], d["params"]["file"], d["params"]["sources"]'
	assert_output "(['0000:02:00.0', '0000:01:00.0'], '/etc/vfio-gpu/vfio-gpu.conf', {'ids': [], 'addrs': ['file', 'cmdline'], 'groups': ['file']})"
	py '[(x.get("address", x.get("entry")), x["source"]) for x in d["decisions"] if x["kind"] in ("claim", "error")]'
	assert_output "[('0000:01:00.0', 'cmdline'), ('0000:01:00.1', 'cmdline'), ('0000:01:00.2', 'cmdline'), ('0000:02:00.0', 'file'), ('0000:02:00.1', 'file'), ('vfio-gpu.groups=99', 'file')]"
}
