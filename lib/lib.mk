# SPDX-License-Identifier: GPL-2.0-or-later
# lib/lib.mk - the shared core (lib/*.c): one static library built three ways,
# used by both front ends (early/ and host/), the unit tests and the fuzzers.
#   $(HOST_LIB)  glibc, optimised: the host tool, valgrind and bench builds
#   $(SAN_LIB)   glibc with ASan+UBSan (and the test hooks): the tests
# The klibc/musl static binder compiles the same sources directly (early.mk).

CORE_SRC := $(wildcard lib/*.c)
CORE_HDR := $(wildcard lib/*.h)

$(BUILD)/host/%.o: lib/%.c $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) -c -o $@ $<

$(BUILD)/san/%.o: lib/%.c $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) -c -o $@ $<

HOST_LIB := $(BUILD)/host/libvfiogpu.a
SAN_LIB := $(BUILD)/san/libvfiogpu.a
$(HOST_LIB): $(patsubst lib/%.c,$(BUILD)/host/%.o,$(CORE_SRC))
	$(AR) rcs $@ $^
$(SAN_LIB): $(patsubst lib/%.c,$(BUILD)/san/%.o,$(CORE_SRC))
	$(AR) rcs $@ $^
