# SPDX-License-Identifier: GPL-2.0-or-later
# tests/tests.mk - the C unit tests, built against the sanitizer library.
UNIT_SRC := $(wildcard tests/unit/*.c)

$(BUILD)/san/unit-tests: $(UNIT_SRC) tests/unit/tap.h $(SAN_LIB)
	$(CC) $(SAN_FLAGS) -Wno-missing-prototypes -o $@ $(UNIT_SRC) $(SAN_LIB)

.PHONY: unit
unit: $(BUILD)/san/unit-tests
	$(BUILD)/san/unit-tests
