#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# SPEC "What gets claimed" rule 6 on the gpu-server fixture: an addrs entry's
# identity pin (ADDR@VVVV:DDDD[:SSSS:ssss]). A pin that holds names the
# function (pin=ok); one that does not refuses the group that holds the
# address (reason=changed, want= and found=), and a pinned address that holds
# nothing is changed with found=none, never "no match". Decided before
# anything is written; the boot goes on.

load helpers

setup_file() {
	export R=$BATS_FILE_TMPDIR/root
	make_root gpu-server "$R"
}

@test "a pin that holds: claimed, the plan says pin=ok" {
	dry "$R" vfio-gpu.addrs=0000:02:00.0@10de:1e87
	assert_success
	assert_line "claim 0000:02:00.0 10de:1e87 group=2 was=nouveau by=addrs target=vfio_pci pin=ok"
	assert_line "claim 0000:02:00.1 10de:10f8 group=2 was=snd_hda_intel by=group target=vfio_pci"
}

@test "a subsystem pin that holds" {
	dry "$R" vfio-gpu.addrs=02:00.0@10de:1e87:1458:37a8
	assert_success
	assert_line --partial "claim 0000:02:00.0 10de:1e87 group=2 was=nouveau by=addrs target=vfio_pci pin=ok"
}

@test "a wrong pin refuses the group: want and found, nothing claimed there" {
	dry "$R" vfio-gpu.addrs=02:00.0@10de:1b81
	assert_failure 1
	assert_output "refuse group=2 reason=changed dev=0000:02:00.0 want=10de:1b81 found=10de:1e87"
}

@test "a wrong subsystem pin shows the subsystem found" {
	dry "$R" vfio-gpu.addrs=02:00.0@10de:1e87:1043:85a4
	assert_failure 1
	assert_output "refuse group=2 reason=changed dev=0000:02:00.0 want=10de:1e87:1043:85a4 found=10de:1e87:1458:37a8"
}

@test "the root NVMe at a pinned GPU's old address is not taken" {
	local r=$BATS_TEST_TMPDIR/root
	# The same box after a card was added: 0000:02:00.0 is now the disk.
	mkdir -p "$r"
	cp -a "$FIXTURES/gpu-server/root/." "$r/"
	grep -v '^0000:02:00' "$FIXTURES/gpu-server/devices" >"$BATS_TEST_TMPDIR/moved"
	echo '0000:02:00.0 144d:a808 144d:a801 010802 2 nvme parent=0000:00:01.1' >>"$BATS_TEST_TMPDIR/moved"
	"$FIXTURES/mkroot" "$BATS_TEST_TMPDIR/moved" "$r"
	dry "$r" vfio-gpu.addrs=02:00.0@10de:1e87
	assert_failure 1
	assert_output "refuse group=2 reason=changed dev=0000:02:00.0 want=10de:1e87 found=144d:a808"
	# Unpinned, the address names the disk (refused only for being one).
	dry "$r" vfio-gpu.addrs=02:00.0
	refute_line --partial "reason=changed"
}

@test "a pinned address that holds no function: group=none, found=none" {
	dry "$R" vfio-gpu.addrs=0000:09:00.0@10de:1e87
	assert_failure 1
	assert_output "refuse group=none reason=changed dev=0000:09:00.0 want=10de:1e87 found=none"
	refute_output --partial no-match
}

@test "a malformed pin is a bad token quoted whole; the list's other entries apply" {
	dry "$R" vfio-gpu.addrs=02:00.0@10de,01:00.0@10de:1e87
	assert_failure 1
	assert_line "bad vfio-gpu.addrs token='02:00.0@10de'"
	assert_line "claim 0000:01:00.0 10de:1e87 group=1 was=nouveau by=addrs target=vfio_pci pin=ok"
	refute_line --partial "claim 0000:02:00"
}

@test "--validate: bad-pin for a pin of the wrong form, malformed for a bad address" {
	run "$BIN" --validate vfio-gpu.addrs=01:00.0@10de:1e87 vfio-gpu.addrs=01:00.0@10de:* \
		vfio-gpu.addrs=01:00@10de:1e87 vfio-gpu.addrs=01:00.0@
	assert_failure 1
	assert_output "ok vfio-gpu.addrs=01:00.0@10de:1e87
bad vfio-gpu.addrs=01:00.0@10de:* reason=bad-pin
bad vfio-gpu.addrs=01:00@10de:1e87 reason=malformed
bad vfio-gpu.addrs=01:00.0@ reason=bad-pin"
}

@test "boot: a wrong pin writes nothing, logs the pin and the boot goes on" {
	local r=$BATS_TEST_TMPDIR/root
	make_root gpu-server "$r"
	real "$r" vfio-gpu.addrs=02:00.0@10de:1b81,01:00.0@10de:1e87
	assert_success
	run cat "$r/sys/bus/pci/devices/0000:02:00.0/driver_override" \
		"$r/sys/bus/pci/devices/0000:02:00.1/driver_override"
	refute_output --partial vfio-pci
	run cat "$r/sys/bus/pci/devices/0000:01:00.0/driver_override"
	assert_output vfio-pci
	assert_stderr --partial "refusing IOMMU group 2: vfio-gpu.addrs=0000:02:00.0@10de:1b81 but 0000:02:00.0 holds 10de:1e87"
	run -0 python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(d["params"]["addrs"])
for r in d["decisions"]:
    if r["kind"] in ("claim", "refuse") and r.get("dev", r.get("address")) in ("0000:02:00.0", "0000:01:00.0"):
        print({k: r[k] for k in ("kind", "reason", "want", "found", "pin") if k in r})' "$r/run/vfio-gpu/boot.json"
	assert_output "['0000:02:00.0@10de:1b81', '0000:01:00.0@10de:1e87']
{'kind': 'claim', 'pin': 'ok'}
{'kind': 'refuse', 'reason': 'changed', 'want': '10de:1b81', 'found': '10de:1e87'}"
}
