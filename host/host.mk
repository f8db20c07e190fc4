# SPDX-License-Identifier: GPL-2.0-or-later
# host/host.mk - vfio-gpu, the host-side tool: glibc + libkmod, linked with the
# core library ($(HOST_LIB)); a sanitizer build against $(SAN_LIB) for the tests.

HOST_SRC := $(wildcard host/*.c)
HOST_HDR := $(wildcard host/*.h) $(CORE_HDR)
KMOD_CFLAGS := $(shell pkg-config --cflags libkmod 2>/dev/null)
KMOD_LIBS := $(shell pkg-config --libs libkmod 2>/dev/null || echo -lkmod)
HOST_TOOL_CFLAGS := -Ilib $(KMOD_CFLAGS)

all: host/vfio-gpu

$(BUILD)/host/host/%.o: host/%.c $(HOST_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) $(HOST_TOOL_CFLAGS) -c -o $@ $<

$(BUILD)/san/host/%.o: host/%.c $(HOST_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $(HOST_TOOL_CFLAGS) -c -o $@ $<

host/vfio-gpu: $(patsubst host/%.c,$(BUILD)/host/host/%.o,$(HOST_SRC)) $(HOST_LIB)
	$(CC) $(HOST_FLAGS) $(LDFLAGS) -o $@ $^ $(KMOD_LIBS)

$(BUILD)/san/vfio-gpu: $(patsubst host/%.c,$(BUILD)/san/host/%.o,$(HOST_SRC)) $(SAN_LIB)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(KMOD_LIBS)

install:: host/vfio-gpu
	$(INSTALL) -d $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man8 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	$(INSTALL) -m 755 host/vfio-gpu $(DESTDIR)$(SBINDIR)/vfio-gpu
	$(INSTALL) -m 644 man/vfio-gpu.8 $(DESTDIR)$(MANDIR)/man8/vfio-gpu.8
	$(INSTALL) -m 644 host/vfio-gpu.bash-completion \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/vfio-gpu

uninstall::
	rm -f $(DESTDIR)$(SBINDIR)/vfio-gpu $(DESTDIR)$(MANDIR)/man8/vfio-gpu.8 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/vfio-gpu

clean: clean-host
.PHONY: clean-host
clean-host:
	rm -f host/vfio-gpu
