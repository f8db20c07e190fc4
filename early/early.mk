# SPDX-License-Identifier: GPL-2.0-or-later
# early/early.mk - vfio-gpu-early, the static binder: early/main.c (options
# only) over the shared core in lib/, linked statically with klibc for the
# initramfs; host builds of main.c link $(SAN_LIB)/$(HOST_LIB) for the tests.
# make install strips the binary (dracut.mk): 47 KB instead of 160 KB in every image.

EARLY_MAIN := early/main.c early/split.c
EARLY_HDR  := early/split.h
# The host and sanitizer objects of the binder's own sources.
EARLY_HOST_OBJ := $(patsubst early/%.c,$(BUILD)/host/early/%.o,$(EARLY_MAIN))
EARLY_SAN_OBJ  := $(patsubst early/%.c,$(BUILD)/san/early/%.o,$(EARLY_MAIN))

# The distribution's flags (Makefile) that fit a static binder, put before its
# own (which win): warnings (-W..., not -Wl/-Wp/-Wa, which carry other things), -g
# (debug info for the distribution's debug package; the stripped binary is the
# same bytes) and the path maps of reproducible builds. Left out on purpose:
#   -O2 and the like      would undo -Oz/-Os, the size flags below;
#   -fstack-protector*    klibc has no __stack_chk_fail (nor a TLS canary): no link;
#   -D_FORTIFY_SOURCE     (also -Wp,-D...) klibc and musl have no __*_chk
#                         functions: a no-op here, real only in the glibc host tool;
#   -fcf-protection, -specs=, -fPIE/-pie, -Wl,-z,relro/now
#                         an endbr64 in every function and annobin notes grow the
#                         binary; it is static, not PIE, with no loader to apply
#                         relro or bind-now (nothing is bound lazily).
# The glibc host tool takes all of them (host/host.mk, lib/lib.mk).
EARLY_DISTRO_FLAGS := $(filter-out -Wl$(comma)% -Wp$(comma)% -Wa$(comma)%,\
	$(filter -W% -g% -ffile-prefix-map=% -fdebug-prefix-map=% -fmacro-prefix-map=%,\
	$(CPPFLAGS) $(CFLAGS)))

# klcc reads any -g (or -p...) as "debugging" and then replaces its own size
# options (-Os, -fno-asynchronous-unwind-tables, -falign-*=1, -mno-sse) by a
# bare -O: 9 KB more. The klibc binder has no build id either, so no debug
# package could index its debug info: it takes the rest without -g.
KLIBC_DISTRO_FLAGS := $(filter-out -g% -p%,$(EARLY_DISTRO_FLAGS))

# make install strips the binder (the size of every image). EARLY_INSTALL_STRIP=
# leaves that to the distribution, which keeps the debug info apart: the spec
# does so for the musl binder (find-debuginfo). The klibc one stays stripped
# here: it has no build id for a debug package to find it by, and the
# distributions' strips leave it larger (debian/rules, vfio-gpu.spec).
EARLY_INSTALL_STRIP ?= -s

# -Oz (GCC 12+), no build id and no .comment: 900 bytes of the 48 KiB budget
# (issue 12: variants, boot report and late devices all live in this binary).
KLCC_FLAGS := $(KLIBC_DISTRO_FLAGS) -static -Oz -fno-ident -Wl,--build-id=none -Wl,-z,noseparate-code \
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
MUSL_FLAGS := $(EARLY_DISTRO_FLAGS) -static -Os -std=gnu11 -D_GNU_SOURCE $(WARN) $(WERROR) \
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
	$(INSTALL) $(EARLY_INSTALL_STRIP) -m 0755 $(MUSL_EARLY) $(DESTDIR)$(SBINDIR)/vfio-gpu-early
uninstall-early-musl:
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu-early
else ifeq ($(EARLY_LIBC),klibc)
all: early/vfio-gpu-early
else
$(error EARLY_LIBC must be klibc or musl, not '$(EARLY_LIBC)')
endif

early/vfio-gpu-early: $(CORE_SRC) $(EARLY_MAIN) $(EARLY_HDR) $(CORE_HDR)
	$(KLCC) $(KLCC_FLAGS) -o $@ $(CORE_SRC) $(EARLY_MAIN)

$(MUSL_EARLY): $(CORE_SRC) $(EARLY_MAIN) $(EARLY_HDR) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(MUSLCC) $(MUSL_FLAGS) -o $@ $(CORE_SRC) $(EARLY_MAIN)

$(BUILD)/host/early/%.o: early/%.c $(EARLY_HDR) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) -Ilib -c -o $@ $<

$(BUILD)/san/early/%.o: early/%.c $(EARLY_HDR) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -Ilib -c -o $@ $<

# The sanitizer build of the binder itself, for the fake-root tests.
$(BUILD)/san/vfio-gpu-early: $(EARLY_SAN_OBJ) $(SAN_LIB)
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
