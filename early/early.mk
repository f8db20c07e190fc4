# early/early.mk - the early binder: one core library (every early/*.c but
# main.c), linked statically with klibc for the initramfs, and with the host
# compiler (normal and sanitizer builds) for the host tool and the tests.
# make install strips the binary (dracut.mk): 47 KB instead of 160 KB in every image.

EARLY_MAIN := early/main.c
EARLY_LIB_SRC := $(filter-out $(EARLY_MAIN),$(wildcard early/*.c))
EARLY_HDR := $(wildcard early/*.h)

KLCC_FLAGS := -static -Os -Wl,-z,noseparate-code -Wall -Wextra -Wno-unused-parameter $(WERROR) \
              -ffunction-sections -fdata-sections -Wl,--gc-sections

all: early/vfio-gpu-early

early/vfio-gpu-early: $(EARLY_LIB_SRC) $(EARLY_MAIN) $(EARLY_HDR)
	$(KLCC) $(KLCC_FLAGS) -o $@ $(EARLY_LIB_SRC) $(EARLY_MAIN)

# Host builds of the same sources.
$(BUILD)/host/%.o: early/%.c $(EARLY_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) -c -o $@ $<

$(BUILD)/san/%.o: early/%.c $(EARLY_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -c -o $@ $<

HOST_LIB := $(BUILD)/host/libvfiogpu.a
SAN_LIB := $(BUILD)/san/libvfiogpu.a
$(HOST_LIB): $(patsubst early/%.c,$(BUILD)/host/%.o,$(EARLY_LIB_SRC))
	$(AR) rcs $@ $^
$(SAN_LIB): $(patsubst early/%.c,$(BUILD)/san/%.o,$(EARLY_LIB_SRC))
	$(AR) rcs $@ $^

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
