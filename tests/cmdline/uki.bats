#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# A line locked in a signed unified kernel image (UKI): under Secure Boot
# systemd-stub uses the image's embedded command line and ignores the boot
# loader's (systemd-stub(7)), so add/remove/set on the line are refused and
# point to --target conf. Fake efivars in efivarfs's format (4 bytes of
# attributes, then the value; strings UTF-16LE with a NUL).
load helpers

G=8be4df61-93ca-11d2-aa0d-00e098032b8c
L=4a67b082-0a4c-41cf-b6c7-440b29bb8c4f

setup() {
	common_setup
	K=$R/etc/kernel/cmdline
	EV=$R/sys/firmware/efi/efivars
	mkdir -p "$R/etc/kernel" "$R/boot/efi/loader" "$EV" "$R/lib/modules/6.12.9-amd64"
	: >"$R/boot/efi/loader/loader.conf"
	: >"$R/boot/vmlinuz-6.12.9-amd64"
	cp "$FIX/kernel-cmdline" "$K"
	stub kernel-install
}

# secure_boot 0|1: the SecureBoot variable, its one value byte.
secure_boot() {
	case $1 in
	1) printf '\006\000\000\000\001' ;;
	*) printf '\006\000\000\000\000' ;;
	esac >"$EV/SecureBoot-$G"
}

# efi_string NAME VALUE: a Boot Loader Interface string variable.
efi_string() {
	{
		printf '\006\000\000\000'
		printf '%s' "$2" | sed 's/./&\n/g' | while IFS= read -r c; do [ -n "$c" ] && printf '%s\000' "$c"; done
		printf '\000\000'
	} >"$EV/$1-$L"
}

refused() {
	run -1 vgc "$@"
	assert_output --partial "error: the kernel command line is locked in a signed image: "
	assert_output --partial "Put the vfio-gpu.* tokens in /etc/vfio-gpu/vfio-gpu.conf instead: vfio-gpu-cmdline --target conf $1"
	cmp "$K" "$FIX/kernel-cmdline"
	for f in "$R"/etc/kernel/*vfio-gpu*; do [ ! -e "$f" ]; done
	[ ! -s "$LOG" ]
}

@test "Secure Boot on, booted entry a UKI (LoaderEntrySelected *.efi): add, remove and set refused; show says it" {
	secure_boot 1
	efi_string LoaderEntrySelected debian-6.12.9-amd64.efi
	refused add vfio-gpu.ids=10de:1b81
	assert_output --partial "this host booted the unified kernel image debian-6.12.9-amd64.efi (LoaderEntrySelected) under Secure Boot"
	refused remove quiet
	refused set vfio-gpu.groups=1
	run -0 vgc show
	assert_line "locked: this host booted the unified kernel image debian-6.12.9-amd64.efi (LoaderEntrySelected) under Secure Boot; use --target conf"
}

@test "Secure Boot on, UKI started without systemd-boot (StubInfo only): refused" {
	secure_boot 1
	efi_string StubInfo "systemd-stub 257.9-1"
	refused add vfio-gpu.debug
	assert_output --partial "this host booted a unified kernel image (systemd-stub's StubInfo) under Secure Boot"
}

@test "Secure Boot off: a UKI takes the loader's line, the edit goes on" {
	secure_boot 0
	efi_string LoaderEntrySelected debian-6.12.9-amd64.efi
	efi_string StubInfo "systemd-stub 257.9-1"
	run -0 vgc add vfio-gpu.debug
	assert_calls "kernel-install [add] [6.12.9-amd64] [/boot/vmlinuz-6.12.9-amd64]"
	run -0 vgc show
	refute_line --partial "locked:"
}

@test "Secure Boot on, a type #1 entry (a .conf, kernel and initrd apart): not locked" {
	secure_boot 1
	efi_string LoaderEntrySelected 0f3c4b2a-debian-6.12.9-amd64.conf
	run -0 vgc add vfio-gpu.debug
}

@test "layout=uki under Secure Boot without a signing key: refused; with ukify's SecureBootPrivateKey: kernel-install rebuilds and signs, allowed" {
	secure_boot 1
	printf 'layout=uki\n' >"$R/etc/kernel/install.conf"
	refused add vfio-gpu.debug
	assert_output --partial "kernel-install builds unified kernel images here (layout=uki), Secure Boot is on and no SecureBootPrivateKey in uki.conf signs them"
	printf '[UKI]\nSecureBootPrivateKey=/etc/kernel/secure-boot.key.pem\nSecureBootCertificate=/etc/kernel/secure-boot.cert.pem\n' >"$R/etc/kernel/uki.conf"
	efi_string LoaderEntrySelected debian-6.12.9-amd64.efi
	run -0 vgc add vfio-gpu.debug
	assert_calls "kernel-install [add] [6.12.9-amd64] [/boot/vmlinuz-6.12.9-amd64]"
}

@test "the back end named with --backend is not refused (the administrator's call)" {
	secure_boot 1
	efi_string LoaderEntrySelected debian-6.12.9-amd64.efi
	run -0 vgc --backend systemd-boot add vfio-gpu.debug
}

@test "no efivars (BIOS boot): not locked" {
	rmdir "$EV"
	run -0 vgc add vfio-gpu.debug
}
