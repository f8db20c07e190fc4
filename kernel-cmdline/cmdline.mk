# kernel-cmdline: install the boot options helper and its man page.
# Included by the top-level Makefile, which defines SBINDIR, MANDIR, DESTDIR
# and INSTALL. Only this area's own files are named here (man/man.mk may
# install the other pages).

install::
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 755 kernel-cmdline/vfio-gpu-cmdline $(DESTDIR)$(SBINDIR)/vfio-gpu-cmdline
	$(INSTALL) -m 644 man/vfio-gpu-cmdline.8 $(DESTDIR)$(MANDIR)/man8/vfio-gpu-cmdline.8

uninstall::
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu-cmdline $(DESTDIR)$(MANDIR)/man8/vfio-gpu-cmdline.8
