#!/usr/bin/env bats
# `make install` / `make uninstall` into a scratch DESTDIR: the exact file list
# and modes, the install-time paths written into the hook and the dracut module,
# and the shell contracts of what gets installed.

setup() {
    top=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    dest=$(mktemp -d "${BATS_TMPDIR:-/tmp}/vg-install.XXXXXX")
}

teardown() {
    rm -rf "$dest"
}

# Files we own under DESTDIR, with modes, as "MODE PATH" sorted.
owned() {
    (cd "$dest" && find . -path ./usr/share/man -prune -o -type f -printf '%m %P\n') |
        grep -E 'vfio-gpu-early$|90vfio-gpu/|initramfs-tools/|vfio-gpu/modset.sh$' | LC_ALL=C sort -k2
}

@test "make install puts the binder, dracut module and initramfs-tools files in place with their modes" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run owned
    [ "$status" -eq 0 ]
    [ "$output" = "755 usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh
644 usr/lib/dracut/modules.d/90vfio-gpu/vfio-gpu-early.service
755 usr/lib/dracut/modules.d/90vfio-gpu/vfio-gpu-early.sh
644 usr/lib/vfio-gpu/modset.sh
755 usr/sbin/vfio-gpu-early
755 usr/share/initramfs-tools/hooks/vfio-gpu
755 usr/share/initramfs-tools/scripts/init-top/00-vfio-gpu" ]
}

@test "PREFIX, DRACUTDIR and INITRAMFS_TOOLS_DIR are honoured and the binary path is written into the hooks" {
    run make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr/local \
        DRACUTDIR=/opt/dracut INITRAMFS_TOOLS_DIR=/opt/itools
    [ "$status" -eq 0 ]
    [ -x "$dest/usr/local/sbin/vfio-gpu-early" ]
    [ -f "$dest/opt/dracut/modules.d/90vfio-gpu/module-setup.sh" ]
    [ -f "$dest/opt/itools/hooks/vfio-gpu" ]
    [ -f "$dest/opt/itools/scripts/init-top/00-vfio-gpu" ]
    run grep -x 'vfio_gpu_sbindir=/usr/local/sbin' "$dest/opt/dracut/modules.d/90vfio-gpu/module-setup.sh"
    [ "$status" -eq 0 ]
    run grep -x 'vfio_gpu_sbindir=/usr/local/sbin' "$dest/opt/itools/hooks/vfio-gpu"
    [ "$status" -eq 0 ]
}

@test "make uninstall removes every file make install added" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run make -s -C "$top" uninstall DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run owned
    [ "$output" = "" ]
    [ ! -e "$dest/usr/lib/dracut/modules.d/90vfio-gpu" ]
    run find "$dest/usr/share/man" -type f
    [ "$output" = "" ]
}

@test "the binder is installed stripped, with its man pages" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run file "$dest/usr/sbin/vfio-gpu-early"
    [[ $output == *"statically linked"*", stripped"* ]]
    [ -f "$dest/usr/share/man/man8/vfio-gpu-early.8" ]
    [ -f "$dest/usr/share/man/man7/vfio-gpu.7" ]
}

@test "the dracut module's check() includes it when the binder is installed, and not without" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    ms=$dest/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh
    run bash -c 'derror() { :; }; find_binary() { :; }; . "$1"; VFIO_GPU_EARLY=$2 VFIO_GPU_MODSET=$3 check' _ "$ms" "$dest/usr/sbin/vfio-gpu-early" "$dest/usr/lib/vfio-gpu/modset.sh"
    [ "$status" -eq 0 ]
    run bash -c 'derror() { :; }; find_binary() { :; }; . "$1"; VFIO_GPU_EARLY=$2 check' _ "$ms" "$dest/nonexistent"
    [ "$status" -eq 1 ]
}

@test "the initramfs-tools script answers prereqs with nothing and exits 0" {
    run sh "$top/initramfs-tools-hook/scripts/init-top/00-vfio-gpu" prereqs
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
    run sh "$top/initramfs-tools-hook/hooks/vfio-gpu" prereqs
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
}

@test "the shipped shell is shellcheck-clean (POSIX sh for the hooks, bash for module-setup.sh)" {
    run shellcheck -s sh "$top/initramfs-tools-hook/hooks/vfio-gpu" "$top/hooklib/modset.sh" \
        "$top/initramfs-tools-hook/scripts/init-top/00-vfio-gpu" \
        "$top/dracut-module/90vfio-gpu/vfio-gpu-early.sh"
    [ "$status" -eq 0 ]
    run shellcheck -s bash "$top/dracut-module/90vfio-gpu/module-setup.sh"
    [ "$status" -eq 0 ]
}
