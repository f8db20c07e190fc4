#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# The selection file in the image (SPEC "The same tokens from a file in the
# image"): real images built with the real mkinitramfs and dracut from a
# scratch `make install`, listed and unpacked. Each build runs in a private
# mount namespace where /lib/modules and /boot hold a minimal kernel tree and
# the generators' hook/module folders hold ours, so the host is not touched.
# VFIO_GPU_CONF stands for the host's /etc/vfio-gpu/vfio-gpu.conf.

setup_file() {
    top=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    dest=$BATS_FILE_TMPDIR/dest
    export top dest
    make -s -C "$top" install DESTDIR="$dest" >/dev/null
}

setup() {
    if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
        skip "needs root and unshare for a private mount namespace"
    fi
    w=$BATS_TEST_TMPDIR
    kver=9.9.9-vgtest
    mkdir -p "$w/mods/$kver" "$w/boot"
    : >"$w/mods/$kver/modules.builtin"
    : >"$w/mods/$kver/modules.order"
    printf 'CONFIG_BLK_DEV_INITRD=y\nCONFIG_RD_GZIP=y\n' >"$w/boot/config-$kver"
    printf 'vfio-gpu.addrs=02:00.0 # card B, for the guests\nvfio_pci.disable_vga=1\n' >"$w/sel.conf"
}

# in_ns CMD...: CMD with the minimal kernel at /lib/modules/$kver, /boot
# holding its config, and our hook (mkinitramfs) and module (dracut) beside
# the generators' own; the scratch install's files named by the hooks'
# override variables.
in_ns() {
    [ -d /lib/modules ] || mkdir -p /lib/modules
    mkdir -p "$w/hooks" "$w/dm"
    cp -a /usr/share/initramfs-tools/hooks/. "$w/hooks/"
    cp "$dest/usr/share/initramfs-tools/hooks/vfio-gpu" "$w/hooks/"
    cp -a /usr/lib/dracut/modules.d/. "$w/dm/"
    cp -a "$dest/usr/lib/dracut/modules.d/90vfio-gpu" "$w/dm/"
    VFIO_GPU_EARLY=$dest/usr/sbin/vfio-gpu-early \
        VFIO_GPU_MODSET=$dest/usr/lib/vfio-gpu/modset.sh \
        VFIO_GPU_UDEV_RULE=$dest/usr/lib/udev/rules.d/79-vfio-gpu.rules \
        unshare -m sh -c '
        set -e
        w=$1 kver=$2
        shift 2
        mount -t tmpfs vgtest /lib/modules
        mkdir "/lib/modules/$kver"
        mount --bind "$w/mods/$kver" "/lib/modules/$kver"
        mount -t tmpfs vgtest /boot
        cp "$w/boot/config-$kver" /boot/
        mount --bind "$w/hooks" /usr/share/initramfs-tools/hooks
        mount --bind "$w/dm" /usr/lib/dracut/modules.d
        exec "$@"' vg-ns "$w" "$kver" "$@"
}

mkinitramfs_img() {
    in_ns mkinitramfs -o "$w/itools.img" "$kver" >"$w/build.log" 2>&1
}

dracut_img() {
    in_ns dracut -f --no-hostonly -m "base vfio-gpu" --no-compress "$w/dracut.img" "$kver" \
        >"$w/build.log" 2>&1
}

@test "mkinitramfs: the host's selection file goes into the image as a regular file, unchanged" {
    export VFIO_GPU_CONF=$w/sel.conf
    mkinitramfs_img
    run lsinitramfs "$w/itools.img"
    [[ $output == *"etc/vfio-gpu/vfio-gpu.conf"* ]]
    unmkinitramfs "$w/itools.img" "$w/x"
    f=$(find "$w/x" -path '*/etc/vfio-gpu/vfio-gpu.conf')
    [ -f "$f" ] && [ ! -L "$f" ]
    cmp "$f" "$w/sel.conf"
}

@test "dracut: the host's selection file goes into the image (inst_simple), unchanged" {
    export VFIO_GPU_CONF=$w/sel.conf
    dracut_img
    run lsinitrd "$w/dracut.img"
    [[ $output == *"-rw-r--r--"*"etc/vfio-gpu/vfio-gpu.conf"* ]]
    run lsinitrd -f etc/vfio-gpu/vfio-gpu.conf "$w/dracut.img"
    [ "$output" = "$(cat "$w/sel.conf")" ]
}

@test "both hooks: a selection file that is a link is copied as the file it points to" {
    ln -s "$w/sel.conf" "$w/link.conf"
    export VFIO_GPU_CONF=$w/link.conf
    mkinitramfs_img
    unmkinitramfs "$w/itools.img" "$w/x"
    f=$(find "$w/x" -path '*/etc/vfio-gpu/vfio-gpu.conf')
    [ -f "$f" ] && [ ! -L "$f" ]
    cmp "$f" "$w/sel.conf"
    dracut_img
    run lsinitrd "$w/dracut.img"
    [[ $output == *"-rw-r--r--"*"etc/vfio-gpu/vfio-gpu.conf"* ]]
}

@test "both hooks: without a selection file the images have none" {
    export VFIO_GPU_CONF=$w/nonexistent.conf
    mkinitramfs_img
    run lsinitramfs "$w/itools.img"
    [[ $output == *"usr/sbin/vfio-gpu-early"* ]]
    [[ $output != *"vfio-gpu.conf"* ]]
    dracut_img
    run lsinitrd "$w/dracut.img"
    [[ $output == *"usr/sbin/vfio-gpu-early"* ]]
    [[ $output != *"vfio-gpu.conf"* ]]
}

@test "hooklib: a selection file the binder would refuse is named at build time and left out" {
    ms=$dest/usr/lib/vfio-gpu/modset.sh
    head -c 4097 /dev/zero | tr '\0' ' ' >"$w/big.conf"
    run sh -c '. "$1"; VFIO_GPU_CONF=$2 vfio_gpu_conf_file ""' _ "$ms" "$w/big.conf"
    [ "$status" -eq 0 ]
    [ "$output" = "vfio-gpu: $w/big.conf has 4097 bytes, more than the 4096 the binder reads; not copied into the initramfs" ]
    mkdir "$w/dir.conf"
    run sh -c '. "$1"; VFIO_GPU_CONF=$2 vfio_gpu_conf_file ""' _ "$ms" "$w/dir.conf"
    [ "$output" = "vfio-gpu: $w/dir.conf is not a regular file; not copied into the initramfs" ]
    head -c 4096 /dev/zero | tr '\0' ' ' >"$w/edge.conf"
    run sh -c '. "$1"; VFIO_GPU_CONF=$2 vfio_gpu_conf_file ""' _ "$ms" "$w/edge.conf"
    [ "$output" = "$w/edge.conf" ]
    mkdir -p "$w/sys/etc/vfio-gpu"
    cp "$w/sel.conf" "$w/sys/etc/vfio-gpu/vfio-gpu.conf"
    run sh -c '. "$1"; unset VFIO_GPU_CONF; vfio_gpu_conf_file "$2"' _ "$ms" "$w/sys"
    [ "$output" = "$w/sys/etc/vfio-gpu/vfio-gpu.conf" ]
}
