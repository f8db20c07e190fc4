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

# The distribution's build flags (dpkg-buildflags, rpm's %{build_cflags}):
# taken from the environment or the command line, never replaced by ours. The
# project's own (-std, warnings, defines, -I) come after them, so that a
# packager's CFLAGS neither drops them nor weakens them (a distro -Wformat
# would otherwise turn -Wformat=2 back into -Wformat=1); -O and -g are theirs.
# The host tool takes them whole; the static binder only the subset that fits
# it (early/early.mk).
CFLAGS   ?= -O2 -g
comma    := ,
CPPFLAGS ?=
LDFLAGS  ?=

# Host builds: the normal one (host tool) and the sanitizer one (tests). Only
# the first is shipped; the sanitizer build keeps its own -O1 and no distro
# flags (ASan and _FORTIFY_SOURCE check the same calls twice, and disagree).
BUILD      := build
HOST_FLAGS := $(CPPFLAGS) $(CFLAGS) -std=gnu11 $(WARN) $(WERROR) -D_GNU_SOURCE
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
