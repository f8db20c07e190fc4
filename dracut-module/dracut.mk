# SPDX-License-Identifier: GPL-2.0-or-later
# dracut-module/dracut.mk — `make install`/`uninstall` of the dracut module
# 90vfio-gpu, and of the binder binary itself (once, here), which both the
# dracut module and the initramfs-tools hook copy into their images.
# Also the helper both hooks source (hooklib/modset.sh: the vfio module set,
# its unpacking, the modprobe.d folders), once, into $(LIBDIR)/vfio-gpu.
# Included by the top-level Makefile (PREFIX, SBINDIR, LIBDIR, DESTDIR, INSTALL).

DRACUTDIR ?= /usr/lib/dracut
VG_DRACUT_MOD := $(DRACUTDIR)/modules.d/90vfio-gpu
VG_HOOKLIB := $(LIBDIR)/vfio-gpu

# Set to "no" by another fragment that installs vfio-gpu-early itself.
VFIO_GPU_EARLY_INSTALL ?= yes

.PHONY: install-dracut uninstall-dracut install-early-binary uninstall-early-binary
.PHONY: install-hooklib uninstall-hooklib
install:: install-dracut install-early-binary install-hooklib
uninstall:: uninstall-dracut uninstall-early-binary uninstall-hooklib

# module-setup.sh learns where the binary and the helper were installed (its
# defaults are /usr/sbin and /usr/lib).
install-dracut:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(VG_DRACUT_MOD)
	sed -e 's|^vfio_gpu_sbindir=.*|vfio_gpu_sbindir=$(SBINDIR)|' \
		-e 's|^vfio_gpu_libdir=.*|vfio_gpu_libdir=$(LIBDIR)|' \
		dracut-module/90vfio-gpu/module-setup.sh >$(DESTDIR)$(VG_DRACUT_MOD)/module-setup.sh
	chmod 0755 $(DESTDIR)$(VG_DRACUT_MOD)/module-setup.sh
	$(INSTALL) -m 0755 dracut-module/90vfio-gpu/vfio-gpu-early.sh $(DESTDIR)$(VG_DRACUT_MOD)/
	$(INSTALL) -m 0644 dracut-module/90vfio-gpu/vfio-gpu-early.service $(DESTDIR)$(VG_DRACUT_MOD)/

uninstall-dracut:
	rm -f $(DESTDIR)$(VG_DRACUT_MOD)/module-setup.sh \
		$(DESTDIR)$(VG_DRACUT_MOD)/vfio-gpu-early.sh \
		$(DESTDIR)$(VG_DRACUT_MOD)/vfio-gpu-early.service
	-rmdir $(DESTDIR)$(VG_DRACUT_MOD) 2>/dev/null

install-hooklib:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(VG_HOOKLIB)
	$(INSTALL) -m 0644 hooklib/modset.sh $(DESTDIR)$(VG_HOOKLIB)/modset.sh

uninstall-hooklib:
	rm -f $(DESTDIR)$(VG_HOOKLIB)/modset.sh
	-rmdir $(DESTDIR)$(VG_HOOKLIB) 2>/dev/null

ifeq ($(VFIO_GPU_EARLY_INSTALL),yes)
install-early-binary: early/vfio-gpu-early
	$(INSTALL) -d -m 0755 $(DESTDIR)$(SBINDIR)
	$(INSTALL) $(EARLY_INSTALL_STRIP) -m 0755 early/vfio-gpu-early $(DESTDIR)$(SBINDIR)/vfio-gpu-early

uninstall-early-binary:
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu-early
else
install-early-binary:
uninstall-early-binary:
endif
