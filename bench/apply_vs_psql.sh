#!/usr/bin/env bash
# Executing many small statements: `runwarden apply` of a runbook with one
# INSERT per step (each step its own transaction, every statement and commit
# in the audit log, flushed before each COMMIT and before each step is
# reported done) against `psql -f` of the same INSERTs in autocommit (one
# transaction each), and against `psql -f` of the same INSERTs wrapped the way
# runwarden runs each step (BEGIN; tenant context, statement and lock limits
# and the transaction id in one SELECT; the INSERT; COMMIT), on the same
# server in the same run.
#
#   scripts/with-postgres.sh bench/apply_vs_psql.sh [RUNWARDEN] [STATEMENTS] [REPETITIONS]
#
# RUNWARDEN_PG_DURABLE=1 scripts/with-postgres.sh ... keeps PostgreSQL's
# durable defaults (fsync, synchronous_commit), as a production server runs.
set -euo pipefail
cd "$(dirname "$0")/.."
rw=${1:-build/release/runwarden}
n=${2:-10000}
reps=${3:-3}
dsn=${RUNWARDEN_TEST_PG_DSN:?run under scripts/with-postgres.sh}
tenant=11111111-1111-1111-1111-111111111111
work=$(mktemp -d "${RUNWARDEN_BENCH_DIR:-${TMPDIR:-/tmp}}/runwarden-apply-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

psql "$dsn" -XqAt -c "DROP TABLE IF EXISTS bench_events" \
  -c "CREATE TABLE bench_events (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, n int NOT NULL, note text)"

{
  printf -- '---\nid: apply-bench\ntenant: {parameter: TENANT_ID}\n'
  printf -- 'parameters:\n  TENANT_ID: {type: uuid}\n---\n# Load\n'
  seq 1 "$n" | awk '{ printf "```sql {#s%d}\nINSERT INTO bench_events (tenant_id, n, note) VALUES (<TENANT_ID>, %d, '"'"'x'"'"');\n```\n", $1, $1 }'
} >"$work/runbook.md"
seq 1 "$n" | awk -v t="$tenant" \
  '{ printf "INSERT INTO bench_events (tenant_id, n, note) VALUES ('"'"'%s'"'"', %d, '"'"'x'"'"');\n", t, $1 }' \
  >"$work/statements.sql"
seq 1 "$n" | awk -v t="$tenant" '{
  printf "BEGIN;\nSELECT pg_catalog.txid_current()::text, pg_catalog.set_config('"'"'statement_timeout'"'"', '"'"'300000'"'"', true), pg_catalog.set_config('"'"'lock_timeout'"'"', '"'"'10000'"'"', true), pg_catalog.set_config('"'"'app.current_tenant_id'"'"', '"'"'%s'"'"', true);\n", t
  printf "INSERT INTO bench_events (tenant_id, n, note) VALUES ('"'"'%s'"'"', %d, '"'"'x'"'"');\nCOMMIT;\n", t, $1 }' \
  >"$work/wrapped.sql"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

t0=$(now)
# The bench table has no row-level security and the server's only role is a
# superuser: both are accepted for this plan, with the reason.
"$rw" plan "$work/runbook.md" --target "$dsn" --tenant "$tenant" -o "$work/plan.json" \
  --allow rls-disabled-on-tenant-table --reason "benchmark table" \
  --allow role-is-superuser --reason "benchmark server" >"$work/plan.txt" ||
  { tail -20 "$work/plan.txt" >&2; exit 1; }
t1=$(now)
echo "plan (with the dry run of $n statements): $(elapsed "$t0" "$t1") s"

: >"$work/psql.times"
: >"$work/wrapped.times"
: >"$work/rw.times"
for ((r = 1; r <= reps; r++)); do
  psql "$dsn" -XqAt -c "TRUNCATE bench_events"
  t0=$(now)
  psql "$dsn" -X -q -v ON_ERROR_STOP=1 -f "$work/statements.sql"
  t1=$(now)
  elapsed "$t0" "$t1" >>"$work/psql.times"
  echo >>"$work/psql.times"
  rows=$(psql "$dsn" -XqAt -c "SELECT count(*) FROM bench_events")
  [[ "$rows" == "$n" ]] || { echo "psql inserted $rows rows, not $n" >&2; exit 1; }

  psql "$dsn" -XqAt -c "TRUNCATE bench_events"
  t0=$(now)
  psql "$dsn" -X -q -o /dev/null -v ON_ERROR_STOP=1 -f "$work/wrapped.sql"
  t1=$(now)
  elapsed "$t0" "$t1" >>"$work/wrapped.times"
  echo >>"$work/wrapped.times"

  psql "$dsn" -XqAt -c "TRUNCATE bench_events"
  t0=$(now)
  "$rw" apply "$work/plan.json" --target "$dsn" --log "$work/run-$r.audit.jsonl" \
    </dev/null >/dev/null 2>"$work/apply.err" || { cat "$work/apply.err" >&2; exit 1; }
  t1=$(now)
  elapsed "$t0" "$t1" >>"$work/rw.times"
  echo >>"$work/rw.times"
  rows=$(psql "$dsn" -XqAt -c "SELECT count(*) FROM bench_events")
  [[ "$rows" == "$n" ]] || { echo "runwarden inserted $rows rows, not $n" >&2; exit 1; }
  echo "repetition $r: psql $(tail -n 1 "$work/psql.times") s, psql wrapped $(tail -n 1 "$work/wrapped.times") s, runwarden apply $(tail -n 1 "$work/rw.times") s"
done
records=$(wc -l <"$work/run-1.audit.jsonl")
p=$(median <"$work/psql.times")
q=$(median <"$work/wrapped.times")
w=$(median <"$work/rw.times")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "statements $n; audit log of one run: $records lines, $(wc -c <"$work/run-1.audit.jsonl") bytes"
echo "median psql -f: $p s; psql -f wrapped like runwarden: $q s; runwarden apply: $w s"
echo "runwarden / psql: $(ratio "$w" "$p"); runwarden / psql wrapped: $(ratio "$w" "$q")"
