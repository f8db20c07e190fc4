#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# hooklib/modset.sh — the one helper both initramfs hooks source: the vfio
# module set from modules.dep, the unpacking policy (VFIO_GPU_MODULES), and the
# modprobe.d folders, which must be the binder's own list (lib/modprobe_d.c).
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

setup() {
    bats_require_minimum_version 1.5.0
    top=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
    ms=$top/hooklib/modset.sh
    t=$BATS_TEST_TMPDIR
    # A 6.12-like tree (Debian 13): everything .ko.xz, no vfio_virqfd.
    mkdir -p "$t/img/kernel/drivers/vfio/pci" "$t/img/kernel/virt/lib" "$t/img/kernel/sound"
    cat >"$t/modules.dep" <<'DEP'
kernel/sound/snd.ko.xz:
kernel/drivers/vfio/vfio.ko.xz:
kernel/drivers/vfio/vfio_iommu_type1.ko.xz: kernel/drivers/vfio/vfio.ko.xz
kernel/drivers/vfio/pci/vfio-pci-core.ko.xz: kernel/drivers/vfio/vfio.ko.xz kernel/virt/lib/irqbypass.ko.xz
kernel/drivers/vfio/pci/vfio-pci.ko.xz: kernel/drivers/vfio/pci/vfio-pci-core.ko.xz kernel/drivers/vfio/vfio.ko.xz kernel/virt/lib/irqbypass.ko.xz
kernel/virt/lib/irqbypass.ko.xz:
DEP
    for p in sound/snd drivers/vfio/vfio drivers/vfio/vfio_iommu_type1 drivers/vfio/pci/vfio-pci-core \
        drivers/vfio/pci/vfio-pci virt/lib/irqbypass; do
        printf 'ELF %s\n' "$p" | xz --check=crc32 -c >"$t/img/kernel/$p.ko.xz"
    done
    printf 'CONFIG_MODULE_DECOMPRESS=y\nCONFIG_MODULE_COMPRESS_XZ=y\n' >"$t/config-xz"
    printf '# CONFIG_MODULE_DECOMPRESS is not set\nCONFIG_MODULE_COMPRESS_XZ=y\n' >"$t/config-none"
    unset VFIO_GPU_MODULES
}

@test "the vfio set is vfio, vfio_iommu_type1, vfio_pci and their modules.dep closure, nothing else" {
    run sh -c '. "$1"; vfio_gpu_module_paths "$2"' _ "$ms" "$t/modules.dep"
    assert_success
    assert_output "kernel/drivers/vfio/pci/vfio-pci-core.ko.xz
kernel/drivers/vfio/pci/vfio-pci.ko.xz
kernel/drivers/vfio/vfio.ko.xz
kernel/drivers/vfio/vfio_iommu_type1.ko.xz
kernel/virt/lib/irqbypass.ko.xz"
}

@test "a tree without variant drivers: the set is the three vfio modules, whatever else modules.alias holds" {
    cat >"$t/modules.alias" <<'ALIAS'
alias pci:v00008086d0000293Esv*sd*bc*sc*i* snd_hda_intel
alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci
alias vfio-pci-core-alias vfio_pci_core
ALIAS
    run sh -c '. "$1"; vfio_gpu_modules "$2"' _ "$ms" "$t"
    assert_success
    assert_output "vfio
vfio_iommu_type1
vfio_pci"
    run sh -c '. "$1"; vfio_gpu_module_paths "$2"' _ "$ms" "$t/modules.dep"
    assert_success
    assert_output "kernel/drivers/vfio/pci/vfio-pci-core.ko.xz
kernel/drivers/vfio/pci/vfio-pci.ko.xz
kernel/drivers/vfio/vfio.ko.xz
kernel/drivers/vfio/vfio_iommu_type1.ko.xz
kernel/virt/lib/irqbypass.ko.xz"
}

@test "every module with a vfio_pci: alias is carried into the set with its modules.dep closure" {
    cat >>"$t/modules.dep" <<'DEP'
extra/vgtest_vfio_pci.ko.xz: kernel/drivers/vfio/pci/vfio-pci-core.ko.xz kernel/drivers/vfio/vfio.ko.xz kernel/virt/lib/irqbypass.ko.xz
kernel/drivers/vfio/pci/mlx5/mlx5-vfio-pci.ko.xz: kernel/drivers/net/ethernet/mellanox/mlx5/core/mlx5_core.ko.xz kernel/drivers/vfio/pci/vfio-pci-core.ko.xz kernel/drivers/vfio/vfio.ko.xz
kernel/drivers/net/ethernet/mellanox/mlx5/core/mlx5_core.ko.xz:
kernel/drivers/net/ethernet/other.ko.xz:
DEP
    cat >"$t/modules.alias" <<'ALIAS'
alias vfio_pci:v00001B36d00000005sv*sd*bc*sc*i* vgtest_vfio_pci
alias vfio_pci:v000015B3d0000101Esv*sd*bc*sc*i* mlx5_vfio_pci
alias vfio_pci:v000015B3d0000101Fsv*sd*bc*sc*i* mlx5_vfio_pci
alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci
alias pci:v000015B3d0000101Esv*sd*bc*sc*i* mlx5_core
alias pci:v00001234d00005678sv*sd*bc*sc*i* other
ALIAS
    run sh -c '. "$1"; vfio_gpu_modules "$2"' _ "$ms" "$t"
    assert_success
    assert_output "vfio
vfio_iommu_type1
vfio_pci
mlx5_vfio_pci
vgtest_vfio_pci"
    run sh -c '. "$1"; vfio_gpu_module_paths "$2"' _ "$ms" "$t/modules.dep"
    assert_success
    assert_output "extra/vgtest_vfio_pci.ko.xz
kernel/drivers/net/ethernet/mellanox/mlx5/core/mlx5_core.ko.xz
kernel/drivers/vfio/pci/mlx5/mlx5-vfio-pci.ko.xz
kernel/drivers/vfio/pci/vfio-pci-core.ko.xz
kernel/drivers/vfio/pci/vfio-pci.ko.xz
kernel/drivers/vfio/vfio.ko.xz
kernel/drivers/vfio/vfio_iommu_type1.ko.xz
kernel/virt/lib/irqbypass.ko.xz"
    # ... and unpacked for the binder like the rest of the set.
    mkdir -p "$t/img/extra"
    printf 'ELF vgtest\n' | xz --check=crc32 -c >"$t/img/extra/vgtest_vfio_pci.ko.xz"
    run sh -c '. "$1"; vfio_gpu_unpack_modules "$2" "$3" "$4"' _ "$ms" "$t/img" "$t/modules.dep" "$t/config-xz"
    assert_success
    assert_line extra/vgtest_vfio_pci.ko
    run cat "$t/img/extra/vgtest_vfio_pci.ko"
    assert_output "ELF vgtest"
}

@test "dracut's installkernel asks for the variant drivers too; without any, for the three vfio modules only" {
    msetup=$top/dracut-module/90vfio-gpu/module-setup.sh
    k=$t/k
    mkdir -p "$k"
    : >"$k/modules.dep"
    printf 'alias vfio_pci:v*d*sv*sd*bc*sc*i* vfio_pci\n' >"$k/modules.alias"
    run bash -c 'instmods() { echo "instmods $*"; }; dinfo() { :; }; VFIO_GPU_MODSET=$2; . "$1"
        srcmods=$3 initdir=$4 kernel=kver dracutsysrootdir=$4 installkernel' _ "$msetup" "$ms" "$k" "$t/initdir"
    assert_success
    assert_output "instmods vfio vfio_iommu_type1 vfio_pci"
    printf 'alias vfio_pci:v00001B36d00000005sv*sd*bc*sc*i* vgtest_vfio_pci\n' >>"$k/modules.alias"
    run bash -c 'instmods() { echo "instmods $*"; }; dinfo() { :; }; VFIO_GPU_MODSET=$2; . "$1"
        srcmods=$3 initdir=$4 kernel=kver dracutsysrootdir=$4 installkernel' _ "$msetup" "$ms" "$k" "$t/initdir"
    assert_success
    assert_output "instmods vfio vfio_iommu_type1 vfio_pci vgtest_vfio_pci"
}

@test "the kernel decompresses a format only with MODULE_DECOMPRESS and that format configured" {
    run sh -c '. "$1"; vfio_gpu_kernel_decompresses "$2" xz' _ "$ms" "$t/config-xz"
    assert_success
    run sh -c '. "$1"; vfio_gpu_kernel_decompresses "$2" zst' _ "$ms" "$t/config-xz"
    assert_failure
    run sh -c '. "$1"; vfio_gpu_kernel_decompresses "$2" xz' _ "$ms" "$t/config-none"
    assert_failure
    run sh -c '. "$1"; vfio_gpu_kernel_decompresses "$2" xz' _ "$ms" "$t/no-such-config"
    assert_failure
}

@test "by default the whole vfio set is unpacked in the image, even where the kernel could decompress it" {
    run sh -c '. "$1"; vfio_gpu_unpack_modules "$2" "$3" "$4"' _ "$ms" "$t/img" "$t/modules.dep" "$t/config-xz"
    assert_success
    assert_line kernel/drivers/vfio/vfio.ko
    assert_line kernel/drivers/vfio/pci/vfio-pci.ko
    run find "$t/img" -path '*vfio*' -name '*.xz'
    assert_output ""
    run cat "$t/img/kernel/drivers/vfio/pci/vfio-pci.ko"
    assert_output "ELF drivers/vfio/pci/vfio-pci"
    # Not in the set: left as it was.
    [ -e "$t/img/kernel/sound/snd.ko.xz" ]
}

@test "VFIO_GPU_MODULES=as-shipped keeps .ko.xz where the kernel decompresses xz, and unpacks where it cannot" {
    run env VFIO_GPU_MODULES=as-shipped sh -c '. "$1"; vfio_gpu_unpack_modules "$2" "$3" "$4"' _ "$ms" \
        "$t/img" "$t/modules.dep" "$t/config-xz"
    assert_success
    assert_output ""
    [ -e "$t/img/kernel/drivers/vfio/vfio.ko.xz" ]
    [ ! -e "$t/img/kernel/drivers/vfio/vfio.ko" ]
    run env VFIO_GPU_MODULES=as-shipped sh -c '. "$1"; vfio_gpu_unpack_modules "$2" "$3" "$4"' _ "$ms" \
        "$t/img" "$t/modules.dep" "$t/config-none"
    assert_success
    assert_line kernel/drivers/vfio/vfio.ko
    [ ! -e "$t/img/kernel/drivers/vfio/vfio.ko.xz" ]
}

@test "a .ko.gz of the set is unpacked too: the binder has no decompressor of its own" {
    for p in drivers/vfio/vfio drivers/vfio/vfio_iommu_type1; do
        rm -f "$t/img/kernel/$p.ko.xz"
        printf 'ELF %s\n' "$p" | gzip -c >"$t/img/kernel/$p.ko.gz"
    done
    sed 's|vfio\.ko\.xz|vfio.ko.gz|g; s|vfio_iommu_type1\.ko\.xz|vfio_iommu_type1.ko.gz|g' \
        "$t/modules.dep" >"$t/modules.dep.gz"
    printf 'CONFIG_MODULE_DECOMPRESS=y\nCONFIG_MODULE_COMPRESS_GZIP=y\n' >"$t/config-gz"
    run sh -c '. "$1"; vfio_gpu_kernel_decompresses "$2" gz' _ "$ms" "$t/config-gz"
    assert_success
    run sh -c '. "$1"; vfio_gpu_unpack_modules "$2" "$3" "$4"' _ "$ms" "$t/img" "$t/modules.dep.gz" "$t/config-none"
    assert_success
    assert_line kernel/drivers/vfio/vfio.ko
    assert_line kernel/drivers/vfio/vfio_iommu_type1.ko
    run cat "$t/img/kernel/drivers/vfio/vfio.ko"
    assert_output "ELF drivers/vfio/vfio"
    run find "$t/img" -name '*.gz'
    assert_output ""
}

@test "a module that cannot be unpacked is named on stderr and left compressed, the others are unpacked" {
    echo garbage >"$t/img/kernel/drivers/vfio/vfio.ko.xz"
    run --separate-stderr sh -c '. "$1"; vfio_gpu_unpack_modules "$2" "$3" "$4"' _ "$ms" \
        "$t/img" "$t/modules.dep" "$t/config-none"
    assert_success
    assert_line kernel/drivers/vfio/pci/vfio-pci.ko
    refute_line kernel/drivers/vfio/vfio.ko
    [[ $stderr == *"cannot decompress kernel/drivers/vfio/vfio.ko.xz"* ]]
    [ -e "$t/img/kernel/drivers/vfio/vfio.ko.xz" ]
    [ ! -e "$t/img/kernel/drivers/vfio/vfio.ko" ]
}

@test "the hooks' modprobe.d folders are the binder's (lib/modprobe_d.c), in the same order" {
    c=$(sed -n '/dirs\[\] = {/,/};/p' "$top/lib/modprobe_d.c" | grep -o '"[^"]*"' | tr -d '"' | tr '\n' ' ')
    [ -n "$c" ]
    run sh -c '. "$1"; echo "$VFIO_GPU_MODPROBE_DIRS "' _ "$ms"
    assert_output "$c"
}

@test "the modprobe.d files that mention vfio are picked from every folder, under the system root" {
    r=$t/sysroot
    for d in etc run usr/local/lib lib usr/lib; do
        mkdir -p "$r/$d/modprobe.d"
        echo "options vfio_pci disable_vga=1" >"$r/$d/modprobe.d/${d%%/*}-vfio.conf"
        echo "blacklist nouveau" >"$r/$d/modprobe.d/${d%%/*}-other.conf"
    done
    run sh -c '. "$1"; vfio_gpu_modprobe_files "$2"' _ "$ms" "$r"
    assert_success
    assert_output "/etc/modprobe.d/etc-vfio.conf
/run/modprobe.d/run-vfio.conf
/usr/local/lib/modprobe.d/usr-vfio.conf
/lib/modprobe.d/lib-vfio.conf
/usr/lib/modprobe.d/usr-vfio.conf"
}

@test "both hooks source the installed helper, and stay out without it" {
    dest=$t/dest
    run make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr/local
    assert_success
    [ -f "$dest/usr/local/lib/vfio-gpu/modset.sh" ]
    run grep -x 'vfio_gpu_libdir=/usr/local/lib' "$dest/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh" \
        "$dest/usr/share/initramfs-tools/hooks/vfio-gpu"
    assert_success
    assert_equal "${#lines[@]}" 2
    msetup=$dest/usr/lib/dracut/modules.d/90vfio-gpu/module-setup.sh
    run bash -c 'derror() { echo "$*"; }; find_binary() { :; }; . "$1"; VFIO_GPU_EARLY=$2 VFIO_GPU_MODSET=$3 check' _ \
        "$msetup" "$dest/usr/local/sbin/vfio-gpu-early" "$dest/nonexistent"
    assert_failure
    assert_output --partial "$dest/nonexistent not found"
    run bash -c 'derror() { echo "$*"; }; find_binary() { :; }; . "$1"; VFIO_GPU_EARLY=$2 VFIO_GPU_MODSET=$3 check' _ \
        "$msetup" "$dest/usr/local/sbin/vfio-gpu-early" "$dest/usr/local/lib/vfio-gpu/modset.sh"
    assert_success
}

@test "vendor-reset, when the tree has it (DKMS), goes into the set; without it, nothing more" {
    run sh -c '. "$1"; vfio_gpu_modules "$2"' _ "$ms" "$t"
    assert_success
    refute_output --partial vendor_reset
    echo "updates/dkms/vendor-reset.ko.xz:" >>"$t/modules.dep"
    run sh -c '. "$1"; vfio_gpu_modules "$2"' _ "$ms" "$t"
    assert_success
    assert_line vendor_reset
    run sh -c '. "$1"; vfio_gpu_module_paths "$2"' _ "$ms" "$t/modules.dep"
    assert_line "updates/dkms/vendor-reset.ko.xz"
}
