#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# TEST-ONLY dracut module (never shipped), added with `dracut --add vgtest` by
# qemu-test: a pre-pivot hook that reports and powers off, and a unit that can
# preload display/audio drivers before vfio-gpu-early.service.
# shellcheck disable=SC2154 # moddir, initdir, systemdsystemunitdir come from dracut,
# VGTEST_GUEST (the qemu-test/guest dir) from the harness.

check() {
    return 255
}

depends() {
    return 0
}

install() {
    inst_simple "$VGTEST_GUEST/vgtest-report" /usr/bin/vgtest-report
    inst_simple "$VGTEST_GUEST/vgtest-preload" /usr/bin/vgtest-preload
    inst_multiple dmesg readlink grep sed tr sleep modprobe
    if dracut_module_included "systemd"; then
        # The report runs as soon as udev has settled the coldplug
        # (vgtest-report.service); a switch-root boot reports in pre-pivot
        # (the unit's condition), and vgtest-report runs once per boot.
        inst_hook pre-pivot 99 "$moddir/vgtest-pre-pivot.sh"
        inst_multiple udevadm
        mkdir -p "$initdir$systemdsystemunitdir/sysinit.target.wants"
        for u in vgtest-preload.service vgtest-report.service; do
            inst_simple "$moddir/$u" "$systemdsystemunitdir/$u"
            ln_r "$systemdsystemunitdir/$u" "$systemdsystemunitdir/sysinit.target.wants/$u"
        done
    else
        # The shell initramfs waits for a root that never comes; report as
        # soon as udev has settled instead.
        inst_hook initqueue/settled 99 "$moddir/vgtest-pre-pivot.sh"
    fi
}
