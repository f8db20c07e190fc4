#!/bin/bash
# dracut module 90vfio-gpu: put the vfio-gpu-early binder, the vfio modules and
# the vfio modprobe.d options into the initramfs, and run the binder before udev
# (and before any driver load) in both the systemd and the shell-based initramfs.
# Sourced by dracut (bash); the functions follow dracut's module contract.
# shellcheck disable=SC2154 # kernel, initdir, srcmods, moddir, systemdsystemunitdir
# and dracutsysrootdir are set by dracut before it sources this file.

# Where `make install` put the binary (rewritten at install time to $(SBINDIR)).
# VFIO_GPU_EARLY overrides it, so that the boot tests can build images from a
# scratch install without touching the host.
vfio_gpu_sbindir=/usr/sbin

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
    return 0
}

depends() {
    return 0
}

# The kernel can load FMT-compressed modules itself only with
# CONFIG_MODULE_DECOMPRESS and FMT being the configured compression (6.1+
# decompresses one format). No config to read: assume it cannot.
vfio_gpu_kernel_decompresses() {
    local cfg=$dracutsysrootdir/boot/config-$kernel
    [[ -r $cfg ]] || return 1
    grep -qx 'CONFIG_MODULE_DECOMPRESS=y' "$cfg" || return 1
    case $1 in
        xz) grep -qx 'CONFIG_MODULE_COMPRESS_XZ=y' "$cfg" ;;
        zst) grep -qx 'CONFIG_MODULE_COMPRESS_ZSTD=y' "$cfg" ;;
        *) return 1 ;;
    esac
}

# The vfio set, as modules.dep paths: vfio, vfio_iommu_type1, vfio_pci and every
# dependency modules.dep lists for them (it lists the whole closure).
vfio_gpu_module_paths() {
    awk '
        function name(p) {
            sub(/:$/, "", p); sub(/.*\//, "", p)
            sub(/\.ko(\.(gz|xz|zst))?$/, "", p); gsub(/-/, "_", p)
            return p
        }
        name($1) == "vfio" || name($1) == "vfio_iommu_type1" || name($1) == "vfio_pci" {
            for (i = 1; i <= NF; i++) { p = $i; sub(/:$/, "", p); print p }
        }' "$srcmods/modules.dep" | sort -u
}

# The binder cannot unpack xz or zstd (it does gzip itself): where the kernel
# cannot either, replace X.ko.xz/X.ko.zst in the image by X.ko. dracut runs
# depmod on the image after every module's installkernel, so modules.dep then
# names X.ko.
vfio_gpu_decompress() {
    local p f fmt
    for p in $(vfio_gpu_module_paths); do
        f=$initdir/lib/modules/$kernel/$p
        [[ -e $f ]] || continue
        case $p in
            *.ko.xz) fmt=xz ;;
            *.ko.zst) fmt=zst ;;
            *) continue ;;
        esac
        vfio_gpu_kernel_decompresses "$fmt" && continue
        if [[ $fmt == xz ]]; then
            xz -dc "$f" > "${f%.xz}" || {
                derror "vfio-gpu: cannot decompress $p (xz installed?)"
                rm -f "${f%.xz}"
                continue
            }
        else
            zstd -qdc "$f" > "${f%.zst}" || {
                derror "vfio-gpu: cannot decompress $p (zstd installed?)"
                rm -f "${f%.zst}"
                continue
            }
        fi
        rm -f "$f"
        dinfo "vfio-gpu: decompressed $p for the binder"
    done
}

installkernel() {
    # Never a list of the dependencies: instmods follows modules.dep, and
    # hostonly='' keeps them in a host-only image even when nothing is bound
    # to vfio-pci on the host yet.
    hostonly='' instmods vfio vfio_iommu_type1 vfio_pci
    vfio_gpu_decompress
}

install() {
    local bin d f
    bin=$(vfio_gpu_binary)
    inst_simple "$bin" /usr/sbin/vfio-gpu-early

    # Options for the vfio modules (ids=, disable_vga=, ...): the binder reads
    # modprobe.d as modprobe would, so bring every file that mentions vfio.
    for d in /etc/modprobe.d /run/modprobe.d /lib/modprobe.d /usr/lib/modprobe.d; do
        for f in "$dracutsysrootdir$d"/*.conf; do
            [[ -f $f ]] || continue
            grep -qi 'vfio' "$f" && inst_simple "$f" "$d/${f##*/}"
        done
    done

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
