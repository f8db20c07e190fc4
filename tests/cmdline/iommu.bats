#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
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

@test "AMD without IOMMU groups: nothing added for --iommu, enable it in the firmware" {
	cp "$FIX/cpuinfo.amd" "$R/proc/cpuinfo"
	run -0 vgc add vfio-gpu.ids=1002:67df --iommu
	cmp "$K" - <<<'quiet vfio-gpu.ids=1002:67df'
	assert_line "vfio-gpu-cmdline: warning: AMD CPU: the kernel enables AMD-Vi by itself when the firmware exposes it (there is no amd_iommu=on), but $R/sys/kernel/iommu_groups has no IOMMU group: enable the IOMMU (\"IOMMU\", \"AMD-Vi\" or \"SVM\") in the firmware setup"
	refute_output --partial "amd_iommu=on "
	run -0 vgc add --iommu
	assert_line "vfio-gpu-cmdline: nothing to change"
	cmp "$K" - <<<'quiet vfio-gpu.ids=1002:67df'
}

@test "AMD with IOMMU groups: nothing to add, and says why" {
	cp "$FIX/cpuinfo.amd" "$R/proc/cpuinfo"
	mkdir -p "$R/sys/kernel/iommu_groups/0" "$R/sys/kernel/iommu_groups/1"
	run -0 vgc add --iommu
	assert_output "vfio-gpu-cmdline: AMD CPU: the kernel enables AMD-Vi by itself (there is no amd_iommu=on); 2 IOMMU groups in $R/sys/kernel/iommu_groups, nothing to add for --iommu
vfio-gpu-cmdline: nothing to change"
	cmp "$K" - <<<'quiet'
	assert_calls ""
}

@test "--iommu-pt adds iommu=pt as well (AMD: only that)" {
	cp "$FIX/cpuinfo.amd" "$R/proc/cpuinfo"
	run -0 vgc add --iommu-pt
	cmp "$K" - <<<'quiet iommu=pt'
	cp "$FIX/cpuinfo.intel" "$R/proc/cpuinfo"
	run -0 vgc add --iommu-pt
	cmp "$K" - <<<'quiet iommu=pt intel_iommu=on'
}

@test "remove --iommu --iommu-pt takes them out again" {
	echo 'quiet intel_iommu=on iommu=pt' >"$K"
	run -0 vgc remove --iommu-pt
	cmp "$K" - <<<'quiet'
}

@test "unknown vendor: exit 1, file unchanged" {
	cp "$FIX/cpuinfo.other" "$R/proc/cpuinfo"
	run -1 vgc add --iommu
	assert_output "vfio-gpu-cmdline: error: unknown CPU vendor 'CentaurHauls' in $R/proc/cpuinfo: pass the IOMMU option your platform needs yourself"
	cmp "$K" - <<<'quiet'
}

@test "no cpuinfo: exit 1, file unchanged" {
	rm "$R/proc/cpuinfo"
	run -1 vgc add --iommu
	assert_output "vfio-gpu-cmdline: error: cannot read $R/proc/cpuinfo to tell the CPU vendor; pass intel_iommu=on yourself on Intel"
	cmp "$K" - <<<'quiet'
}

@test "--iommu with show is a usage error" {
	run -2 vgc show --iommu
	assert_line "vfio-gpu-cmdline: error: --iommu goes with add, remove or set"
}
