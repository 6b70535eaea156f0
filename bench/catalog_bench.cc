// Benchmarks schema::ReadCatalog on a generated database of 10,000 tables
// (8 columns each, a primary key, a foreign key, row-level security enabled
// and forced, and a tenant policy), created once per run in a scratch
// database of the server RUNWARDEN_TEST_PG_DSN names (scripts/with-postgres.sh
// starts a throwaway one) and dropped at the end.
//
//   BM_RawLibpqCatalogQueries  the baseline: the same catalog queries
//                              (schema::PostgresCatalogQueries) through raw
//                              libpq PQexec, one after the other, inside
//                              BEGIN ... ROLLBACK; results fetched and freed
//   BM_ReadCatalog             ReadCatalog: the same queries in one pipelined
//                              batch, plus conversion, expression and view
//                              parsing and the model
//
// Both measure wall-clock time (the work is mostly the server's). After the
// table, main (bench/main.cc) prints BM_ReadCatalog / BM_RawLibpqCatalogQueries
// from the medians of the same run (means without repetitions). The product target is
// under 2 s for ReadCatalog.

#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>

#include "bench/ratios.h"
#include "db/target.h"
#include "schema/catalog.h"
#include "schema/catalog_postgres.h"

namespace {

using runwarden::db::Connection;

constexpr int kTables = 10000;
constexpr int kTablesPerStatement = 100;

struct Workload {
  std::string admin_dsn;
  std::string database;
  std::string dsn;
  std::unique_ptr<Connection> admin;
  std::unique_ptr<Connection> connection;
  int server_major = 0;
};

void Setup(Workload& w);
void Teardown();

// The database is created on first use and dropped when the process exits.
Workload& GetWorkload() {
  static Workload w;
  static const bool ready = [] {
    Setup(w);
    std::atexit(Teardown);
    return true;
  }();
  static_cast<void>(ready);
  return w;
}

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "catalog_bench: %s\n", what.c_str());
  std::exit(2);
}

std::string RandomSuffix() {
  std::random_device device;
  std::mt19937_64 engine((static_cast<uint64_t>(device()) << 32) ^ device());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 12; ++i) out += kHex[engine() % 16];
  return out;
}

std::string Table(int i) {
  const std::string t = "t" + std::to_string(i);
  return "CREATE TABLE public." + t +
         " (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
         " tenant_id uuid NOT NULL,"
         " account_id bigint NOT NULL REFERENCES public.accounts (id),"
         " name text NOT NULL,"
         " status varchar(20) NOT NULL DEFAULT 'open',"
         " amount numeric(12,2),"
         " created_at timestamptz NOT NULL DEFAULT now(),"
         " payload jsonb);"
         "ALTER TABLE public." +
         t +
         " ENABLE ROW LEVEL SECURITY;"
         "ALTER TABLE public." +
         t +
         " FORCE ROW LEVEL SECURITY;"
         "CREATE POLICY tenant_isolation ON public." +
         t +
         " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), "
         "'')::uuid);";
}

void Setup(Workload& w) {
  const char* dsn = std::getenv("RUNWARDEN_TEST_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    Fail("RUNWARDEN_TEST_PG_DSN is not set; run it through scripts/with-postgres.sh");
  }
  w.admin_dsn = dsn;
  auto admin = runwarden::db::Open(w.admin_dsn);
  if (!admin.ok()) Fail(admin.status().ToString());
  w.admin = std::move(admin).value();
  w.database = "rw_bench_catalog_" + RandomSuffix();
  if (auto r = w.admin->Execute("CREATE DATABASE " + w.database); !r.ok()) {
    Fail(r.status().ToString());
  }
  w.dsn = w.admin_dsn + " dbname=" + w.database;
  auto conn = runwarden::db::Open(w.dsn);
  if (!conn.ok()) Fail(conn.status().ToString());
  w.connection = std::move(conn).value();
  w.server_major = runwarden::schema::PostgresMajorVersion(w.connection->ServerVersion());
  std::fprintf(stderr, "creating %d tables in %s ...\n", kTables, w.database.c_str());
  if (auto r = w.connection->Execute("CREATE TABLE public.accounts (id bigint PRIMARY KEY)");
      !r.ok()) {
    Fail(r.status().ToString());
  }
  for (int i = 0; i < kTables; i += kTablesPerStatement) {
    std::string ddl;
    for (int j = i; j < i + kTablesPerStatement && j < kTables; ++j) ddl += Table(j);
    if (auto r = w.connection->Execute(ddl); !r.ok()) Fail(r.status().ToString());
  }
  if (auto r = w.connection->Execute("VACUUM ANALYZE"); !r.ok()) Fail(r.status().ToString());
  auto schema = runwarden::schema::ReadCatalog(*w.connection);
  if (!schema.ok()) Fail(schema.status().ToString());
  size_t policies = 0;
  for (const auto& [name, table] : schema->tables) policies += table.policies.size();
  if (schema->tables.size() != kTables + 1 || policies != kTables) {
    Fail("the catalog read " + std::to_string(schema->tables.size()) + " tables and " +
         std::to_string(policies) + " policies");
  }
  std::fprintf(stderr, "ready: %zu tables, %zu policies\n", schema->tables.size(), policies);
}

void Teardown() {
  Workload& w = GetWorkload();
  w.connection.reset();
  if (w.admin) {
    static_cast<void>(w.admin->Execute("DROP DATABASE IF EXISTS " + w.database + " WITH (FORCE)"));
  }
}

void BM_RawLibpqCatalogQueries(benchmark::State& state) {
  Workload& w = GetWorkload();
  PGconn* conn = PQconnectdb(w.dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    state.SkipWithError("cannot connect with libpq");
    PQfinish(conn);
    return;
  }
  const auto queries = runwarden::schema::PostgresCatalogQueries(w.server_major);
  int64_t rows = 0;
  for (auto _ : state) {
    PQclear(PQexec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    for (const auto& q : queries) {
      PGresult* result = PQexec(conn, q.sql.c_str());
      if (PQresultStatus(result) != PGRES_TUPLES_OK) {
        state.SkipWithError(PQresultErrorMessage(result));
        PQclear(result);
        break;
      }
      rows += PQntuples(result);
      PQclear(result);
    }
    PQclear(PQexec(conn, "ROLLBACK"));
  }
  state.counters["rows"] =
      benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kAvgIterations);
  PQfinish(conn);
}

void BM_ReadCatalog(benchmark::State& state) {
  Workload& w = GetWorkload();
  size_t tables = 0;
  for (auto _ : state) {
    auto schema = runwarden::schema::ReadCatalog(*w.connection);
    if (!schema.ok()) {
      state.SkipWithError(schema.status().ToString().c_str());
      break;
    }
    tables = schema->tables.size();
    benchmark::DoNotOptimize(schema);
  }
  state.counters["tables"] = static_cast<double>(tables);
}

BENCHMARK(BM_RawLibpqCatalogQueries)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ReadCatalog)->Unit(benchmark::kMillisecond)->UseRealTime();

RUNWARDEN_BENCH_RATIO(BM_ReadCatalog, BM_RawLibpqCatalogQueries);

}  // namespace
