# SPDX-License-Identifier: GPL-2.0-or-later
# udev/udev.mk - `make install`/`uninstall` of the udev rule for late devices
# (SPEC "Install layout": $(LIBDIR)/udev/rules.d/). The rule names the binder
# where dracut.mk installs it, $(SBINDIR), rewritten here as the hooks'
# vfio_gpu_sbindir is; the hooks copy this installed rule into the images.
# Included by the top-level Makefile (LIBDIR, SBINDIR, DESTDIR, INSTALL).

UDEVRULESDIR ?= $(LIBDIR)/udev/rules.d
VG_UDEV_RULE := 79-vfio-gpu.rules

.PHONY: install-udev uninstall-udev
install:: install-udev
uninstall:: uninstall-udev

install-udev:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(UDEVRULESDIR)
	sed -e 's|"/usr/sbin/vfio-gpu-early |"$(SBINDIR)/vfio-gpu-early |' \
		udev/$(VG_UDEV_RULE) >$(DESTDIR)$(UDEVRULESDIR)/$(VG_UDEV_RULE)
	chmod 0644 $(DESTDIR)$(UDEVRULESDIR)/$(VG_UDEV_RULE)

uninstall-udev:
	rm -f $(DESTDIR)$(UDEVRULESDIR)/$(VG_UDEV_RULE)
