# shipgate — one GNU Makefile; variants build into build/<variant>/.
#   make            release build: build/release/shipgate
#   make asan       ASan+UBSan build of the binary and the tests
#   make fuzz       libFuzzer targets (clang)
#   make test       everything that needs no network; ends with the runners' summaries
#   make bench      benchmarks (print figures, never fail on time)

SHELL := /bin/bash
PKG_CONFIG ?= pkg-config
VARIANT ?= release
# BUILD and LIB_DIRS may be narrowed while one subsystem is being worked on:
#   make BUILD=build/gate LIB_DIRS="base gate" build/gate/tests/unit/test_gate_sarif
BUILD ?= build/$(VARIANT)
LIB_DIRS ?= $(filter-out cli,$(notdir $(wildcard src/*)))
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

PKGS := libfyaml jansson libsodium yajl libxml-2.0 libhs libgit2 sqlite3
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS := $(shell $(PKG_CONFIG) --libs $(PKGS))

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS_COMMON := -std=c11 -D_GNU_SOURCE $(WARN) -Isrc -MMD -MP -DSG_VERSION='"$(VERSION)"' $(PKG_CFLAGS)

ifeq ($(VARIANT),release)
CFLAGS_VARIANT := -O2 -g
LDFLAGS_VARIANT :=
else ifeq ($(VARIANT),asan)
CFLAGS_VARIANT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -DSG_ARENA_MALLOC
LDFLAGS_VARIANT := -fsanitize=address,undefined
else ifeq ($(VARIANT),fuzz)
CC := clang
CFLAGS_VARIANT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -DSG_ARENA_MALLOC -DSG_FUZZING
LDFLAGS_VARIANT := -fsanitize=address,undefined
else
$(error unknown VARIANT '$(VARIANT)': release, asan or fuzz)
endif

ALL_CFLAGS := $(CFLAGS_COMMON) $(CFLAGS_VARIANT) $(CFLAGS)
ALL_LDFLAGS := $(LDFLAGS_VARIANT) $(LDFLAGS)
LIBS := $(PKG_LIBS) -lm -lpthread

LIB_SRC := $(sort $(foreach d,$(LIB_DIRS),$(wildcard src/$(d)/*.c)))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
CONF_SRC := $(sort $(wildcard tests/conformance/conf_*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))

LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
LIBA := $(BUILD)/libshipgate.a
BIN := $(BUILD)/shipgate
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
CONF_BIN := $(CONF_SRC:%.c=$(BUILD)/%)
FUZZ_BIN := $(FUZZ_SRC:%.c=$(BUILD)/%)
BENCH_BIN := $(BENCH_SRC:%.c=$(BUILD)/%)

.PHONY: all tests asan fuzz test test-unit test-conformance test-e2e test-asan fuzz-smoke \
        bench clean format lint-c
.DEFAULT_GOAL := all
.SECONDARY:

all: $(BIN)

tests: $(BIN) $(UNIT_BIN) $(CONF_BIN)

# Short build lines; V=1 shows the whole commands.
ifeq ($(V),1)
Q :=
else
Q := @
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC    $<")
	$(Q)$(CC) $(ALL_CFLAGS) -c $< -o $@

$(LIBA): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIBA) $(LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS) $(shell $(PKG_CONFIG) --libs cmocka)

$(BUILD)/tests/conformance/%: $(BUILD)/tests/conformance/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

$(BUILD)/tests/fuzz/%: $(BUILD)/tests/fuzz/%.o $(LIBA)
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $< $(LIBA) $(LIBS)

asan:
	$(MAKE) VARIANT=asan tests

fuzz:
	$(MAKE) VARIANT=fuzz fuzz-bins

.PHONY: fuzz-bins
fuzz-bins: $(FUZZ_BIN)

# ---- tests --------------------------------------------------------------

SHARED ?= $(abspath ../shared)
export SHARED
# Library leaks we cannot fix (see the file); ASan and fuzz runs read it.
export LSAN_OPTIONS := suppressions=$(abspath tests/lsan.supp):print_suppressions=0

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

test-conformance: $(CONF_BIN)
	@set -e; for t in $(CONF_BIN); do echo "== $$t"; $$t $(SHARED)/conformance tests/data; done

test-e2e: $(BIN)
	SHIPGATE=$(abspath $(BIN)) prove --timer -j2 tests/e2e/t*.sh

test-asan:
	$(MAKE) VARIANT=asan test-unit
	$(MAKE) VARIANT=asan test-conformance
	$(MAKE) VARIANT=asan test-e2e

FUZZ_SECONDS ?= 8
fuzz-smoke:
	$(MAKE) VARIANT=fuzz fuzz-bins
	@set -e; for f in $(FUZZ_SRC:%.c=build/fuzz/%); do \
	  name=$$(basename $$f); corpus=tests/fuzz/corpus/$${name#fuzz_}; \
	  work=$$(mktemp -d); if [ -d $$corpus ]; then cp -r $$corpus/. $$work/; fi; \
	  echo "== $$name ($(FUZZ_SECONDS)s)"; \
	  if ! $$f -seed=1 -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 $$work > $$work.log 2>&1; then \
	    tail -n 60 $$work.log; rm -rf $$work $$work.log; exit 1; fi; \
	  grep -E '^(#[0-9]+[[:space:]]+DONE|Done)' $$work.log | tail -n 1; \
	  rm -rf $$work $$work.log; \
	done

# The release runners come last so their summary lines end the output.
test:
	$(MAKE) fuzz-smoke
	$(MAKE) test-asan
	$(MAKE) test-unit
	$(MAKE) test-conformance
	$(MAKE) test-e2e

# The README's first command: build, then run shipgate on the bundled example.
.PHONY: example
example: $(BIN)
	bash scripts/run-example.sh $(BIN) examples/python-service

bench: $(BIN) $(BENCH_BIN)
	@bash bench/run.sh $(abspath $(BUILD))

clean:
	rm -rf build

format:
	clang-format -i $(LIB_SRC) $(CLI_SRC) $(wildcard src/*/*.h)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
