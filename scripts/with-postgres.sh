#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL 15 server beside it.
#
#   scripts/with-postgres.sh COMMAND [ARGS...]
#
# The server lives in a fresh temporary directory, listens on a unix socket in
# that directory only (no TCP port, so it never clashes with another cluster),
# trusts local connections and runs with fsync off (RUNWARDEN_PG_DURABLE=1
# keeps PostgreSQL's durable defaults, for benchmarks). Its connection string is
# exported as RUNWARDEN_TEST_PG_DSN. The server is stopped and its directory
# removed when the command ends, whatever the outcome. The command's exit code
# is returned.
set -euo pipefail

pg_bin=${RUNWARDEN_PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$pg_bin/initdb" ]]; then
  echo "with-postgres: no PostgreSQL 15 server binaries in $pg_bin" >&2
  echo "with-postgres: run scripts/install-deps.sh (package postgresql-15)" >&2
  exit 2
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/runwarden-pg.XXXXXX")
chmod 755 "$dir"
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres:postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

cleanup() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_owner[@]}" "$pg_bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 2
}
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[[ "${RUNWARDEN_PG_DURABLE:-}" == 1 ]] && fast=""
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses='' -c unix_socket_directories='$dir' $fast -c max_connections=50" \
  start >/dev/null || {
  cat "$dir/server.log" >&2
  exit 2
}

export RUNWARDEN_TEST_PG_DSN="host=$dir port=5432 dbname=postgres user=postgres"
export RUNWARDEN_TEST_PG_LOG="$dir/server.log"
set +e
"$@"
status=$?
set -e
exit "$status"
