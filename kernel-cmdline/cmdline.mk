# SPDX-License-Identifier: GPL-2.0-or-later
# kernel-cmdline: install the boot options helper and its man page. The
# helper validates its arguments with the installed vfio-gpu-early: it learns
# SBINDIR the way the dracut module and the initramfs-tools hook do.
# Included by the top-level Makefile, which defines SBINDIR, MANDIR, DESTDIR
# and INSTALL. Only this area's own files are named here (man/man.mk may
# install the other pages).

install::
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	sed 's|^vfio_gpu_sbindir=.*|vfio_gpu_sbindir=$(SBINDIR)|' \
		kernel-cmdline/vfio-gpu-cmdline >$(DESTDIR)$(SBINDIR)/vfio-gpu-cmdline
	chmod 755 $(DESTDIR)$(SBINDIR)/vfio-gpu-cmdline
	$(INSTALL) -m 644 man/vfio-gpu-cmdline.8 $(DESTDIR)$(MANDIR)/man8/vfio-gpu-cmdline.8

uninstall::
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu-cmdline $(DESTDIR)$(MANDIR)/man8/vfio-gpu-cmdline.8
