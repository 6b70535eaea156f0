#!/usr/bin/env bash
# CTest driver: validates every SARIF log runwarden produces for the example
# runbooks and the rule fixtures against the SARIF 2.1.0 JSON schema, then
# checks what the schema cannot (rule references, regions, artifact uris).
#
#   run-test.sh RUNWARDEN SOURCE_DIR WORK_DIR
#
# Exit codes: 0 pass, 1 fail, 77 skipped (node or npm missing outside CI).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 RUNWARDEN SOURCE_DIR WORK_DIR" >&2
  exit 1
fi

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Absolute paths, because runwarden runs from the source dir below.
[[ -x $1 ]] || fail "runwarden binary $1 does not exist or is not executable; build it first"
runwarden="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
src="$(cd "$2" && pwd)"
mkdir -p "$3"
work="$(cd "$3" && pwd)"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# node and npm are test-only dependencies: a developer without them should
# not see a red test suite, but CI must never skip this check unnoticed.
missing=()
command -v node >/dev/null 2>&1 || missing+=(node)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [[ ${#missing[@]} -gt 0 ]]; then
  why="$(IFS=/; echo "${missing[*]}") not found on PATH (install Debian's nodejs and npm packages)"
  if [[ ${CI:-} == true ]]; then
    fail "$why; CI=true, so SARIF schema validation must run rather than be skipped"
  fi
  echo "SKIP: $why; SARIF schema validation did not run"
  exit 77
fi

# (a) Install the validator's dependencies into the build tree, never into
# the source tree. Reinstall only when package.json or the lock file changed,
# so reruns cost no network and no time.
deps="$work/deps"
if [[ -d $deps/node_modules ]] &&
   cmp -s "$here/package.json" "$deps/package.json" &&
   cmp -s "$here/package-lock.json" "$deps/installed-package-lock.json"; then
  echo "reusing node dependencies in $deps"
else
  rm -rf "$deps"
  mkdir -p "$deps"
  cp "$here/package.json" "$here/package-lock.json" "$deps/"
  (cd "$deps" && npm ci --ignore-scripts --no-audit --no-fund) ||
    fail "npm ci in $deps failed (is the npm registry reachable?)"
  # Written only after a successful install, so a broken one is retried.
  cp "$here/package-lock.json" "$deps/installed-package-lock.json"
fi
# Run the scripts from beside the install so that node resolves ajv from it
# and not from a node_modules a developer may have left in the source tree.
cp "$here/validate.js" "$here/check-semantics.js" "$deps/"
validate=(node "$deps/validate.js")
semantics=(node "$deps/check-semantics.js")

# A validator that accepts everything would make this whole test pass
# vacuously; prove it rejects a broken log first. The document lacks
# "version", has a result level SARIF does not define, and a "$schema" that
# is no URI (which only fails when the format checks are loaded).
neg="$work/negative"
rm -rf "$neg"
mkdir -p "$neg"
cat >"$neg/invalid.sarif" <<'EOF'
{
  "$schema": "not a uri",
  "runs": [{
    "tool": {"driver": {"name": "runwarden", "rules": [{"id": "r"}]}},
    "results": [{"ruleId": "r", "ruleIndex": 0, "level": "fatal", "message": {"text": "m"}}]
  }]
}
EOF
printf '{"version": "2.1.0", "runs": [' >"$neg/truncated.sarif"
if "${validate[@]}" "$neg/invalid.sarif" >"$neg/invalid.out" 2>&1; then
  cat "$neg/invalid.out" >&2
  fail "validate.js accepted a deliberately invalid SARIF log; the validator is broken"
fi
for expected in "required property 'version'" "/runs/0/results/0/level" 'must match format "uri"'; do
  grep -qF "$expected" "$neg/invalid.out" ||
    { cat "$neg/invalid.out" >&2; fail "validate.js did not report: $expected"; }
done
if "${validate[@]}" "$neg/truncated.sarif" >"$neg/truncated.out" 2>&1; then
  fail "validate.js accepted a file that is not JSON"
fi
echo "validator rejects invalid logs: ok"

# (b) Produce the logs. runwarden runs from the source dir with relative
# paths, which is how CI invokes it and what the artifact uris must echo.
out="$work/out"
rm -rf "$out"
mkdir -p "$out"
cd "$src"
shopt -s nullglob
examples=(examples/*.md)
err_fixtures=(testdata/rules/*/err/*.md)
ok_fixtures=(testdata/rules/*/ok/*.md)
shopt -u nullglob
[[ ${#examples[@]} -gt 0 ]] || fail "no examples/*.md under $src"
[[ ${#err_fixtures[@]} -gt 0 ]] || fail "no testdata/rules/*/err/*.md under $src"
[[ ${#ok_fixtures[@]} -gt 0 ]] || fail "no testdata/rules/*/ok/*.md under $src"

logs=()
declare -A exit_of=() inputs_of=() flags_of=()

# lint LOG [CHECK-FLAG...] -- INPUT...: runs runwarden and records what to check.
lint() {
  local log="$out/$1"
  shift
  local flags=()
  while [[ $1 != -- ]]; do flags+=("$1"); shift; done
  shift
  local rc=0
  "$runwarden" lint --format sarif "$@" >"$log" 2>"$log.stderr" || rc=$?
  # 0 and 1 are both a successful lint (1 = error-level findings); anything
  # else means runwarden rejected its input or crashed.
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    cat "$log.stderr" >&2
    fail "runwarden lint --format sarif $* exited $rc"
  fi
  logs+=("$log")
  exit_of[$log]=$rc
  # One per line, so that paths with spaces survive the round trip.
  inputs_of[$log]=$(printf '%s\n' "$@")
  flags_of[$log]=$(printf '%s\n' ${flags[@]+"${flags[@]}"})
}

# Turns testdata/rules/RULE/err/NAME.md into RULE-err-NAME.
name_of() {
  local p=${1#testdata/rules/}
  p=${p%.md}
  echo "${p//\//-}"
}
rule_of() {
  local p=${1#testdata/rules/}
  echo "${p%%/*}"
}
# Tenant-scope rules (their page says they look at statements against the
# schema) check their fixtures against the shared schema, as the fixture test
# does.
schema_flags_of() {
  local rule
  rule=$(rule_of "$1")
  if grep -q '^\*\*Severity:\*\*.*runwarden lint --schema' "docs/rules/$rule.md"; then
    echo "--schema testdata/scope/schema.sql --role app_user"
  fi
}

for f in "${examples[@]}"; do
  n=${f#examples/}
  lint "example-${n%.md}.sarif" -- "$f"
done
# Each err fixture must actually trigger its rule, or that rule's SARIF
# would go unchecked; the combined run must trigger all of them.
declare -A rules=()
scope_err=()
for f in "${err_fixtures[@]}"; do
  # shellcheck disable=SC2046 # the flags are words
  lint "$(name_of "$f").sarif" --expect-rule "$(rule_of "$f")" -- $(schema_flags_of "$f") "$f"
  rules[$(rule_of "$f")]=1
  [[ -z $(schema_flags_of "$f") ]] || scope_err+=("$f")
done
all_rules=()
for r in "${!rules[@]}"; do all_rules+=(--expect-rule "$r"); done
lint "all-err-fixtures.sarif" "${all_rules[@]}" -- \
  --schema testdata/scope/schema.sql --role app_user "${err_fixtures[@]}"
for f in "${ok_fixtures[@]}"; do
  # shellcheck disable=SC2046
  lint "$(name_of "$f").sarif" -- $(schema_flags_of "$f") "$f"
done
# Application SQL and sqlx caches through check-sql.
rc=0
"$runwarden" check-sql --format sarif --schema testdata/scope/schema.sql testdata/scope/app \
  >"$out/check-sql.sarif" 2>"$out/check-sql.sarif.stderr" || rc=$?
[[ $rc -eq 1 ]] || { cat "$out/check-sql.sarif.stderr" >&2; fail "check-sql exited $rc, not 1"; }
logs+=("$out/check-sql.sarif")
exit_of[$out/check-sql.sarif]=1
inputs_of[$out/check-sql.sarif]=$(find testdata/scope/app -name '*.sql' -o -name 'query-*.json' | sort)
flags_of[$out/check-sql.sarif]=
# A halted plan's findings (runbook, scope and schema rules together).
rc=0
"$runwarden" plan --format sarif --schema testdata/scope/schema.sql --role app_user \
  --tenant 7c9e6679-7425-40de-944b-e07fc1f90ae7 testdata/scope/leaky-runbook.md \
  >"$out/plan.sarif" 2>"$out/plan.sarif.stderr" || rc=$?
[[ $rc -eq 1 ]] || { cat "$out/plan.sarif.stderr" >&2; fail "plan exited $rc, not 1"; }
logs+=("$out/plan.sarif")
exit_of[$out/plan.sarif]=1
inputs_of[$out/plan.sarif]=$(printf '%s\n' testdata/scope/leaky-runbook.md testdata/scope/schema.sql)
flags_of[$out/plan.sarif]=

# other COMMAND LOG INPUTS -- ARGS...: a finding-producing command besides
# lint and plan; INPUTS (newline-separated) are the files its uris may name.
other() {
  local command=$1 log="$out/$2" inputs=$3
  shift 4
  local rc=0
  "$runwarden" "$command" --format sarif "$@" >"$log" 2>"$log.stderr" || rc=$?
  if [[ $rc -ne 0 && $rc -ne 1 ]]; then
    cat "$log.stderr" >&2
    fail "runwarden $command --format sarif $* exited $rc"
  fi
  logs+=("$log")
  exit_of[$log]=$rc
  inputs_of[$log]=$inputs
  flags_of[$log]=
}
# The schema's tenancy and row-level security (scan), and the Rust row
# types against it (contracts).
other scan scan-saas.sarif "$(printf '%s\n' testdata/schema/saas.sql testdata/schema/runwarden.toml)" \
  -- --schema testdata/schema/saas.sql --config testdata/schema/runwarden.toml
other contracts contracts-billing-service.sarif \
  "$(find testdata/contracts/billing-service -type f \( -name '*.rs' -o -name '*.sql' -o -name '*.toml' -o -name '*.json' \) | sort)" \
  -- --rust testdata/contracts/billing-service --schema testdata/contracts/billing-service/schema.sql

# A log with zero results must validate too: require that at least one ok
# fixture is clean, and check that one strictly.
clean=""
for f in "${ok_fixtures[@]}"; do
  log="$out/$(name_of "$f").sarif"
  if node -e 'const l = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
              process.exit(l.runs.every((r) => (r.results || []).length === 0) ? 0 : 1);' "$log"; then
    clean=$log
    flags_of[$log]="--no-results"
    break
  fi
done
[[ -n $clean ]] || fail "no ok fixture produces a log without results, so the empty case is untested"
echo "produced ${#logs[@]} SARIF logs in $out (clean log: ${clean##*/})"

# (c) Schema validation, all logs at once.
"${validate[@]}" "${logs[@]}" || fail "runwarden produced SARIF that does not match the 2.1.0 schema"

# (d) What the schema cannot express.
bad=0
for log in "${logs[@]}"; do
  flags=()
  [[ -z ${flags_of[$log]} ]] || mapfile -t flags <<<"${flags_of[$log]}"
  mapfile -t inputs <<<"${inputs_of[$log]}"
  "${semantics[@]}" --exit "${exit_of[$log]}" ${flags[@]+"${flags[@]}"} "$log" -- "${inputs[@]}" ||
    bad=$((bad + 1))
done
[[ $bad -eq 0 ]] || fail "$bad SARIF log(s) failed the semantic checks"
echo "all ${#logs[@]} SARIF logs are valid SARIF 2.1.0 and pass the semantic checks"
