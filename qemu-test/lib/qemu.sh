# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-test/lib/qemu.sh — boot one guest of the test machine under TCG.
# shellcheck shell=sh
# Sourced (POSIX sh); needs machine.sh. Never KVM: a KVM guest of this kernel
# hangs on MSRs on the test machines, and TCG is what CI has anyway.

# vg_qemu_boot KERNEL INITRD APPEND LOG [TIMEOUT]
# Boots with the serial console on LOG (everything the guest prints), without
# reboot: panic=-1 plus -no-reboot makes a kernel panic end QEMU at once, and the
# guest powers itself off at the end of a test. Returns QEMU's status (124 when
# `timeout` had to stop it). no_timer_check: under TCG on a busy host the
# kernel's early check of the timer through the remapped IO-APIC can miss
# and panic (panic_if_irq_remap) before init; it says nothing about us. VG_QEMU_EXTRA adds words after the console, so a
# `-serial` there becomes ttyS1.
vg_qemu_boot() {
	_k=$1 _i=$2 _a=$3 _log=$4 _t=${5:-${VG_BOOT_TIMEOUT:-240}}
	# shellcheck disable=SC2046,SC2086 # the machine words and VG_QEMU_EXTRA are split on purpose
	timeout --kill-after=10 "$_t" qemu-system-x86_64 $(vg_machine_args) \
		-nographic -no-reboot -monitor none -serial "file:$_log" ${VG_QEMU_EXTRA:-} \
		-kernel "$_k" -initrd "$_i" \
		-append "console=ttyS0 panic=-1 no_timer_check $_a" </dev/null >/dev/null 2>"$_log.qemu-stderr"
}

# vg_between LOG MARKER: print what the guest wrote between "MARKER-BEGIN" and
# "MARKER-END" lines (carriage returns removed).
vg_between() {
	tr -d '\r' <"$1" | sed -n "/^$2-BEGIN\$/,/^$2-END\$/p" | sed '1d;$d'
}
