#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# peer-shell.sh ROOT IDS - the benchmark's shell peer: the plan that
# vfio-gpu-early --dry-run prints for vfio-gpu.ids=IDS, computed the way GPU
# passthrough is scripted today (vfio-pci-override.sh and its many copies):
# a loop over /sys/bus/pci/devices/*, cat and readlink for every attribute,
# each matched function's IOMMU group expanded through
# /sys/kernel/iommu_groups/N/devices/*, and the same safety checks (a disk or
# NIC dragged in refuses the group, as does the boot VGA named only by ids;
# bridges are skipped). IDS is a comma-separated vendor:device list, no
# wildcards. Prints claim/skip/refuse lines in the binder's format, sorted by
# address; bench/run checks that its claims agree with the binder's.
set -eu
root=$1
ids=$2
sys=$root/sys

groups=
for d in "$sys"/bus/pci/devices/*; do
	vendor=$(cat "$d/vendor")
	device=$(cat "$d/device")
	case ",$ids," in
	*",${vendor#0x}:${device#0x},"*) ;;
	*) continue ;;
	esac
	group=$(basename "$(readlink "$d/iommu_group")")
	case " $groups " in
	*" $group "*) ;;
	*) groups="$groups $group" ;;
	esac
done

for group in $groups; do
	lines=
	refused=
	for m in "$sys/kernel/iommu_groups/$group/devices"/*; do
		addr=$(basename "$m")
		vendor=$(cat "$m/vendor")
		device=$(cat "$m/device")
		id=${vendor#0x}:${device#0x}
		class=$(cat "$m/class")
		by=group
		case ",$ids," in *",$id,"*) by=ids ;; esac
		boot_vga=0
		if [ -e "$m/boot_vga" ]; then
			boot_vga=$(cat "$m/boot_vga")
		fi
		case $class in
		0x01* | 0x02*)
			if [ "$by" = group ]; then
				refused="refuse group=$group reason=protected dev=$addr class=$(echo "$class" | cut -c3-6)"
				break
			fi
			;;
		esac
		if [ "$boot_vga" = 1 ]; then
			refused="refuse group=$group reason=boot-vga dev=$addr class=$(echo "$class" | cut -c3-6)"
			break
		fi
		case $class in
		0x0604* | 0x0607*)
			lines="$lines
skip $addr $id group=$group reason=bridge"
			continue
			;;
		esac
		was=-
		if [ -L "$m/driver" ]; then
			was=$(basename "$(readlink "$m/driver")")
		fi
		lines="$lines
claim $addr $id group=$group was=$was by=$by target=vfio_pci"
	done
	if [ -n "$refused" ]; then
		echo "$refused"
	else
		printf '%s\n' "$lines" | sed '/^$/d'
	fi
done | sort -k2,2
