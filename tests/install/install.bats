#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
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
        grep -E 'vfio-gpu-early$|90vfio-gpu/|initramfs-tools/|vfio-gpu/modset.sh$|/79-vfio-gpu.rules$' | LC_ALL=C sort -k2
}

@test "make install puts the binder, dracut module and initramfs-tools files in place with their modes" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run owned
    [ "$status" -eq 0 ]
    [ "$output" = "755 usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh
644 usr/lib/dracut/modules.d/90vfio-gpu/vfio-gpu-early.service
755 usr/lib/dracut/modules.d/90vfio-gpu/vfio-gpu-early.sh
644 usr/lib/udev/rules.d/79-vfio-gpu.rules
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

@test "the udev rule goes to LIBDIR/udev/rules.d, names the binder at SBINDIR, and runs before 80-drivers.rules" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run grep -v '^#' "$dest/usr/lib/udev/rules.d/79-vfio-gpu.rules"
    [ "$output" = 'ACTION=="add", SUBSYSTEM=="pci", ENV{SYNTH_UUID}!="?*", RUN+="/usr/sbin/vfio-gpu-early --device $kernel"' ]
    run make -s -C "$top" install DESTDIR="$dest/local" PREFIX=/usr/local
    [ "$status" -eq 0 ]
    run grep -v '^#' "$dest/local/usr/local/lib/udev/rules.d/79-vfio-gpu.rules"
    [ "$output" = 'ACTION=="add", SUBSYSTEM=="pci", ENV{SYNTH_UUID}!="?*", RUN+="/usr/local/sbin/vfio-gpu-early --device $kernel"' ]
    # udev orders the files of every rules.d by name: ours before the kmod load
    run bash -c 'printf "%s\n" 80-drivers.rules 79-vfio-gpu.rules 78-sound-card.rules | LC_ALL=C sort'
    [ "${lines[1]}" = 79-vfio-gpu.rules ]
    [ "${lines[2]}" = 80-drivers.rules ]
    # the rule is valid for udev itself (where udevadm verify exists)
    if udevadm verify --help >/dev/null 2>&1; then
        run udevadm verify --no-style "$dest/usr/lib/udev/rules.d/79-vfio-gpu.rules"
        [ "$status" -eq 0 ]
    fi
}

@test "the dracut module puts the installed rule into the image (inst_rules), and the binder where the rule says" {
    run make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr/local
    [ "$status" -eq 0 ]
    ms=$dest/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh
    # dracut's functions as stubs that say what they were asked
    run bash -c 'inst_simple() { echo "inst_simple $*"; }; inst_rules() { echo "inst_rules $*"; }
        dwarn() { echo "dwarn $*"; }; inst_hook() { :; }; dracut_module_included() { return 1; }
        vfio_gpu_modprobe_files() { :; }; vfio_gpu_conf_file() { :; }; . "$1"
        VFIO_GPU_EARLY=/b VFIO_GPU_UDEV_RULE=$2 install' _ "$ms" \
        "$dest/usr/local/lib/udev/rules.d/79-vfio-gpu.rules"
    [ "$status" -eq 0 ]
    [ "${lines[0]}" = "inst_simple /b /usr/sbin/vfio-gpu-early" ]
    [ "${lines[1]}" = "inst_rules $dest/usr/local/lib/udev/rules.d/79-vfio-gpu.rules" ]
    [ "${lines[2]}" = "inst_simple /b /usr/local/sbin/vfio-gpu-early" ]
    run bash -c 'inst_simple() { :; }; inst_rules() { echo "inst_rules $*"; }
        dwarn() { echo "dwarn $*"; }; inst_hook() { :; }; dracut_module_included() { return 1; }
        vfio_gpu_modprobe_files() { :; }; vfio_gpu_conf_file() { :; }; . "$1"
        VFIO_GPU_EARLY=/b VFIO_GPU_UDEV_RULE=/nonexistent install' _ "$ms"
    [ "$status" -eq 0 ]
    [ "$output" = "dwarn vfio-gpu: /nonexistent not found; late devices are not handled in the initramfs" ]
}

@test "the dracut module puts the selection file vfio_gpu_conf_file names into the image, and none without one" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    ms=$dest/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh
    run bash -c 'inst_simple() { echo "inst_simple $*"; }; inst_rules() { :; }
        dwarn() { :; }; inst_hook() { :; }; dracut_module_included() { return 1; }
        vfio_gpu_modprobe_files() { :; }; vfio_gpu_conf_file() { echo "/sys$1/sel.conf"; }; . "$1"
        dracutsysrootdir=/sr VFIO_GPU_EARLY=/b VFIO_GPU_UDEV_RULE=/nonexistent install' _ "$ms"
    [ "$status" -eq 0 ]
    [ "$output" = "inst_simple /b /usr/sbin/vfio-gpu-early
inst_simple /sys/sr/sel.conf /etc/vfio-gpu/vfio-gpu.conf" ]
    run bash -c 'inst_simple() { echo "inst_simple $*"; }; inst_rules() { :; }
        dwarn() { :; }; inst_hook() { :; }; dracut_module_included() { return 1; }
        vfio_gpu_modprobe_files() { :; }; vfio_gpu_conf_file() { :; }; . "$1"
        VFIO_GPU_EARLY=/b VFIO_GPU_UDEV_RULE=/nonexistent install' _ "$ms"
    [ "$output" = "inst_simple /b /usr/sbin/vfio-gpu-early" ]
}

@test "make uninstall removes every file make install added" {
    run make -s -C "$top" install DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run make -s -C "$top" uninstall DESTDIR="$dest"
    [ "$status" -eq 0 ]
    run owned
    [ "$output" = "" ]
    [ ! -e "$dest/usr/lib/dracut/modules.d/90vfio-gpu" ]
    [ ! -e "$dest/usr/lib/udev/rules.d/79-vfio-gpu.rules" ]
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
