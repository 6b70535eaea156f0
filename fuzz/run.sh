#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a bounded time.
#
#   fuzz/run.sh BUILD_DIR SECONDS
#
# BUILD_DIR is a build configured as in fuzz/README.md. For each target, the
# inputs in fuzz/regressions/ that belong to it are replayed first; then the
# target is fuzzed for SECONDS (0: run the seed corpus once) on a copy of its
# seed corpus, so the committed corpus never changes. Exits non-zero on any
# crash, leak, timeout, out-of-memory or undefined behaviour, and prints where
# the offending input was saved. FUZZ_TARGETS="fuzz_runbook ..." narrows the
# set of targets.
set -euo pipefail

if [[ $# -ne 2 || ! $2 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
fuzz_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
targets=${FUZZ_TARGETS:-fuzz_runbook fuzz_sql_tree fuzz_sql_statements fuzz_ddl fuzz_rust_contracts fuzz_scope fuzz_plan fuzz_audit_log fuzz_bundle_manifest}

# The module libraries are built with recoverable UBSan checks (the
# documented CMAKE_CXX_FLAGS); halt_on_error turns their reports into crashes.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

# Seed corpus, regression file suffix and dictionary of each target.
corpus_of() {
  case $1 in
    fuzz_runbook) echo runbook ;;
    fuzz_sql_tree) echo sql_tree ;;
    fuzz_sql_statements) echo sql_statements ;;
    fuzz_ddl) echo ddl ;;
    fuzz_rust_contracts) echo rust_contracts ;;
    fuzz_scope) echo scope ;;
    fuzz_plan) echo plan ;;
    fuzz_audit_log) echo audit_log ;;
    fuzz_bundle_manifest) echo bundle_manifest ;;
  esac
}
suffix_of() {
  case $1 in
    fuzz_runbook) echo md ;;
    fuzz_sql_tree) echo json ;;
    fuzz_sql_statements) echo sql ;;
    fuzz_ddl) echo ddl.sql ;;
    fuzz_rust_contracts) echo rs ;;
    fuzz_scope) echo scope.sql ;;
    fuzz_plan) echo plan.md ;;
    fuzz_audit_log) echo audit.jsonl ;;
    fuzz_bundle_manifest) echo bundle.json ;;
  esac
}
# Inputs the project already keeps for its tests, added to a target's seed
# corpus at run time so that they are not kept twice: rule fixtures and
# example runbooks for fuzz_runbook, schema fixtures for fuzz_ddl, the Rust
# fixture crates for fuzz_rust_contracts.
testdata_seeds_of() {
  local root
  root=$(cd "$fuzz_dir/.." && pwd)
  case $1 in
    fuzz_runbook) find "$root/testdata/rules" "$root/examples" -name '*.md' -path '*/[oe][kr]*/*' -o \
      -path "$root/examples/*.md" ;;
    fuzz_ddl) find "$root/testdata/rules" "$root/testdata/schema" -name '*.sql' ;;
    fuzz_rust_contracts) find "$root/testdata/contracts" "$root/testdata/rules" -name '*.rs' ;;
    fuzz_plan) find "$root/examples" "$root/testdata/scope" -maxdepth 1 -name '*.md' ;;
    fuzz_audit_log) find "$root/testdata/audit" -name '*.jsonl' ;;
  esac
}
dict_of() {
  case $1 in
    fuzz_runbook | fuzz_sql_statements | fuzz_ddl | fuzz_scope | fuzz_plan) echo "$fuzz_dir/runbook.dict" ;;
    fuzz_sql_tree | fuzz_bundle_manifest) echo "$fuzz_dir/json.dict" ;;
    fuzz_audit_log) echo "$fuzz_dir/audit.dict" ;;
    fuzz_rust_contracts) echo "$fuzz_dir/rust.dict" ;;
  esac
}

work=$(mktemp -d "${TMPDIR:-/tmp}/runwarden-fuzz.XXXXXX")
failed=0
keep_work=0

# Prints the end of a failed run's log and where its input is.
report_failure() {
  local target=$1 log=$2 artifacts=$3
  failed=1
  keep_work=1
  echo "FAIL: $target" >&2
  tail -n 80 "$log" >&2
  local found=0
  for f in "$artifacts"/*; do
    [[ -e $f ]] || continue
    found=1
    echo "FAIL: $target: offending input saved at $f" >&2
    echo "      replay:   $build_dir/fuzz/$target $f" >&2
    echo "      minimize: $build_dir/fuzz/$target -minimize_crash=1 -runs=100000 $f" >&2
  done
  if [[ $found -eq 0 ]]; then echo "FAIL: $target: full log at $log" >&2; fi
}

for target in $targets; do
  exe=$build_dir/fuzz/$target
  corpus=$(corpus_of "$target")
  if [[ -z $corpus ]]; then
    echo "unknown fuzz target: $target" >&2
    exit 2
  fi
  if [[ ! -x $exe ]]; then
    echo "$exe is missing: build it with ninja -C $1 $target (configure as in fuzz/README.md)" >&2
    exit 2
  fi

  mkdir -p "$work/$target/artifacts"
  log=$work/$target/log
  artifacts=$work/$target/artifacts

  regressions=()
  for f in "$fuzz_dir"/regressions/*."$(suffix_of "$target")"; do
    [[ -f $f && $(basename "$f") != README.md ]] && regressions+=("$f")
  done
  if [[ ${#regressions[@]} -gt 0 ]]; then
    echo "== $target: replaying ${#regressions[@]} regression input(s)"
    if ! "$exe" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/" \
      "${regressions[@]}" >"$log" 2>&1; then
      report_failure "$target" "$log" "$artifacts"
      continue
    fi
  fi

  mkdir -p "$work/$target/corpus"
  if [[ -d $fuzz_dir/corpus/$corpus ]]; then cp -R "$fuzz_dir/corpus/$corpus/." "$work/$target/corpus/"; fi
  n=0
  while IFS= read -r seed; do
    cp "$seed" "$work/$target/corpus/testdata-$((n++))-$(basename "$seed")"
  done < <(testdata_seeds_of "$target")
  if [[ $seconds -eq 0 ]]; then
    limit=(-runs=0)
    echo "== $target: running the seed corpus once"
  else
    limit=(-max_total_time="$seconds")
    echo "== $target: fuzzing for ${seconds}s"
  fi
  if "$exe" "${limit[@]}" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict="$(dict_of "$target")" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$work/$target/corpus" >"$log" 2>&1; then
    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" | sed 's/^/   /' || true
    echo "   corpus: $(find "$work/$target/corpus" -type f | wc -l) inputs"
  else
    report_failure "$target" "$log" "$artifacts"
  fi
done

if [[ $keep_work -eq 0 ]]; then
  rm -rf "$work"
else
  echo "logs and inputs kept in $work" >&2
fi
exit $failed
