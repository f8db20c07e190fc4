#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu list: groups, functions, names from pci.ids, drivers, boot VGA,
# viability, the IOMMU-off case, and the JSON form.
load helpers

setup() {
	common_setup
}

@test "list on the real capture: every group, viability from the drivers" {
	run -0 "$VG" --root "$Q35" list
	assert_line "IOMMU group 7: not viable (0000:01:00.0 on bochs-drm, 0000:01:00.1 on snd_hda_intel, 0000:01:00.2 on xhci_hcd)"
	assert_line "IOMMU group 9: not viable (0000:03:00.0 on virtio-pci, 0000:03:00.1 on e1000e)"
	# bridges on pcieport and functions without a driver do not stand in the way
	assert_line "IOMMU group 2: viable"
	assert_line "IOMMU group 0: viable"
	# the pcie-pci bridge without a driver is fine, the serial port on its driver is not
	assert_line "IOMMU group 10: not viable (0000:05:01.0 on snd_ens1370, 0000:05:02.0 on serial)"
	assert_line --regexp '^  0000:00:01\.0 \[0300\] 1234:1111 bochs-drm +boot-vga$'
	assert_line --regexp '^  0000:04:00\.0 \[0604\] 1b36:000e \(no driver\)$'
	assert_equal "$(grep -c '^IOMMU group ' <<<"$output")" 11
	assert_equal "$(grep -c '^  0000:' <<<"$output")" 19
	assert_equal "$(grep -c 'boot-vga' <<<"$output")" 1
	# a root without pci.ids: no names, and no complaint
	refute_output --partial "Intel Corporation"
	refute_output --partial "error"
}

@test "list names functions from the installed pci.ids (real Debian file)" {
	[ -r /usr/share/misc/pci.ids ] || skip "package pci.ids not installed"
	q35_copy
	mkdir -p "$R/usr/share/misc"
	cp /usr/share/misc/pci.ids "$R/usr/share/misc/pci.ids"
	run -0 "$VG" --root "$R" list
	assert_line --regexp '^  0000:03:00\.1 \[0200\] 8086:10d3 e1000e +Ethernet controller: Intel Corporation 82574L Gigabit Network Connection$'
	assert_line --regexp '^  0000:01:00\.2 \[0c03\] 1b36:000d xhci_hcd +USB controller: Red Hat, Inc\. QEMU XHCI Host Controller$'
}

@test "list finds pci.ids under usr/share/hwdata too, and survives odd lines" {
	q35_copy
	mkdir -p "$R/usr/share/hwdata"
	cp "$FIX/host-pciids/pci.ids" "$R/usr/share/hwdata/pci.ids"
	run -0 "$VG" --root "$R" list
	# device known
	assert_line --regexp '^  0000:01:00\.1 \[0403\] 8086:293e snd_hda_intel +Audio device: Intel Corporation 82801I \(ICH9 Family\) HD Audio Controller$'
	# subclass unknown (0380): the base class name; vendor with odd characters
	assert_line --regexp '^  0000:01:00\.0 \[0380\] 1234:1111 bochs-drm +Display controller: Technical "Quoted" \\ Corp\. QEMU Virtual Video Controller$'
	# vendor known, device not
	assert_line --regexp '^  0000:02:00\.0 .*Display controller: Technical "Quoted" \\ Corp\. QEMU Virtual Video Controller$'
	assert_line --regexp '^  0000:04:00\.0 \[0604\] 1b36:000e \(no driver\) +Class 0604: Red Hat, Inc\. Device 000e$'
	# vendor unknown: ids only
	assert_line --regexp '^  0000:05:01\.0 \[0401\] 1274:5000 snd_ens1370 +Multimedia controller: Device 1274:5000$'
}

@test "list --json: valid JSON, names escaped, same facts as the text" {
	q35_copy
	mkdir -p "$R/usr/share/misc"
	cp "$FIX/host-pciids/pci.ids" "$R/usr/share/misc/pci.ids"
	run -0 --separate-stderr "$VG" --root "$R" list --json
	echo "$output" | jq -e . >/dev/null
	assert_equal "$(jq -r '.groups | length' <<<"$output")" 11
	assert_equal "$(jq -r '.iommu' <<<"$output")" true
	assert_equal "$(jq -r '.groups[] | select(.group == 7) | .viable' <<<"$output")" false
	assert_equal "$(jq -r '.groups[] | select(.group == 2) | .viable' <<<"$output")" true
	assert_equal "$(jq -r '.groups[].functions[] | select(.address == "0000:01:00.0") | .vendor_name' <<<"$output")" 'Technical "Quoted" \ Corp.'
	assert_equal "$(jq -r '.groups[].functions[] | select(.boot_vga) | .address' <<<"$output")" 0000:00:01.0
	assert_equal "$(jq -r '.groups[].functions[] | select(.address == "0000:00:00.0") | .driver' <<<"$output")" null
	assert_equal "$(jq -r '.groups[].functions[] | select(.address == "0000:04:00.0") | .bridge' <<<"$output")" true
	assert_equal "$(jq -r '.groups[].functions[] | select(.address == "0000:03:00.1") | .class' <<<"$output")" 020000
}

@test "list: vfio-pci, pci-stub and no driver make a group viable; a driver name with a quote stays valid JSON" {
	mkroot_desc <<-'EOF2'
	0000:00:01.0 8086:1901 8086:2015 060400 1 pcieport
	0000:01:00.0 10de:13d7 1458:3702 030000 1 vfio-pci parent=0000:00:01.0 mf=1
	0000:01:00.1 10de:0fbb 1458:3702 040300 1 pci-stub parent=0000:00:01.0
	0000:02:00.0 10de:13d7 1458:3702 030000 2 - 
	0000:02:00.1 10de:0fbb 1458:3702 040300 2 we"ird\drv
	0000:03:00.0 8086:1901 8086:2015 030000 3 vfio-pci-mlx
	EOF2
	run -0 "$VG" --root "$R" list
	assert_line "IOMMU group 1: viable"
	assert_line "IOMMU group 2: not viable (0000:02:00.1 on we\"ird\\drv)"
	assert_line "IOMMU group 3: viable"
	run -0 --separate-stderr "$VG" --root "$R" list --json
	assert_equal "$(jq -r '.groups[1].functions[1].driver' <<<"$output")" 'we"ird\drv'
}

@test "list with the IOMMU off says so and lists the functions without a group" {
	mkroot_desc <<-'EOF2'
	0000:00:02.0 8086:3e92 8086:2212 030000 - i915 boot_vga=1
	0000:01:00.0 10de:13d7 1458:3702 030000 - nouveau
	EOF2
	cp "$FIX/cmdline/cpuinfo.amd" "$R/proc/cpuinfo"
	run -0 "$VG" --root "$R" list
	assert_line "IOMMU is off: no IOMMU groups (enable the IOMMU (AMD-Vi) in the firmware setup; check there is no amd_iommu=off or iommu=off on the kernel command line)"
	assert_line "No IOMMU group:"
	assert_line --regexp '^  0000:00:02\.0 \[0300\] 8086:3e92 i915 +boot-vga$'
	assert_line --regexp '^  0000:01:00\.0 \[0300\] 10de:13d7 nouveau$'
	run -0 --separate-stderr "$VG" --root "$R" list --json
	assert_equal "$(jq -r '.iommu, (.ungrouped | length), .iommu_option' <<<"$output" | tr '\n' ' ')" "false 2 firmware "
}

@test "list on a root without sys/bus/pci names the path and the errno text" {
	mkdir -p "$R"
	run -1 "$VG" --root "$R" list
	assert_output --partial "cannot list PCI devices under $R/sys/bus/pci/devices: No such file or directory"
}

@test "list: an unreadable pci.ids is reported and the names left out" {
	q35_copy
	mkdir -p "$R/usr/share/misc/pci.ids"
	run -0 "$VG" --root "$R" list
	assert_line --partial "cannot read pci.ids (Is a directory), names left out"
	assert_line "IOMMU group 7: not viable (0000:01:00.0 on bochs-drm, 0000:01:00.1 on snd_hda_intel, 0000:01:00.2 on xhci_hcd)"
}

@test "list: a FIFO as an attribute does not hang the tool; the read is named" {
	q35_copy
	rm "$R/sys/bus/pci/devices/0000:02:00.0/uevent"
	mkfifo "$R/sys/bus/pci/devices/0000:02:00.0/uevent"
	run -0 timeout 20 "$VG" --root "$R" list
	assert_output --partial "0000:02:00.0: cannot read uevent: Invalid argument"
	assert_output --partial "0000:02:00.1 [0403] 8086:293e snd_hda_intel"
}

# Published real listings (tests/fixtures/real): the two shapes that make a
# selection fail, shown per group before the administrator picks.
real_root() {
	mkdir -p "$2"
	cp -a "$FIX/real/root/." "$2/"
	"$FIX/mkroot" "$FIX/real/$1/devices" "$2"
}

@test "list marks a group shared by several cards (B550: chipset USB and SATA, the RX card, the NIC)" {
	real_root b550-aorus-pro "$R"
	run -0 "$VG" --root "$R" list
	assert_line "  shared by 3 cards (0000:02:00, 0000:04:00, 0000:05:00): a selection of one is refused (bystander) unless the others are named too; in another slot a card may get a group of its own"
	assert_equal "$(grep -c '^  shared by' <<<"$output")" 1
	real_root skylake-two-cards "$BATS_TEST_TMPDIR/sky"
	run -0 "$VG" --root "$BATS_TEST_TMPDIR/sky" list
	assert_line --partial "  shared by 2 cards (0000:01:00, 0000:02:00)"
}

@test "list marks a card split over groups under each of its groups; on the q35 capture only the conventional PCI group is shared" {
	real_root b550-aorus-pro "$R"
	run -0 "$VG" --root "$R" list
	assert_equal "$(grep -c '^  card 0000:08:00 is split over groups 18, 19: they are claimed or refused together (card)$' <<<"$output")" 2
	run -0 "$VG" --root "$Q35" list
	refute_output --partial "split over"
	# Two devices behind the PCIe-to-PCI bridge share its group; the cards
	# on root ports have groups of their own.
	assert_equal "$(grep -A1 '^IOMMU group 10:' <<<"$output" | tail -n 1 | cut -c1-49)" "  shared by 2 cards (0000:05:01, 0000:05:02): a s"
	assert_equal "$(grep -c 'shared by' <<<"$output")" 1
}

@test "list --json gives each group's cards with every group each card spans" {
	real_root b550-aorus-pro "$R"
	run -0 "$VG" --root "$R" list --json
	jq -e '[.groups[] | select(.group == 18 or .group == 19) | .cards] == [[{"slot": "0000:08:00", "groups": [18, 19]}], [{"slot": "0000:08:00", "groups": [18, 19]}]]' <<<"$output"
	jq -e '(.groups[] | select(.group == 15) | .cards | map(.slot)) == ["0000:02:00", "0000:04:00", "0000:05:00"]' <<<"$output"
	# a group of bridges only has no card
	jq -e '(.groups[] | select(.group == 0) | .cards) == []' <<<"$output"
}

@test "list: a name in pci.ids with control bytes reaches the terminal as '?', never raw; UTF-8 passes" {
	q35_copy
	mkdir -p "$R/usr/share/hwdata"
	cp "$FIX/host-pciids/pci.ids" "$R/usr/share/hwdata/pci.ids"
	# a vendor the file lacks, its name with a screen clear and a title
	printf '1274  Ensoniq \033[2J\033]0;owned\a Ltd\n\t5000  AudioPCI \303\234ber\n' >>"$R/usr/share/hwdata/pci.ids"
	run -0 "$VG" --root "$R" list
	refute_output --partial $'\e'
	refute_output --partial $'\a'
	assert_line --regexp '^  0000:05:01\.0 \[0401\] 1274:5000 snd_ens1370 +Multimedia controller: Ensoniq \?\[2J\?\]0;owned\? Ltd AudioPCI Über$'
}
