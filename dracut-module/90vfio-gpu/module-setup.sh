#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# dracut module 90vfio-gpu: put the vfio-gpu-early binder, the vfio modules and
# the vfio modprobe.d options into the initramfs, and run the binder before udev
# (and before any driver load) in both the systemd and the shell-based initramfs.
# Sourced by dracut (bash); the functions follow dracut's module contract.
# shellcheck disable=SC2154 # kernel, initdir, srcmods, moddir, systemdsystemunitdir
# and dracutsysrootdir are set by dracut before it sources this file.

# Where `make install` put the binary and the shared helper (rewritten at
# install time to $(SBINDIR) and $(LIBDIR)). VFIO_GPU_EARLY and VFIO_GPU_MODSET
# override them, so that the boot tests can build images from a scratch
# install without touching the host.
vfio_gpu_sbindir=/usr/sbin
vfio_gpu_libdir=/usr/lib

vfio_gpu_modset() {
    echo "${VFIO_GPU_MODSET:-$vfio_gpu_libdir/vfio-gpu/modset.sh}"
}

# The udev rule for late devices, as make install put it (it names the binder
# at $vfio_gpu_sbindir); VFIO_GPU_UDEV_RULE overrides it as the two above.
vfio_gpu_udev_rule() {
    echo "${VFIO_GPU_UDEV_RULE:-$vfio_gpu_libdir/udev/rules.d/79-vfio-gpu.rules}"
}

vfio_gpu_binary() {
    if [[ -n ${VFIO_GPU_EARLY-} ]]; then
        echo "$VFIO_GPU_EARLY"
    elif [[ -x $vfio_gpu_sbindir/vfio-gpu-early ]]; then
        echo "$vfio_gpu_sbindir/vfio-gpu-early"
    else
        find_binary vfio-gpu-early
    fi
}

# 0: included by a plain `dracut -f` once installed (SPEC: no configuration).
# Without the binary there is nothing to put in, so say so and stay out.
check() {
    local bin
    bin=$(vfio_gpu_binary)
    if [[ -z $bin || ! -x $bin ]]; then
        derror "vfio-gpu: vfio-gpu-early not found; not including the binder"
        return 1
    fi
    if [[ ! -r $(vfio_gpu_modset) ]]; then
        derror "vfio-gpu: $(vfio_gpu_modset) not found; not including the binder"
        return 1
    fi
    return 0
}

depends() {
    return 0
}

# The module set, its unpacking and the modprobe.d folders, shared with the
# initramfs-tools hook.
# shellcheck source=/dev/null # hooklib/modset.sh, checked on its own
[[ -r $(vfio_gpu_modset) ]] && . "$(vfio_gpu_modset)"

installkernel() {
    # Never a list of the dependencies: instmods follows modules.dep, and
    # hostonly='' keeps them in a host-only image even when nothing is bound
    # to vfio-pci on the host yet. The set includes the kernel's vfio-pci
    # variant drivers (modset.sh): the binder chooses among them at boot.
    # shellcheck disable=SC2046 # one module name a word
    hostonly='' instmods $(vfio_gpu_modules "$srcmods")
    # The binder carries no decompressor: compressed vfio modules are unpacked
    # here (see modset.sh for when the kernel's own decompression is used
    # instead); dracut runs depmod on the image after every installkernel.
    local p
    for p in $(vfio_gpu_unpack_modules "$initdir/lib/modules/$kernel" "$srcmods/modules.dep" \
        "$dracutsysrootdir/boot/config-$kernel"); do
        dinfo "vfio-gpu: decompressed $p for the binder"
    done
}

install() {
    local bin f
    bin=$(vfio_gpu_binary)
    inst_simple "$bin" /usr/sbin/vfio-gpu-early

    # Late devices (SPEC): the rule, so that a device added while the
    # initramfs runs is held to the selection too, and the binder at the path
    # the rule names (make install's SBINDIR, in the real root as here).
    local rule
    rule=$(vfio_gpu_udev_rule)
    if [[ -r $rule ]]; then
        inst_rules "$rule"
        [[ $vfio_gpu_sbindir == /usr/sbin ]] || inst_simple "$bin" "$vfio_gpu_sbindir/vfio-gpu-early"
    else
        dwarn "vfio-gpu: $rule not found; late devices are not handled in the initramfs"
    fi

    # Options for the vfio modules (ids=, disable_vga=, ...): the binder reads
    # modprobe.d as modprobe would, so bring every file that mentions vfio.
    for f in $(vfio_gpu_modprobe_files "$dracutsysrootdir"); do
        inst_simple "$dracutsysrootdir$f" "$f"
    done

    # The selection file, read before the command line: the way to select
    # where the line cannot change (a UKI under Secure Boot).
    f=$(vfio_gpu_conf_file "$dracutsysrootdir")
    [[ -z $f ]] || inst_simple "$f" /etc/vfio-gpu/vfio-gpu.conf

    if dracut_module_included "systemd"; then
        # systemd initramfs: a unit ordered before udevd, the coldplug trigger,
        # systemd-modules-load and dracut's own cmdline hook (which runs
        # rd.driver.pre / force_drivers modprobes).
        inst_simple "$moddir/vfio-gpu-early.service" \
            "$systemdsystemunitdir/vfio-gpu-early.service"
        mkdir -p "$initdir$systemdsystemunitdir/sysinit.target.wants"
        ln_r "$systemdsystemunitdir/vfio-gpu-early.service" \
            "$systemdsystemunitdir/sysinit.target.wants/vfio-gpu-early.service"
    else
        # Shell initramfs: cmdline hooks run first of all, before pre-udev and
        # udev; 00 sorts before 90kernel-modules' rd.driver.pre modprobes (01).
        inst_hook cmdline 00 "$moddir/vfio-gpu-early.sh"
    fi
}
