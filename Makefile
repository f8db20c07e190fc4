# SPDX-License-Identifier: GPL-2.0-or-later
# vfio-gpu — top-level build. Each area keeps its rules in its own .mk file;
# this file holds the shared settings and the targets an administrator types.
#
#   make            build the early binder (and the host tools)
#   make check      install missing test packages (root), build, run every test
#   make demo       build, boot a QEMU VM with an emulated IOMMU, show what was claimed
#   make bench      benchmarks (not part of check)
#   make deb / rpm  the packages (packages.mk)
#   make install    install into $(DESTDIR)$(PREFIX)

PREFIX     ?= /usr
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
LIBDIR     ?= $(PREFIX)/lib
DATADIR    ?= $(PREFIX)/share
MANDIR     ?= $(DATADIR)/man
SYSCONFDIR ?= /etc
DESTDIR    ?=

CC       ?= cc
KLCC     ?= klcc
INSTALL  ?= install

# Strict warnings everywhere; CI builds with -Werror.
WARN   := -Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes \
          -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter
WERROR ?= -Werror

# Host builds: the normal one (host tool) and the sanitizer one (tests).
BUILD      := build
HOST_FLAGS := -std=gnu11 -O2 -g $(WARN) $(WERROR) -D_GNU_SOURCE
SAN_FLAGS  := -std=gnu11 -O1 -g $(WARN) $(WERROR) -D_GNU_SOURCE -DVG_TEST_HOOKS \
              -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all check check-deps demo bench fuzz install uninstall clean
all:

# Each area's .mk adds its own steps to these (double-colon rules).
install:: all
uninstall::

include lib/lib.mk
include early/early.mk
-include tests/tests.mk
-include kernel-cmdline/cmdline.mk
-include host/host.mk
-include dracut-module/dracut.mk
-include initramfs-tools-hook/initramfs-tools.mk
-include udev/udev.mk
-include qemu-test/qemu.mk
-include man/man.mk
-include bench/bench.mk
-include fuzz/fuzz.mk
-include packages.mk

check-deps:
	@tests/install-deps

# The README's test command: every suite in tests/suites, one summary line at the end.
check: check-deps
	@$(MAKE) --no-print-directory all
	@tests/run-all

clean:
	rm -rf $(BUILD) early/vfio-gpu-early
