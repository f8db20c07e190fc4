# dracut-module/dracut.mk — `make install`/`uninstall` of the dracut module
# 90vfio-gpu, and of the binder binary itself (once, here), which both the
# dracut module and the initramfs-tools hook copy into their images.
# Included by the top-level Makefile (PREFIX, SBINDIR, DESTDIR, INSTALL).

DRACUTDIR ?= /usr/lib/dracut
VG_DRACUT_MOD := $(DRACUTDIR)/modules.d/90vfio-gpu

# Set to "no" by another fragment that installs vfio-gpu-early itself.
VFIO_GPU_EARLY_INSTALL ?= yes

.PHONY: install-dracut uninstall-dracut install-early-binary uninstall-early-binary
install:: install-dracut install-early-binary
uninstall:: uninstall-dracut uninstall-early-binary

# module-setup.sh learns where the binary was installed (its default is /usr/sbin).
install-dracut:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(VG_DRACUT_MOD)
	sed 's|^vfio_gpu_sbindir=.*|vfio_gpu_sbindir=$(SBINDIR)|' \
		dracut-module/90vfio-gpu/module-setup.sh >$(DESTDIR)$(VG_DRACUT_MOD)/module-setup.sh
	chmod 0755 $(DESTDIR)$(VG_DRACUT_MOD)/module-setup.sh
	$(INSTALL) -m 0755 dracut-module/90vfio-gpu/vfio-gpu-early.sh $(DESTDIR)$(VG_DRACUT_MOD)/
	$(INSTALL) -m 0644 dracut-module/90vfio-gpu/vfio-gpu-early.service $(DESTDIR)$(VG_DRACUT_MOD)/

uninstall-dracut:
	rm -f $(DESTDIR)$(VG_DRACUT_MOD)/module-setup.sh \
		$(DESTDIR)$(VG_DRACUT_MOD)/vfio-gpu-early.sh \
		$(DESTDIR)$(VG_DRACUT_MOD)/vfio-gpu-early.service
	-rmdir $(DESTDIR)$(VG_DRACUT_MOD) 2>/dev/null

ifeq ($(VFIO_GPU_EARLY_INSTALL),yes)
install-early-binary: early/vfio-gpu-early
	$(INSTALL) -d -m 0755 $(DESTDIR)$(SBINDIR)
	$(INSTALL) -s -m 0755 early/vfio-gpu-early $(DESTDIR)$(SBINDIR)/vfio-gpu-early

uninstall-early-binary:
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu-early
else
install-early-binary:
uninstall-early-binary:
endif
