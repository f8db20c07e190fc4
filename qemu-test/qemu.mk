# SPDX-License-Identifier: GPL-2.0-or-later
# qemu-test/qemu.mk — `make demo`: boot a real mkinitramfs image with the
# project's hook on the QEMU test machine and show what the binder claimed.
# DEMO_ARGS="vfio-gpu.ids=8086:293e" changes the kernel command line.
# Images and logs go to /var/cache/vfio-gpu-test; the host's own /boot,
# initramfs and bootloader are never touched.
DEMO_ARGS ?=

# Like check, it first installs the packages it needs (a fresh machine has no klcc).
demo: check-deps
	@$(MAKE) --no-print-directory all
	qemu-test/demo $(DEMO_ARGS)
