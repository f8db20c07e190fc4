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
        # Without root= the systemd initramfs skips the initqueue but still
        # runs pre-pivot.
        inst_hook pre-pivot 99 "$moddir/vgtest-pre-pivot.sh"
        inst_simple "$moddir/vgtest-preload.service" "$systemdsystemunitdir/vgtest-preload.service"
        mkdir -p "$initdir$systemdsystemunitdir/sysinit.target.wants"
        ln_r "$systemdsystemunitdir/vgtest-preload.service" \
            "$systemdsystemunitdir/sysinit.target.wants/vgtest-preload.service"
    else
        # The shell initramfs waits for a root that never comes; report as
        # soon as udev has settled instead.
        inst_hook initqueue/settled 99 "$moddir/vgtest-pre-pivot.sh"
    fi
}
