# SPDX-License-Identifier: GPL-2.0-or-later
# initramfs-tools-hook/initramfs-tools.mk — `make install`/`uninstall` of the
# initramfs-tools hook and init-top script (the binary comes from dracut.mk).
# Included by the top-level Makefile (DESTDIR, INSTALL).

INITRAMFS_TOOLS_DIR ?= /usr/share/initramfs-tools
VG_ITOOLS := $(INITRAMFS_TOOLS_DIR)

.PHONY: install-initramfs-tools uninstall-initramfs-tools
install:: install-initramfs-tools
uninstall:: uninstall-initramfs-tools

# The hook learns where the binary and the shared helper (dracut.mk installs
# it) were installed (its defaults are /usr/sbin and /usr/lib).
install-initramfs-tools:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(VG_ITOOLS)/hooks $(DESTDIR)$(VG_ITOOLS)/scripts/init-top
	sed -e 's|^vfio_gpu_sbindir=.*|vfio_gpu_sbindir=$(SBINDIR)|' \
		-e 's|^vfio_gpu_libdir=.*|vfio_gpu_libdir=$(LIBDIR)|' \
		initramfs-tools-hook/hooks/vfio-gpu >$(DESTDIR)$(VG_ITOOLS)/hooks/vfio-gpu
	chmod 0755 $(DESTDIR)$(VG_ITOOLS)/hooks/vfio-gpu
	$(INSTALL) -m 0755 initramfs-tools-hook/scripts/init-top/00-vfio-gpu \
		$(DESTDIR)$(VG_ITOOLS)/scripts/init-top/00-vfio-gpu

uninstall-initramfs-tools:
	rm -f $(DESTDIR)$(VG_ITOOLS)/hooks/vfio-gpu \
		$(DESTDIR)$(VG_ITOOLS)/scripts/init-top/00-vfio-gpu
