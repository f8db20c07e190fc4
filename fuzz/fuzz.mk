# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz/fuzz.mk - libFuzzer targets for the core's pure parsers (fuzz/*.c),
# built with clang and ASan+UBSan against a coverage-instrumented copy of the
# core library.
#   make fuzz              every target for FUZZ_SECONDS (default 600) each
#   make fuzz-short        every target for FUZZ_SHORT (5) seconds: suite 70-fuzz
#   make fuzz-targets      build only
# Runs start from the committed seeds in fuzz/corpus/TARGET but write what they
# find to $(BUILD)/fuzz/corpus/TARGET: the committed corpus never grows by
# itself (copy an interesting find there by hand). Crashes land in
# $(BUILD)/fuzz/crash/TARGET-*.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 600
FUZZ_SHORT   ?= 5
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_NAMES   := cmdline conffile ids pin moddep modprobe_d hexattr select modalias jsonread uevent
FUZZ_BINS    := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_NAMES))
FUZZ_CFLAGS  := -std=gnu11 -O1 -g $(WARN) $(WERROR) -D_GNU_SOURCE -Ilib \
                -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: fuzz fuzz-short fuzz-targets
fuzz-targets: $(FUZZ_BINS)

$(FUZZ_DIR)/lib/%.o: lib/%.c $(CORE_HDR)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/libvfiogpu.a: $(patsubst lib/%.c,$(FUZZ_DIR)/lib/%.o,$(CORE_SRC))
	$(AR) rcs $@ $^

$(FUZZ_DIR)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FUZZ_DIR)/libvfiogpu.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_DIR)/libvfiogpu.a

# The host tool's JSON reader (vfio-gpu status reads the boot report with it).
$(FUZZ_DIR)/fuzz_jsonread: fuzz/fuzz_jsonread.c fuzz/fuzz.h host/jsonread.c host/jsonread.h \
			   $(FUZZ_DIR)/libvfiogpu.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Ihost -fsanitize=fuzzer -o $@ fuzz/fuzz_jsonread.c host/jsonread.c \
		$(FUZZ_DIR)/libvfiogpu.a

# fuzz/run-targets does the runs (a copy of the seeds per target, TAP lines).
fuzz: fuzz-targets
	fuzz/run-targets $(FUZZ_SECONDS) $(FUZZ_NAMES)

fuzz-short: fuzz-targets
	fuzz/run-targets $(FUZZ_SHORT) $(FUZZ_NAMES)

# A glibc build of the binder for valgrind's heap checks (suite 75-valgrind):
# valgrind cannot replace malloc in a static klibc binary.
$(BUILD)/valgrind/vfio-gpu-early: $(EARLY_HOST_OBJ) $(HOST_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) $(LDFLAGS) -o $@ $^
