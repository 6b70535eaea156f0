# runwarden: the two commands that do everything are `make demo` and
# `make test`. Both install missing Debian packages first.

SHELL := /bin/bash
RELEASE_DIR := build/release

.PHONY: demo demo-pg test deps release format check-format bench fuzz clean

deps:
	@scripts/install-deps.sh

# An optimised build of the runwarden binary.
release: deps
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DRUNWARDEN_TESTS=OFF -DRUNWARDEN_BENCH=OFF >/dev/null
	@cmake --build $(RELEASE_DIR) --target runwarden

# The main job, as far as it exists, on the project's example runbook.
demo: release
	@scripts/demo.sh $(RELEASE_DIR)/runwarden

# The same incident on PostgreSQL 15: a throwaway server for the service's
# database, and the halted run's bundle replayed in a cluster runwarden makes.
demo-pg: release
	@scripts/demo-pg.sh $(RELEASE_DIR)/runwarden

# Every test: a sanitizer build (ASan + UBSan, warnings as errors) run
# against a throwaway PostgreSQL 15, the SARIF schema check, a format check
# and a bounded fuzzing run.
test: deps
	@scripts/test.sh

bench: deps
	@cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DRUNWARDEN_BENCH=ON >/dev/null
	@cmake --build $(RELEASE_DIR) --target runwarden_bench
	@$(RELEASE_DIR)/runwarden_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

fuzz: deps
	@FUZZ_SECONDS=$${FUZZ_SECONDS:-300} scripts/test.sh fuzz-only

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

check-format:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

clean:
	rm -rf build
