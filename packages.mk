# SPDX-License-Identifier: GPL-2.0-or-later
# packages.mk - `make deb` and `make rpm`: the packages an administrator
# installs, built from the tracked files of this tree (never from build
# outputs lying around) in $(PKG_OUT), with the project's own make/make install.
#   make deb    debian/ via dpkg-buildpackage -b -us -uc: vfio-gpu,
#               vfio-gpu-initramfs-tools, vfio-gpu-dracut (+ -dbgsym)
#   make rpm    vfio-gpu.spec via rpmbuild -bb; RPM_EARLY_LIBC=musl forces the
#               musl binder (the default: klibc if klcc exists, else musl)
# Included by the top-level Makefile with -include.

PKG_OUT     ?= $(BUILD)/packages
PKG_VERSION := $(shell sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
RPM_EARLY_LIBC ?=

# The tree as a source tarball: git's file list when this is a checkout, so a
# dirty build/ never leaks into a package.
PKG_FILES = { git ls-files -z --cached --others --exclude-standard 2>/dev/null || find . -path ./build -prune -o -path ./.git -prune -o -type f -print0; }

.PHONY: deb rpm
deb:
	rm -rf $(PKG_OUT)/deb
	mkdir -p $(PKG_OUT)/deb/vfio-gpu-$(PKG_VERSION)
	$(PKG_FILES) | tar --null -cf - -T - | tar -C $(PKG_OUT)/deb/vfio-gpu-$(PKG_VERSION) -xf -
	cd $(PKG_OUT)/deb/vfio-gpu-$(PKG_VERSION) && dpkg-buildpackage -b -us -uc
	@ls -l $(PKG_OUT)/deb/*.deb

# --nodeps: a Debian build host has no rpmdb to satisfy BuildRequires from.
rpm:
	rm -rf $(PKG_OUT)/rpm
	mkdir -p $(PKG_OUT)/rpm/SOURCES $(PKG_OUT)/rpm/src/vfio-gpu-$(PKG_VERSION)
	$(PKG_FILES) | tar --null -cf - -T - | tar -C $(PKG_OUT)/rpm/src/vfio-gpu-$(PKG_VERSION) -xf -
	tar -C $(PKG_OUT)/rpm/src -czf $(PKG_OUT)/rpm/SOURCES/vfio-gpu-$(PKG_VERSION).tar.gz vfio-gpu-$(PKG_VERSION)
	rpmbuild -bb --nodeps --define '_topdir $(abspath $(PKG_OUT)/rpm)' \
		$(if $(RPM_EARLY_LIBC),--define 'early_libc $(RPM_EARLY_LIBC)') vfio-gpu.spec
	@ls -l $(PKG_OUT)/rpm/RPMS/*/*.rpm
