# SPDX-License-Identifier: GPL-2.0-or-later
# early/early.mk - vfio-gpu-early, the static binder: early/main.c (options
# only) over the shared core in lib/, linked statically with klibc for the
# initramfs; host builds of main.c link $(SAN_LIB)/$(HOST_LIB) for the tests.
# make install strips the binary (dracut.mk): 47 KB instead of 160 KB in every image.

EARLY_MAIN := early/main.c

# -Oz (GCC 12+), no build id and no .comment: 900 bytes of the 48 KiB budget
# (issue 12: variants, boot report and late devices all live in this binary).
KLCC_FLAGS := -static -Oz -fno-ident -Wl,--build-id=none -Wl,-z,noseparate-code \
              -Wall -Wextra -Wno-unused-parameter $(WERROR) \
              -ffunction-sections -fdata-sections -Wl,--gc-sections -Ilib

# EARLY_LIBC=musl: where klibc does not exist (RHEL and its rebuilds), the same
# sources link statically with musl-gcc into $(MUSL_EARLY), a path of its own so
# that both binaries coexist (tests/suites/22-early-musl runs the fake-root
# tests on it). Neither build carries a decompressor: the hooks unpack what the
# kernel cannot (hooklib/modset.sh).
EARLY_LIBC ?= klibc
MUSLCC     ?= musl-gcc
MUSL_EARLY := $(BUILD)/musl/vfio-gpu-early
# No unwind tables and no page-aligned code segment: 63 KB instead of 71 KB
# stripped (musl's stdio is larger than klibc's, which stays at 47 KB).
MUSL_FLAGS := -static -Os -std=gnu11 -D_GNU_SOURCE $(WARN) $(WERROR) \
              -ffunction-sections -fdata-sections -Wl,--gc-sections -Wl,-z,noseparate-code \
              -fno-asynchronous-unwind-tables -fno-unwind-tables -Ilib

ifeq ($(EARLY_LIBC),musl)
all: $(MUSL_EARLY)
# dracut.mk installs early/vfio-gpu-early unless told otherwise.
VFIO_GPU_EARLY_INSTALL := no
.PHONY: install-early-musl uninstall-early-musl
install:: install-early-musl
uninstall:: uninstall-early-musl
install-early-musl: $(MUSL_EARLY)
	$(INSTALL) -d -m 0755 $(DESTDIR)$(SBINDIR)
	$(INSTALL) -s -m 0755 $(MUSL_EARLY) $(DESTDIR)$(SBINDIR)/vfio-gpu-early
uninstall-early-musl:
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu-early
else ifeq ($(EARLY_LIBC),klibc)
all: early/vfio-gpu-early
else
$(error EARLY_LIBC must be klibc or musl, not '$(EARLY_LIBC)')
endif

early/vfio-gpu-early: $(CORE_SRC) $(EARLY_MAIN) $(CORE_HDR)
	$(KLCC) $(KLCC_FLAGS) -o $@ $(CORE_SRC) $(EARLY_MAIN)

$(MUSL_EARLY): $(CORE_SRC) $(EARLY_MAIN) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(MUSLCC) $(MUSL_FLAGS) -o $@ $(CORE_SRC) $(EARLY_MAIN)

$(BUILD)/host/main.o: $(EARLY_MAIN) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) -Ilib -c -o $@ $<

$(BUILD)/san/main.o: $(EARLY_MAIN) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -Ilib -c -o $@ $<

# The sanitizer build of the binder itself, for the fake-root tests.
$(BUILD)/san/vfio-gpu-early: $(BUILD)/san/main.o $(SAN_LIB)
	$(CC) $(SAN_FLAGS) -o $@ $^

.PHONY: install-early-man uninstall-early-man
install:: install-early-man
uninstall:: uninstall-early-man
install-early-man:
	$(INSTALL) -d -m 0755 $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0644 man/vfio-gpu-early.8 $(DESTDIR)$(MANDIR)/man8/vfio-gpu-early.8
	$(INSTALL) -d -m 0755 $(DESTDIR)$(MANDIR)/man7
	$(INSTALL) -m 0644 man/vfio-gpu.7 $(DESTDIR)$(MANDIR)/man7/vfio-gpu.7
uninstall-early-man:
	rm -f $(DESTDIR)$(MANDIR)/man8/vfio-gpu-early.8 $(DESTDIR)$(MANDIR)/man7/vfio-gpu.7
