#!/usr/bin/env bats
# add --iommu: the IOMMU option follows the CPU vendor in /proc/cpuinfo (under
# --root); iommu=pt only with --iommu-pt.
load helpers

setup() {
	common_setup
	K=$R/etc/kernel/cmdline
	mkdir -p "$R/etc/kernel"
	echo quiet >"$K"
	stub kernel-install
}

@test "Intel: intel_iommu=on, and only that" {
	run -0 vgc add --iommu
	cmp "$K" - <<<'quiet intel_iommu=on'
	run -0 vgc add --iommu
	assert_line "vfio-gpu-cmdline: already set: intel_iommu=on"
}

@test "AMD: amd_iommu=on, with other arguments" {
	cp "$FIX/cpuinfo.amd" "$R/proc/cpuinfo"
	run -0 vgc add vfio-gpu.ids=1002:67df --iommu
	cmp "$K" - <<<'quiet vfio-gpu.ids=1002:67df amd_iommu=on'
}

@test "--iommu-pt adds iommu=pt as well" {
	cp "$FIX/cpuinfo.amd" "$R/proc/cpuinfo"
	run -0 vgc add --iommu-pt
	cmp "$K" - <<<'quiet amd_iommu=on iommu=pt'
}

@test "remove --iommu --iommu-pt takes them out again" {
	echo 'quiet intel_iommu=on iommu=pt' >"$K"
	run -0 vgc remove --iommu-pt
	cmp "$K" - <<<'quiet'
}

@test "unknown vendor: exit 1, file unchanged" {
	cp "$FIX/cpuinfo.other" "$R/proc/cpuinfo"
	run -1 vgc add --iommu
	assert_output "vfio-gpu-cmdline: error: unknown CPU vendor 'CentaurHauls' in $R/proc/cpuinfo: pass intel_iommu=on or amd_iommu=on yourself"
	cmp "$K" - <<<'quiet'
}

@test "no cpuinfo: exit 1, file unchanged" {
	rm "$R/proc/cpuinfo"
	run -1 vgc add --iommu
	assert_output "vfio-gpu-cmdline: error: cannot read $R/proc/cpuinfo to tell the CPU vendor"
	cmp "$K" - <<<'quiet'
}

@test "--iommu with show is a usage error" {
	run -2 vgc show --iommu
	assert_line "vfio-gpu-cmdline: error: --iommu goes with add or remove"
}
