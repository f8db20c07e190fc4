#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut cmdline hook (shell initramfs, no systemd): run the vfio-gpu binder
# before udev. Sourced by dracut's init: never exit from here.
if [ -x /usr/sbin/vfio-gpu-early ]; then
    /usr/sbin/vfio-gpu-early
else
    echo "<3>vfio-gpu: /usr/sbin/vfio-gpu-early is missing from the initramfs" >/dev/kmsg
fi
