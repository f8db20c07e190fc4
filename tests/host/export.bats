#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu export nova|kubevirt on the real QEMU capture: entries per
# vendor:device of the functions the next boot claims (the plan's records),
# with an address where the host keeps an identical function.
load helpers

setup() {
	common_setup
}

@test "export nova: a card is one unit: its primary function by address (card B and the boot VGA share its ids), siblings not offered" {
	run -0 "$VG" --root "$Q35" export nova --cmdline 'vfio-gpu.addrs=01:00.0'
	assert_line '[pci]'
	assert_line 'device_spec = {"vendor_id": "1234", "product_id": "1111", "address": "0000:01:00.0"}'
	assert_line 'alias = {"name": "vfio-gpu-1234-1111", "vendor_id": "1234", "product_id": "1111", "device_type": "type-PCI"}'
	assert_line --partial '# Not offered: 2 function(s) of these cards'
	refute_line --partial '"293e"'
	refute_line --partial '"000d"'
	refute_line --partial '0000:02:00.0'
	refute_line --partial '0000:00:01.0'
	refute_output --partial 'with-siblings: nova'
}

@test "export nova --with-siblings: every function offered, with a warning that nova cannot keep a card together" {
	run -0 "$VG" --root "$Q35" export nova --with-siblings --cmdline 'vfio-gpu.addrs=01:00.0'
	assert_line 'device_spec = {"vendor_id": "1234", "product_id": "1111", "address": "0000:01:00.0"}'
	assert_line 'device_spec = {"vendor_id": "8086", "product_id": "293e", "address": "0000:01:00.1"}'
	assert_line 'device_spec = {"vendor_id": "1b36", "product_id": "000d"}'
	assert_line 'alias = {"name": "vfio-gpu-1b36-000d", "vendor_id": "1b36", "product_id": "000d", "device_type": "type-PCI"}'
	assert_output --partial 'warning: --with-siblings: nova schedules each function on its own'
	assert_line --partial '# WARNING: --with-siblings'
}

@test "export nova: two cards named by a sibling's ids give their primaries, one alias per id" {
	run -0 "$VG" --root "$Q35" export nova --cmdline 'vfio-gpu.ids=8086:293e'
	assert_line 'device_spec = {"vendor_id": "1234", "product_id": "1111", "address": "0000:01:00.0"}'
	assert_line 'device_spec = {"vendor_id": "1234", "product_id": "1111", "address": "0000:02:00.0"}'
	[ "$(echo "$output" | grep -c '^alias = .*"1234"')" -eq 1 ] || fail "one alias for 1234:1111"
	[ "$(echo "$output" | grep -c '^device_spec = ')" -eq 2 ] || fail "two device_specs"
	run -0 "$VG" --root "$Q35" export nova --with-siblings --cmdline 'vfio-gpu.ids=8086:293e'
	[ "$(echo "$output" | grep -c '^device_spec = .*"293e"')" -eq 1 ] || fail "one device_spec for 8086:293e"
}

@test "export nova: the lines are the JSON nova reads (each value parses)" {
	run -0 "$VG" --root "$Q35" export nova --with-siblings --cmdline 'vfio-gpu.addrs=01:00.0'
	echo "$output" | sed -n 's/^\(device_spec\|alias\) = //p' | jq -e -s 'length == 6 and all(.vendor_id | test("^[0-9a-f]{4}$"))' >/dev/null
}

@test "export kubevirt: the primary function of each card only, upper-case selector, the HostDevices gate" {
	run -0 "$VG" --root "$Q35" export kubevirt --cmdline 'vfio-gpu.ids=8086:293e'
	assert_line '    permittedHostDevices:'
	assert_line '      featureGates: [HostDevices]'
	assert_line '      - pciVendorSelector: "1234:1111"'
	assert_line '        resourceName: "vfio-gpu/1234_1111"'
	assert_line '        externalResourceProvider: false'
	assert_line --partial 'one group is one allocatable resource'
	[ "$(echo "$output" | grep -c 'pciVendorSelector')" -eq 1 ] || fail "one vendor:device entry"
	refute_output --partial 'not vfio-pci'
	# The snippet is YAML with the CR's field names.
	echo "$output" | grep -v '^vfio-gpu:' | python3 -c 'import sys, yaml; d = yaml.safe_load(sys.stdin)["spec"]["configuration"]; assert d["developerConfiguration"]["featureGates"] == ["HostDevices"]; assert set(d["permittedHostDevices"]["pciHostDevices"][0]) == {"pciVendorSelector", "resourceName", "externalResourceProvider"}'
	# Every entry as the CRD types it (strings, a boolean) and as Kubernetes
	# takes an extended resource name (a DNS-subdomain prefix, a slash, a
	# qualified name of at most 63 characters).
	echo "$output" | grep -v '^vfio-gpu:' | python3 -c '
import re, sys, yaml
for e in yaml.safe_load(sys.stdin)["spec"]["configuration"]["permittedHostDevices"]["pciHostDevices"]:
    assert re.fullmatch(r"[0-9A-F]{4}:[0-9A-F]{4}", e["pciVendorSelector"]), e
    prefix, name = e["resourceName"].split("/")
    assert re.fullmatch(r"[a-z0-9]([-a-z0-9.]*[a-z0-9])?", prefix) and len(prefix) <= 253, e
    assert re.fullmatch(r"[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?", name) and len(name) <= 63, e
    assert e["externalResourceProvider"] is False, e'
}

@test "export: nothing claimed, or a plan with a refusal, is exit 1 and says why" {
	run -1 "$VG" --root "$Q35" export nova --cmdline 'quiet'
	assert_output --partial 'the next boot claims nothing: see vfio-gpu plan'
	run -1 "$VG" --root "$Q35" export nova --cmdline 'vfio-gpu.addrs=01:00.0,03:00.0'
	assert_output --partial 'only what it claims is exported'
	assert_output --partial '"address": "0000:01:00.0"'
}

@test "export: the operand is nova or kubevirt" {
	run -2 "$VG" --root "$Q35" export openstack
	assert_output --partial 'export takes one operand: nova, kubevirt or libvirt'
	run -2 "$VG" --root "$Q35" export
}

@test "export nova: device_type is what nova's libvirt driver will call the function (PF, VF, PCI)" {
	r=$BATS_TEST_TMPDIR/root
	cp -a "$Q35" "$r"
	# An SR-IOV capable function (libvirt: virt_functions) is a PF to nova,
	# a function with a physfn link (libvirt: phys_function) a VF.
	echo 8 >"$r/sys/bus/pci/devices/0000:01:00.0/sriov_totalvfs"
	ln -s ../0000:01:00.0 "$r/sys/bus/pci/devices/0000:01:00.0/../0000:01:00.2/physfn"
	# A VF is no sibling of its PF (lib/select.c vg_same_slot): it is named
	# itself, or it would be a bystander of the PF's group.
	run -0 "$VG" --root "$r" export nova --with-siblings --cmdline 'vfio-gpu.addrs=01:00.0,01:00.2'
	assert_line 'alias = {"name": "vfio-gpu-1234-1111", "vendor_id": "1234", "product_id": "1111", "device_type": "type-PF"}'
	assert_line 'alias = {"name": "vfio-gpu-1b36-000d", "vendor_id": "1b36", "product_id": "000d", "device_type": "type-VF"}'
	assert_line 'alias = {"name": "vfio-gpu-8086-293e", "vendor_id": "8086", "product_id": "293e", "device_type": "type-PCI"}'
	# The scheduler filter and the flavor property are named.
	assert_line --partial 'PciPassthroughFilter'
	assert_line --partial '"pci_passthrough:alias"=NAME:1'
}

# The libvirt output in a minimal domain, checked against libvirt's own schema.
libvirt_domain() {
	{
		echo "<domain type='kvm'><name>t</name><memory>1024</memory><os><type arch='x86_64' machine='q35'>hvm</type></os>"
		echo "$1" | sed -n '/^<features>/,/^<\/features>/p'
		echo "<devices>"
		echo "$1" | sed -n '/^<hostdev/,/^<\/hostdev>/p'
		echo "</devices></domain>"
	} >"$BATS_TEST_TMPDIR/domain.xml"
	virt-xml-validate "$BATS_TEST_TMPDIR/domain.xml" domain
}

@test "export libvirt: one hostdev per function, the card on one guest slot, valid for domain.rng" {
	command -v virt-xml-validate >/dev/null || skip "virt-xml-validate (libvirt-clients) not installed"
	run -0 "$VG" --root "$Q35" export libvirt --cmdline 'vfio-gpu.addrs=01:00.0'
	[ "$(echo "$output" | grep -c "^<hostdev mode='subsystem' type='pci' managed='no'>")" -eq 3 ] || fail "three hostdevs"
	assert_line "    <address domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>"
	assert_line "  <address type='pci' domain='0x0000' bus='0x00' slot='0x10' function='0x0' multifunction='on'/>"
	assert_line "  <address type='pci' domain='0x0000' bus='0x00' slot='0x10' function='0x2'/>"
	refute_output --partial '<features>'
	refute_output --partial "bus='0x02'"
	libvirt_domain "$output"
}

@test "export libvirt --hide-kvm: the kvm hidden and hyperv vendor_id features, valid in a domain" {
	command -v virt-xml-validate >/dev/null || skip "virt-xml-validate (libvirt-clients) not installed"
	run -0 "$VG" --root "$Q35" export libvirt --hide-kvm --cmdline 'vfio-gpu.ids=8086:293e'
	assert_line "    <hidden state='on'/>"
	assert_line --partial "<vendor_id state='on' value="
	# Two cards: two guest slots, each with its function 0 multifunction.
	assert_line "  <address type='pci' domain='0x0000' bus='0x00' slot='0x11' function='0x0' multifunction='on'/>"
	libvirt_domain "$output"
}

@test "export kubevirt: a primary function bound to a variant driver is warned about, on stderr and in the YAML" {
	q35_copy
	mods=$(echo "$R"/lib/modules/*)
	echo 'alias vfio_pci:v00001234d00001111sv*sd*bc*sc*i* vgtest_vfio_pci' >>"$mods/modules.alias"
	echo "kernel/drivers/vfio/pci/vgtest_vfio_pci.ko: kernel/drivers/vfio/pci/vfio-pci-core.ko kernel/drivers/vfio/vfio_virqfd.ko kernel/drivers/vfio/vfio.ko kernel/virt/lib/irqbypass.ko" >>"$mods/modules.dep"
	: >"$mods/kernel/drivers/vfio/pci/vgtest_vfio_pci.ko"
	run -0 --separate-stderr "$VG" --root "$R" export kubevirt --cmdline 'vfio-gpu.addrs=02:00.0'
	assert_line '# WARNING: 0000:02:00.0 goes to vgtest_vfio_pci, not vfio-pci: KubeVirt offers only'
	assert_line '      - pciVendorSelector: "1234:1111"'
	[[ $stderr == *"warning: 0000:02:00.0 goes to vgtest_vfio_pci, not vfio-pci"* ]] || fail "no warning on stderr: $stderr"
	# With vfio-gpu.variants=0 the binder takes plain vfio-pci: no warning.
	run -0 "$VG" --root "$R" export kubevirt --cmdline 'vfio-gpu.addrs=02:00.0 vfio-gpu.variants=0'
	refute_output --partial 'not vfio-pci'
}

# nova's own parsing and scheduling rules (tests/host/nova-conf-check, written
# from nova's whitelist.py, devspec.py and request.py) on what we print: every
# line parses, and every alias matches a function a device_spec allows, with
# the device_type nova gives that function.
nova_accepts() {
	run -0 --separate-stderr "$VG" --root "$1" export nova "${@:2}"
	printf '%s\n' "$output" | "$TOP/tests/host/nova-conf-check" "$1"
}

gpu_server_root() {
	mkdir -p "$R"
	cp -a "$FIX/gpu-server/root/." "$R/"
	"$FIX/mkroot" "$FIX/gpu-server/devices" "$R"
}

@test "export nova: nova's parser and scheduler accept it on the q35 capture, the gpu-server and an SR-IOV PF" {
	nova_accepts "$Q35" --cmdline 'vfio-gpu.addrs=01:00.0'
	nova_accepts "$Q35" --with-siblings --cmdline 'vfio-gpu.ids=8086:293e'
	gpu_server_root
	nova_accepts "$R" --cmdline 'vfio-gpu.addrs=0000:02:00.0'
	nova_accepts "$R" --cmdline 'vfio-gpu.ids=10de:1e87 vfio-gpu.addrs=05:00.0'
	echo 16 >"$R/sys/bus/pci/devices/0000:02:00.0/sriov_totalvfs"
	nova_accepts "$R" --cmdline 'vfio-gpu.addrs=0000:02:00.0'
}

@test "nova-conf-check refuses what nova refuses (so the test above can fail)" {
	gpu_server_root
	good=$("$VG" --root "$R" export nova --cmdline 'vfio-gpu.addrs=0000:02:00.0' 2>/dev/null)
	printf '%s\n' "$good" | "$TOP/tests/host/nova-conf-check" "$R"
	for bad in 's/"type-PCI"/"type-PF"/' 's/0000:02:00.0/0000:02:20.0/' 's/"1e87", "device_type"/"1e8", "device_type"/' \
		's/"device_type"/"dev_type"/' 's/"address": "0000:02:00.0"/"address": "0000:03:00.0"/'; do
		changed=$(printf '%s\n' "$good" | sed "$bad")
		[ "$changed" != "$good" ]
		run -1 --separate-stderr "$TOP/tests/host/nova-conf-check" "$R" <<<"$changed"
		[[ $stderr == nova-conf-check:* ]]
	done
}

@test "export nova: an NVIDIA card gets the flavor's hw:hide_hypervisor_id advice, another vendor's does not" {
	gpu_server_root
	run -0 --separate-stderr "$VG" --root "$R" export nova --cmdline 'vfio-gpu.addrs=0000:02:00.0'
	assert_line --partial '--property hw:hide_hypervisor_id=true'
	run -0 --separate-stderr "$VG" --root "$R" export nova --cmdline 'vfio-gpu.addrs=0000:05:00.0'
	refute_output --partial 'hide_hypervisor_id'
}

@test "ansible/README.md's nova snippet is what export nova prints for the gpu-server fixture" {
	gpu_server_root
	run -0 --separate-stderr "$VG" --root "$R" export nova --cmdline 'vfio-gpu.ids=10de:1e87'
	# The fenced block that begins with the tool's first line.
	snippet=$(awk '/^```/ { if (on) exit; fence = 1; next }
		fence && /^# nova-compute.conf/ { on = 1 } { fence = 0 } on' "$TOP/ansible/README.md")
	[ -n "$snippet" ]
	[ "$snippet" = "$output" ]
}
