#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Published real IOMMU-group listings (tests/fixtures/real/NAME: the source
# and what was approximated in each devices file) turned into fake roots, and
# the plan SPEC v3 "What gets claimed" gives for what a user of that machine
# would write (tests/fixtures/real/NAME/cases). One test per case.

load helpers

@test "b550-aorus-pro guest-both-ids: The guest card by both of its ids" {
	real_case b550-aorus-pro guest-both-ids
}
@test "b550-aorus-pro guest-vga-only: Only the VGA named" {
	real_case b550-aorus-pro guest-vga-only
}
@test "b550-aorus-pro chipset-card: The host card in the chipset slot" {
	real_case b550-aorus-pro chipset-card
}
@test "b550-aorus-pro chipset-group: groups=15 is no consent for a host-critical function" {
	real_case b550-aorus-pro chipset-group
}
@test "b550-aorus-pro matisse-usb-exact: The CPU's own USB controller by its exact id" {
	real_case b550-aorus-pro matisse-usb-exact
}
@test "b550-aorus-pro typo-address: A mistyped address selects nothing" {
	real_case b550-aorus-pro typo-address
}
@test "b550-aorus-pro chipset-all-named: every host-critical function of the chipset group named" {
	real_case b550-aorus-pro chipset-all-named
}
@test "x570-aorus-pro-wifi guest-all-ids: the guest card, every function by its exact id" {
	real_case x570-aorus-pro-wifi guest-all-ids
}
@test "x570-aorus-pro-wifi guest-vga-only: The VGA alone" {
	real_case x570-aorus-pro-wifi guest-vga-only
}
@test "x570-aorus-pro-wifi host-card-no-consent: The split host card by its ids" {
	real_case x570-aorus-pro-wifi host-card-no-consent
}
@test "x570-aorus-pro-wifi host-card-consent: The same with boot_vga=1" {
	real_case x570-aorus-pro-wifi host-card-consent
}
@test "x570-aorus-pro-wifi audio-group: groups=32" {
	real_case x570-aorus-pro-wifi audio-group
}
@test "x570-aorus-pro-wifi audio-pin-changed: a wrong pin on the audio refuses the whole card" {
	real_case x570-aorus-pro-wifi audio-pin-changed
}
@test "skylake-two-cards guest-card: the guest card in a group with the host card" {
	real_case skylake-two-cards guest-card
}
@test "skylake-two-cards amd-card-consent: The RX 580 with consent for the boot VGA" {
	real_case skylake-two-cards amd-card-consent
}
@test "skylake-two-cards whole-group: groups=1 covers every function but is no consent for the boot VGA" {
	real_case skylake-two-cards whole-group
}
@test "skylake-two-cards both-cards-named: Both cards named" {
	real_case skylake-two-cards both-cards-named
}
@test "cezanne-500-chipset guest-card: the guest RTX 2060 by its ids" {
	real_case cezanne-500-chipset guest-card
}
@test "cezanne-500-chipset amd-wildcard: all AMD graphics by a vendor wildcard" {
	real_case cezanne-500-chipset amd-wildcard
}
@test "cezanne-500-chipset apu-consent: The APU by exact ids with boot_vga=1" {
	real_case cezanne-500-chipset apu-consent
}
@test "cezanne-500-chipset wifi-in-chipset-group: The Wi-Fi card by its exact id" {
	real_case cezanne-500-chipset wifi-in-chipset-group
}
@test "cezanne-500-chipset pin-changed: A pin written for another card" {
	real_case cezanne-500-chipset pin-changed
}
@test "cezanne-500-chipset pin-holds: The pin that holds" {
	real_case cezanne-500-chipset pin-holds
}
@test "laptop-14acn6 audio-functions: the three audio functions by address" {
	real_case laptop-14acn6 audio-functions
}
@test "laptop-14acn6 whole-apu-by-address: Every function by address" {
	real_case laptop-14acn6 whole-apu-by-address
}
@test "cometlake-gtx1660s card-by-vga-id: four functions and the root port" {
	real_case cometlake-gtx1660s card-by-vga-id
}
@test "cometlake-gtx1660s igpu-no-consent: The iGPU by its exact id without boot_vga=1" {
	real_case cometlake-gtx1660s igpu-no-consent
}
@test "cometlake-gtx1660s igpu-consent: The iGPU by its exact id with boot_vga=1" {
	real_case cometlake-gtx1660s igpu-consent
}
@test "cometlake-gtx1660s pch-usb-group: The PCH's USB controller" {
	real_case cometlake-gtx1660s pch-usb-group
}
@test "cometlake-gtx1660s pch-usb-exact: The PCH's USB controller by its exact id" {
	real_case cometlake-gtx1660s pch-usb-exact
}
@test "cometlake-gtx1660s pin-changed: A pin written for a GTX 1660" {
	real_case cometlake-gtx1660s pin-changed
}
@test "cometlake-gtx1660s pin-nothing-there: A pinned address that holds nothing" {
	real_case cometlake-gtx1660s pin-nothing-there
}
@test "cometlake-gtx1660s typo-id: A mistyped id selects nothing" {
	real_case cometlake-gtx1660s typo-id
}
@test "cometlake-gtx1660s pin-on-bridge: a wrong pin on a bridge address refuses its group" {
	real_case cometlake-gtx1660s pin-on-bridge
}
@test "optimus-hm87 dgpu: the 3D controller and its audio by ids" {
	real_case optimus-hm87 dgpu
}
@test "optimus-hm87 pch-group: The PCH group by number" {
	real_case optimus-hm87 pch-group
}
@test "optimus-hm87 wifi-exact: The Wi-Fi card by its exact id" {
	real_case optimus-hm87 wifi-exact
}
@test "optimus-hm87 wifi-wildcard: The Wi-Fi card by a vendor wildcard" {
	real_case optimus-hm87 wifi-wildcard
}
@test "hgx-h200 nvswitches: class 0680 is not a bridge" {
	real_case hgx-h200 nvswitches
}
@test "hgx-h200 baseboard: The whole baseboard" {
	real_case hgx-h200 baseboard
}
@test "hgx-h200 nvswitch-group: The switches' group by number" {
	real_case hgx-h200 nvswitch-group
}
@test "z97-gtx760 vga-address: the VGA by address brings its audio" {
	real_case z97-gtx760 vga-address
}
@test "z97-gtx760 nic-group: The NIC's group by number" {
	real_case z97-gtx760 nic-group
}
@test "z97-gtx760 nic-address: The NIC by address" {
	real_case z97-gtx760 nic-address
}
@test "plx-8x2080ti two-pinned-cards: two identical cards by pinned address" {
	real_case plx-8x2080ti two-pinned-cards
}
@test "plx-8x2080ti pin-on-switch-port: a wrong pin on a switch port, a right one on a card" {
	real_case plx-8x2080ti pin-on-switch-port
}
@test "plx-8x2080ti ucsi-address: a card's UCSI function by address brings the card" {
	real_case plx-8x2080ti ucsi-address
}
@test "asus-gl552vw card-reader: a sibling NIC is covered, not consented" {
	real_case asus-gl552vw card-reader
}
@test "asus-gl552vw reader-and-nic: both functions by exact ids" {
	real_case asus-gl552vw reader-and-nic
}
