#!/usr/bin/env bash
# Builds runwarden with AddressSanitizer and UndefinedBehaviorSanitizer
# (warnings as errors) and runs every test against a throwaway PostgreSQL 15,
# then checks formatting and fuzzes the parsers for a bounded time.
#
#   scripts/test.sh            everything (what `make test` and CI run)
#   scripts/test.sh fuzz-only  only the fuzzing step (FUZZ_SECONDS per target)
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-45}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

step() { printf '\n== %s\n' "$*"; }

fuzz() {
  if [[ ! -x fuzz/run.sh ]]; then
    echo "no fuzz targets yet"
    return 0
  fi
  step "fuzzing build (clang, libFuzzer)"
  local flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all"
  CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRUNWARDEN_FUZZ=ON -DRUNWARDEN_TESTS=OFF -DRUNWARDEN_BENCH=OFF \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null
  cmake --build build/fuzz -j "$jobs"
  step "fuzzing each target for ${fuzz_seconds}s"
  fuzz/run.sh build/fuzz "$fuzz_seconds"
}

if [[ "${1:-}" == "fuzz-only" ]]; then
  fuzz
  exit 0
fi

step "format check"
git ls-files '*.cc' '*.h' | xargs clang-format --dry-run --Werror

step "sanitizer build (ASan + UBSan, -Werror)"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRUNWARDEN_SANITIZE=ON \
  -DRUNWARDEN_WERROR=ON -DRUNWARDEN_BENCH=ON >/dev/null
cmake --build build/asan -j "$jobs"

step "tests (with a throwaway PostgreSQL 15)"
scripts/with-postgres.sh ctest --test-dir build/asan --output-on-failure -j "$jobs" --timeout 600

fuzz

step "all tests passed"
