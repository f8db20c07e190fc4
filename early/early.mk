# early/early.mk - vfio-gpu-early, the static binder: early/main.c (options
# only) over the shared core in lib/, linked statically with klibc for the
# initramfs; host builds of main.c link $(SAN_LIB)/$(HOST_LIB) for the tests.
# make install strips the binary (dracut.mk): 47 KB instead of 160 KB in every image.

EARLY_MAIN := early/main.c

KLCC_FLAGS := -static -Os -Wl,-z,noseparate-code -Wall -Wextra -Wno-unused-parameter $(WERROR) \
              -ffunction-sections -fdata-sections -Wl,--gc-sections -Ilib

all: early/vfio-gpu-early

early/vfio-gpu-early: $(CORE_SRC) $(EARLY_MAIN) $(CORE_HDR)
	$(KLCC) $(KLCC_FLAGS) -o $@ $(CORE_SRC) $(EARLY_MAIN)

$(BUILD)/host/main.o: $(EARLY_MAIN) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) -Ilib -c -o $@ $<

$(BUILD)/san/main.o: $(EARLY_MAIN) $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -Ilib -c -o $@ $<

# The sanitizer build of the binder itself, for the fake-root tests.
$(BUILD)/san/vfio-gpu-early: $(BUILD)/san/main.o $(SAN_LIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ -lz

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
