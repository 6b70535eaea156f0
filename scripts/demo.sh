#!/usr/bin/env bash
# The demo behind `make demo`: first `runwarden demo`, the whole story of a
# billing incident on SQLite in one command; then a tour of what runwarden does
# today, on the project's own example runbooks, in plain language.
#
#   scripts/demo.sh PATH_TO_RUNWARDEN
set -uo pipefail
cd "$(dirname "$0")/.."
rw=${1:-build/release/runwarden}
if [[ ! -x "$rw" ]]; then
  echo "demo: $rw is not built; run make demo" >&2
  exit 2
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/runwarden-demo.XXXXXX")

if [[ -t 1 && -z "${NO_COLOR:-}" ]]; then bold=$'\033[1m' plain=$'\033[0m'; else bold='' plain=''; fi
say() { printf '\n%s%s%s\n' "$bold" "$*" "$plain"; }
code=0
run() {
  printf '\n$ runwarden %s\n' "$*"
  "$rw" "$@"
  code=$?
  printf '(exit %d)\n' "$code"
}

say "The whole story in one command: runwarden demo"
echo "   A billing incident at a multi-tenant SaaS on SQLite, no server: the schema's tenant keys,"
echo "   the Rust service's row types, a runbook that forgets a tenant filter halted before it"
echo "   runs, the fixed runbook run to completion, its audit log verified, and what changed."
run demo --dir "$out/demo"
story=$code

say "The tour: each capability on the project's other examples"

say "1. An incident runbook, as people write it: examples/tenant-data-exposure.md"
echo "   Markdown with YAML front matter, a shell step, checklists and SQL steps whose"
echo "   tenant id sits in placeholders such as <TENANT_ID>, one of them inside a string."
echo "   runwarden shows each step exactly as it would run it: placeholders are bind"
echo "   parameters (\$1) in SQL and environment variables in shell, never pasted text."
run steps examples/tenant-data-exposure.md

say "2. Lint it: nothing blocks it; one warning explains how the quoted placeholder is bound"
run lint examples/tenant-data-exposure.md

say "3. A draft runbook with the mistakes that slip in under pressure"
echo "   Session-level tenant context, a misspelt dependency and attribute, a positional"
echo "   parameter, a syntax error: each reported at its line and column, exit code 1."
run lint examples/stale-sessions-draft.md

say "4. The same findings as SARIF for code-scanning in CI, and as JSON"
run lint --format sarif -o "$out/stale-sessions-draft.sarif" examples/stale-sessions-draft.md
run lint --format json -o "$out/stale-sessions-draft.json" examples/stale-sessions-draft.md

say "5. The target's schema, without a database: a pg_dump of a multi-tenant service"
echo "   Which table belongs to a tenant and how (directly by tenant_id, or through foreign"
echo "   keys), and whether row-level security really holds: forced, fail-closed policies,"
echo "   restrictive guards, views that run with their owner's rights."
run scan --schema testdata/schema/saas.sql --config testdata/schema/runwarden.toml --tables
run scan --schema testdata/schema/saas.sql --config testdata/schema/runwarden.toml \
  --format sarif -o "$out/saas-schema.sarif"

say "6. Every statement checked against a schema: is each tenant row pinned to the run's tenant?"
echo "   A runbook whose statements forget the tenant: a missing filter, a join that leaves one"
echo "   side unpinned, an OR that lets other tenants through. Each finding names the predicate"
echo "   that fixes it. The example runbook above passes the same check."
run lint --schema testdata/scope/schema.sql --role app_user testdata/scope/leaky-runbook.md
run lint --schema testdata/scope/schema.sql --role app_user examples/tenant-data-exposure.md

say "7. The service's own SQL: .sql files and sqlx's offline cache (.sqlx/query-*.json)"
run check-sql --schema testdata/scope/schema.sql testdata/scope/app

say "8. The Rust service on top: do its row types still match the schema?"
echo "   sqlx FromRow structs, query_as! calls and diesel table! blocks read from the crate's"
echo "   sources: an Option<i64> for a NOT NULL column, an i32 for a bigint, a field with no column."
run contracts --rust testdata/contracts/billing-service \
  --schema testdata/contracts/billing-service/schema.sql

say "9. The plan: exactly what would run, in which transactions, and what a failure leaves"
echo "   Steps ordered by needs= and document order, statements with their bind parameters"
echo "   (never the values), effects no rollback undoes, the gates. Its hash is what an approver"
echo "   approves; the same inputs always give the same plan file."
run plan examples/tenant-data-exposure.md --tenant 7c9e6679-7425-40de-944b-e07fc1f90ae7 \
  --param INCIDENT=INC-4211 -o "$out/tenant-data-exposure.plan.json"

say "10. The leaky runbook as a plan: halted for safety, with every change it needs"
run plan testdata/scope/leaky-runbook.md --schema testdata/scope/schema.sql --role app_user \
  --tenant 7c9e6679-7425-40de-944b-e07fc1f90ae7 -o "$out/leaky-runbook.plan.json"

say "11. Execute it, on the embedded default: a SQLite database of a support desk"
echo "   runwarden run plans the runbook against the database (every gate, every statement"
echo "   described and counted per tenant without side effects), then executes exactly that"
echo "   plan: each unit in one transaction, the atomic group whole or not at all, expect="
echo "   checked, rows shown only after their transaction committed, the shell step with its"
echo "   parameters in the environment, and every decision in a hash-chained audit log."
sqlite3 "$out/support.db" < testdata/apply/support.sql
run run testdata/apply/close-stale-tickets.md --target "sqlite:$out/support.db" --tenant t-1 \
  --param INCIDENT=INC-4211 --log "$out/close-stale-tickets.audit.jsonl" </dev/null

say "12. The audit log proves what ran: verify its hash chain, then read it back as a tree"
run audit verify "$out/close-stale-tickets.audit.jsonl"
run audit show "$out/close-stale-tickets.audit.jsonl"

say "13. The approved plan, applied again with another value: refused, nothing runs"
run apply "$out/close-stale-tickets.plan.json" --target "sqlite:$out/support.db" \
  --param INCIDENT=INC-9999 --log "$out/refused.audit.jsonl" </dev/null

say "14. Every rule runwarden checks (docs/rules/<id>.md explains each)"
run rules

say "Files written by this demo"
find "$out" -type f | sort | sed "s|^$out/|  $out/|"
echo
echo "With a PostgreSQL target the same commands also EXPLAIN every statement, set the tenant"
echo "context transaction-locally and take an advisory run lock; runwarden resume continues a run"
echo "that stopped. See README.md and docs/apply.md."
if [[ $story -ne 0 ]]; then
  echo "demo: runwarden demo did not behave as its story says (exit $story); see above" >&2
  exit 1
fi
