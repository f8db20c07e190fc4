# SPDX-License-Identifier: GPL-2.0-or-later
# bench/bench.mk - `make bench` (not part of `make check`): dry-run time of the
# static binder against a C floor and a shell peer on fake sysfs trees of 64 to
# 32 768 functions; results in bench/RESULTS.md (see bench/run).
BENCH_BIN := $(BUILD)/bench

$(BENCH_BIN)/floor: bench/floor.c
	@mkdir -p $(dir $@)
	$(KLCC) -static -O2 $(WARN) $(WERROR) -o $@ $<

$(BENCH_BIN)/timeit: bench/timeit.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) $(LDFLAGS) -o $@ $<

$(BENCH_BIN)/mkroot-fast: bench/mkroot-fast.c
	@mkdir -p $(dir $@)
	$(CC) $(HOST_FLAGS) $(LDFLAGS) -o $@ $<

bench: early/vfio-gpu-early $(BENCH_BIN)/floor $(BENCH_BIN)/timeit $(BENCH_BIN)/mkroot-fast
	bench/run
