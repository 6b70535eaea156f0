// Benchmarks the pre-validation of a runbook against PostgreSQL
// (exec::DryRun, what `runwarden plan --target` does) against raw libpq
// doing the same statements, in the same run on the same server.
//
// Workload, created once per process in a scratch database of the server
// RUNWARDEN_TEST_PG_DSN names (scripts/with-postgres.sh starts a throwaway
// one) and dropped at exit: 20 tenant tables and a customers table (3,000
// rows each over 3 tenants, tenant-leading indexes), and a generated runbook
// of 2,000 SQL steps of one statement each, every one of which resolves
// against that schema: SELECTs with joins, IN subqueries and CTEs, UPDATEs
// and DELETEs scoped to the tenant (these are counted), INSERT ... SELECT.
//
//   BM_RawPrepareDescribe  baseline: PQprepare (unnamed) + PQdescribePrepared
//                          of each statement in one transaction: the least
//                          any pre-validation pays
//   BM_RawExplain          baseline: PQexecParams of EXPLAIN (FORMAT JSON)
//                          of each statement with its values bound, in one
//                          read-only transaction
//   BM_RawValidateAll      baseline: the round trips the dry run makes, with
//                          raw libpq: read-only transaction, timeout and
//                          tenant settings, per statement a savepoint,
//                          prepare + describe, EXPLAIN, and for UPDATE and
//                          DELETE the count query of plan::BlastRadiusQuery
//   BM_DryRun              exec::DryRun of the plan (plan::BuildPlan done
//                          once, outside the timed loop) on one connection
//
// All measure wall-clock time: most of the work is the server's. Without
// RUNWARDEN_TEST_PG_DSN every one of them is skipped with a message.
#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"
#include "bench/ratios.h"
#include "db/connection.h"
#include "db/target.h"
#include "exec/dry_run.h"
#include "plan/blast_radius.h"
#include "plan/plan.h"
#include "plan/plan_builder.h"
#include "runbook/parser.h"
#include "sql/parser.h"

namespace {

namespace db = runwarden::db;
namespace exec = runwarden::exec;
namespace plan = runwarden::plan;
namespace runbook = runwarden::runbook;

constexpr int kSteps = 2000;
constexpr int kRowsPerTable = 3000;
constexpr uint32_t kSeed = 20261124;
constexpr char kNoServer[] =
    "RUNWARDEN_TEST_PG_DSN is not set: run through scripts/with-postgres.sh to measure the dry "
    "run against a server";

constexpr const char* kTenants[] = {"7c9e6679-7425-40de-944b-e07fc1f90ae7",
                                    "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
                                    "9b2d6a4e-1c3f-4e8a-b7d5-6f0e2a1c9d84"};
// The run's tenant is kTenants[0]; customer 42 and row 41 of every table
// belong to it (the tenant of customer c is kTenants[c % 3], and row g has
// customer 1 + 7g mod 3000).
constexpr char kCustomerId[] = "42";
constexpr char kOrderId[] = "41";

constexpr const char* kTables[] = {"orders",    "invoices",       "payments",      "refunds",
                                   "shipments", "sessions",       "subscriptions", "audit_events",
                                   "api_keys",  "webhooks",       "carts",         "coupons",
                                   "disputes",  "ledger_entries", "notifications", "payouts",
                                   "returns",   "tickets",        "usage_records", "credit_notes"};

// The schema and its rows, generated on the server.
std::string SchemaSql() {
  const std::string tenants = std::string("ARRAY['") + kTenants[0] + "','" + kTenants[1] + "','" +
                              kTenants[2] + "']::uuid[]";
  const std::string rows = std::to_string(kRowsPerTable);
  std::string ddl =
      "CREATE TABLE customers (id bigint PRIMARY KEY, tenant_id uuid NOT NULL,"
      " email text NOT NULL, name text NOT NULL, region text NOT NULL);"
      "CREATE INDEX ON customers (tenant_id, region);"
      "INSERT INTO customers SELECT g, (" +
      tenants +
      ")[1 + g % 3], 'c' || g || '@example.com', 'Customer ' || g,"
      " (ARRAY['eu','us','apac'])[1 + (g / 3) % 3] FROM generate_series(1, " +
      rows +
      ") g;"
      "CREATE TABLE incident_rows (tenant_id uuid NOT NULL, ticket text NOT NULL,"
      " table_name text NOT NULL, row_id bigint NOT NULL, noted_at timestamptz NOT NULL,"
      " PRIMARY KEY (tenant_id, table_name, row_id));";
  for (const char* t : kTables) {
    const std::string table = t;
    ddl += "CREATE TABLE " + table +
           " (id bigint PRIMARY KEY, tenant_id uuid NOT NULL,"
           " customer_id bigint NOT NULL REFERENCES customers (id),"
           " status text NOT NULL, total numeric(12,2), currency text, note text,"
           " region text, priority integer NOT NULL DEFAULT 0, flag boolean NOT NULL DEFAULT false,"
           " created_at timestamptz NOT NULL, updated_at timestamptz);"
           "CREATE INDEX ON " +
           table + " (tenant_id, customer_id);CREATE INDEX ON " + table +
           " (tenant_id, created_at);"
           "INSERT INTO " +
           table + " SELECT g, (" + tenants +
           ")[1 + c % 3], c,"
           " (ARRAY['open','ok','held','void'])[1 + g % 4], (g % 997) * 1.25,"
           " (ARRAY['EUR','USD'])[1 + g % 2], CASE WHEN g % 5 = 0 THEN 'checked' END,"
           " (ARRAY['eu','us','apac'])[1 + g % 3], g % 7, g % 9 = 0,"
           " now() - (g % 2400) * interval '1 hour', NULL"
           " FROM generate_series(1, " +
           rows + ") g, LATERAL (SELECT 1 + (7 * g) % " + rows + " AS c) x;";
  }
  return ddl;
}

// The runbook: kSteps fenced SQL blocks of one statement each, in sections
// of ten. mt19937 directly, so every platform generates the same text.
class DryRunRunbookGenerator {
 public:
  std::string Generate() {
    out_ +=
        "---\n"
        "id: tenant-repair\n"
        "title: Tenant data repair\n"
        "version: \"1.0\"\n"
        "tenant:\n"
        "  keys: [tenant_id]\n"
        "  setting: app.current_tenant_id\n"
        "  parameter: TENANT_ID\n"
        "parameters:\n"
        "  TENANT_ID: {type: uuid, description: The affected tenant}\n"
        "  ORDER_ID: {type: bigint, description: The row in the ticket}\n"
        "  CUSTOMER_ID: {type: bigint, description: The customer in the ticket}\n"
        "  REASON: {type: text, description: Why rows are changed}\n"
        "  INCIDENT: {type: text, pattern: \"^INC-[0-9]+$\", description: The ticket}\n"
        "  REGION: {type: enum, values: [eu, us, apac], default: eu}\n"
        "  ROW_LIMIT: {type: int, default: \"100\"}\n"
        "---\n\n"
        "# Tenant data repair\n\n";
    for (int step = 0; step < kSteps; ++step) {
      if (step % 10 == 0) out_ += "## Part " + std::to_string(step / 10 + 1) + "\n\n";
      Step(step);
    }
    return std::move(out_);
  }

 private:
  uint32_t Next(uint32_t bound) { return static_cast<uint32_t>(rng_() % bound); }
  std::string Num(uint32_t bound) { return std::to_string(1 + Next(bound)); }
  std::string Table() { return kTables[Next(static_cast<uint32_t>(std::size(kTables)))]; }
  std::string Column() {
    static constexpr const char* kColumns[] = {"status", "total", "currency", "note",
                                               "region", "flag",  "priority", "updated_at"};
    return kColumns[Next(static_cast<uint32_t>(std::size(kColumns)))];
  }

  void Step(int step) {
    const std::string t = Table();
    const uint32_t kind = Next(100);
    const bool write = kind >= 55 && kind < 88;
    out_ += "```sql {#s-" + std::to_string(step);
    if (write && step % 11 == 0) out_ += " expect=\"rows <= 1000\"";
    out_ += "}\n";
    if (kind < 30) {
      out_ += "SELECT o.id, o." + Column() + ", c.email, c.name\n  FROM " + t +
              " o\n  JOIN customers c ON c.id = o.customer_id AND c.tenant_id = o.tenant_id\n"
              " WHERE o.tenant_id = <TENANT_ID>\n   AND o.created_at > now() - interval '" +
              Num(30) + " days'\n ORDER BY o.created_at DESC\n LIMIT <ROW_LIMIT>";
    } else if (kind < 45) {
      const std::string c = Column();
      out_ += "SELECT id, " + c + " FROM " + t +
              " WHERE tenant_id = <TENANT_ID>\n   AND customer_id IN (SELECT id FROM customers "
              "WHERE tenant_id = <TENANT_ID> AND region = {{ region }})\n   AND " +
              c + " IS NOT NULL";
    } else if (kind < 55) {
      out_ +=
          "WITH recent AS (\n  SELECT customer_id, count(*) AS n, max(created_at) AS last\n"
          "    FROM " +
          t + " WHERE tenant_id = <TENANT_ID> AND created_at > now() - interval '" + Num(48) +
          " hours'\n   GROUP BY customer_id\n)\nSELECT r.customer_id, r.n, r.last, c.email"
          " FROM recent r\n  LEFT JOIN customers c ON c.id = r.customer_id\n WHERE r.n > " +
          std::to_string(Next(3)) + " ORDER BY r.n DESC";
    } else if (kind < 70) {
      out_ += "UPDATE " + t +
              "\n   SET status = 'held', note = 'held for <INCIDENT>: <REASON>', updated_at = "
              "now()\n WHERE tenant_id = <TENANT_ID> AND id = {{ order_id }}";
    } else if (kind < 78) {
      out_ += "UPDATE " + t +
              "\n   SET priority = priority + 1, updated_at = now()\n WHERE tenant_id = "
              "<TENANT_ID>\n   AND customer_id = <CUSTOMER_ID> AND NOT flag";
    } else if (kind < 88) {
      out_ += "DELETE FROM " + t +
              "\n WHERE tenant_id = <TENANT_ID>\n   AND customer_id = <CUSTOMER_ID>"
              " AND created_at < now() - interval '" +
              Num(90) + " days'";
      if (kind % 2 == 0) out_ += "\nRETURNING id";
    } else {
      out_ +=
          "INSERT INTO incident_rows (tenant_id, ticket, table_name, row_id, noted_at)\n"
          "SELECT <TENANT_ID>, <INCIDENT>, '" +
          t + "', x.id, now()\n  FROM " + t +
          " x\n WHERE x.tenant_id = <TENANT_ID> AND x.status <> 'ok'\nON CONFLICT DO NOTHING";
    }
    out_ += ";\n```\n\n";
  }

  std::mt19937 rng_{kSeed};
  std::string out_;
};

// One statement as the raw baselines send it.
struct RawStatement {
  std::string sql;
  std::string explain;                   // "EXPLAIN (FORMAT JSON) " + sql
  std::vector<std::string> values;       // $1..$n
  std::optional<std::string> count_sql;  // UPDATE and DELETE: the count query
};

struct Workload {
  bool ready = false;
  std::string error;
  std::string admin_dsn, database, dsn;
  std::unique_ptr<db::Connection> admin;
  runbook::Runbook runbook;
  plan::Plan plan;
  exec::DryRunOptions options;
  std::vector<RawStatement> statements;
  size_t counted = 0;
};

std::string RandomSuffix() {
  std::random_device device;
  std::mt19937_64 engine((static_cast<uint64_t>(device()) << 32) ^ device());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 12; ++i) out += kHex[engine() % 16];
  return out;
}

bool Setup(Workload& w);
void Teardown();

// Created on first use; the database is dropped when the process exits.
Workload& GetWorkload() {
  static Workload w;
  static const bool once = [] {
    if (!Setup(w) && w.error.empty()) w.error = "setup failed";
    std::atexit(Teardown);
    return true;
  }();
  static_cast<void>(once);
  return w;
}

bool Fail(Workload& w, std::string what) {
  w.error = std::move(what);
  std::fprintf(stderr, "dry_run_bench: %s\n", w.error.c_str());
  return false;
}

bool Setup(Workload& w) {
  const char* dsn = std::getenv("RUNWARDEN_TEST_PG_DSN");
  if (dsn == nullptr || *dsn == '\0') {
    w.error = kNoServer;
    return false;
  }
  w.admin_dsn = dsn;
  auto admin = db::Open(w.admin_dsn);
  if (!admin.ok()) return Fail(w, admin.status().ToString());
  w.admin = std::move(admin).value();
  w.database = "rw_bench_dry_run_" + RandomSuffix();
  if (auto r = w.admin->Execute("CREATE DATABASE " + w.database); !r.ok()) {
    w.database.clear();
    return Fail(w, r.status().ToString());
  }
  w.dsn = w.admin_dsn + " dbname=" + w.database;
  {
    auto conn = db::Open(w.dsn);
    if (!conn.ok()) return Fail(w, conn.status().ToString());
    if (auto r = (*conn)->Execute(SchemaSql()); !r.ok()) return Fail(w, r.status().ToString());
    if (auto r = (*conn)->Execute("VACUUM ANALYZE"); !r.ok()) {
      return Fail(w, r.status().ToString());
    }
  }

  auto rb = runbook::ParseRunbook(DryRunRunbookGenerator().Generate(), "tenant-repair.md");
  if (!rb.ok()) return Fail(w, rb.status().ToString());
  w.runbook = std::move(*rb);
  plan::PlanInputs in;
  in.runbook = &w.runbook;
  in.tenant = kTenants[0];
  in.tenant_given = true;
  in.params = {{"ORDER_ID", kOrderId},
               {"CUSTOMER_ID", kCustomerId},
               {"REASON", "duplicate charge"},
               {"INCIDENT", "INC-4211"}};
  in.tool_version = "bench";
  auto built = plan::BuildPlan(in);
  if (!built.ok()) return Fail(w, built.status().ToString());
  w.plan = std::move(*built);

  // The values as `runwarden plan --target` passes them: every parameter's
  // value (defaults included) by name.
  for (const plan::PlannedParameter& p : w.plan.parameters) {
    if (p.value) w.options.values[p.name] = *p.value;
  }
  for (const auto& [name, value] : in.params) w.options.values.try_emplace(name, value);
  w.options.values["TENANT_ID"] = kTenants[0];
  w.options.tenant = kTenants[0];
  w.options.key_of = [](std::string_view, std::string_view table) {
    return std::string(table == "incident_rows" ? "" : "tenant_id");
  };

  // The same statements, values and count queries for the raw baselines.
  for (const plan::PlannedUnit& u : w.plan.units) {
    for (const plan::PlannedStep& step : u.steps) {
      for (const plan::PlannedStatement& st : step.statements) {
        RawStatement raw;
        raw.sql = st.sql;
        raw.explain = "EXPLAIN (FORMAT JSON) " + st.sql;
        for (const plan::PlannedBind& b : st.binds) {
          std::string value;
          for (const auto& [name, v] : w.options.values) {
            if (runwarden::EqualsIgnoreCase(name, b.parameter)) value = v;
          }
          raw.values.push_back(b.like_pattern ? plan::EscapeLikeValue(value) : value);
        }
        if (st.effects.statement_class == plan::StatementClass::kWrite) {
          const auto parsed = runwarden::sql::ParseStatements(st.sql);
          if (parsed.size() == 1 && !parsed[0].error) {
            auto q =
                plan::BlastRadiusQuery(st.sql, parsed[0].root, st.binds.size(), w.options.key_of);
            if (q.ok()) raw.count_sql = q->sql;
          }
        }
        if (raw.count_sql) ++w.counted;
        w.statements.push_back(std::move(raw));
      }
    }
  }
  if (w.statements.size() != kSteps) {
    return Fail(w, "the runbook has " + std::to_string(w.statements.size()) + " statements, not " +
                       std::to_string(kSteps));
  }

  // The dry run must validate every statement, not refuse one.
  plan::Plan check = w.plan;
  auto conn = db::Open(w.dsn);
  if (!conn.ok()) return Fail(w, conn.status().ToString());
  if (auto s = exec::DryRun(check, **conn, w.options); !s.ok()) return Fail(w, s.ToString());
  if (check.dry_run_status != "passed") {
    return Fail(w, "the dry run did not pass: " + check.dry_run_detail.substr(0, 2000));
  }
  std::fprintf(stderr, "dry_run_bench: %s: %zu statements, %zu counted; %s\n", w.database.c_str(),
               w.statements.size(), w.counted, check.dry_run_detail.c_str());
  w.ready = true;
  return true;
}

void Teardown() {
  Workload& w = GetWorkload();
  if (w.admin && !w.database.empty()) {
    static_cast<void>(w.admin->Execute("DROP DATABASE IF EXISTS " + w.database + " WITH (FORCE)"));
  }
}

// The workload, or nullptr after skipping the benchmark with the reason.
const Workload* Ready(benchmark::State& state) {
  const Workload& w = GetWorkload();
  if (!w.ready) {
    state.SkipWithError(w.error.c_str());
    return nullptr;
  }
  return &w;
}

void SetCounters(benchmark::State& state) { state.SetItemsProcessed(state.iterations() * kSteps); }

// A raw libpq connection that closes itself.
struct RawConnection {
  explicit RawConnection(const std::string& dsn) : conn(PQconnectdb(dsn.c_str())) {}
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  ~RawConnection() { PQfinish(conn); }
  bool ok() const { return PQstatus(conn) == CONNECTION_OK; }
  PGconn* conn;
};

// Runs `result` to completion: true when its status is `expected`.
bool Expect(PGresult* result, ExecStatusType expected, benchmark::State& state) {
  const bool ok = PQresultStatus(result) == expected;
  if (!ok) state.SkipWithError(PQresultErrorMessage(result));
  PQclear(result);
  return ok;
}

bool Command(PGconn* conn, const char* sql, benchmark::State& state) {
  return Expect(PQexec(conn, sql), PGRES_COMMAND_OK, state);
}

bool Params(PGconn* conn, const std::string& sql, const std::vector<std::string>& values,
            benchmark::State& state) {
  std::vector<const char*> pointers;
  pointers.reserve(values.size());
  for (const std::string& v : values) pointers.push_back(v.c_str());
  return Expect(PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                             pointers.data(), nullptr, nullptr, 0),
                PGRES_TUPLES_OK, state);
}

bool PrepareDescribe(PGconn* conn, const RawStatement& st, benchmark::State& state) {
  return Expect(PQprepare(conn, "", st.sql.c_str(), 0, nullptr), PGRES_COMMAND_OK, state) &&
         Expect(PQdescribePrepared(conn, ""), PGRES_COMMAND_OK, state);
}

void BM_RawPrepareDescribe(benchmark::State& state) {
  const Workload* w = Ready(state);
  if (w == nullptr) return;
  RawConnection raw(w->dsn);
  if (!raw.ok()) {
    state.SkipWithError(PQerrorMessage(raw.conn));
    return;
  }
  for (auto _ : state) {
    bool ok = Command(raw.conn, "BEGIN", state);
    for (size_t i = 0; ok && i < w->statements.size(); ++i) {
      ok = PrepareDescribe(raw.conn, w->statements[i], state);
    }
    PQclear(PQexec(raw.conn, "ROLLBACK"));
    if (!ok) break;
  }
  SetCounters(state);
}

void BM_RawExplain(benchmark::State& state) {
  const Workload* w = Ready(state);
  if (w == nullptr) return;
  RawConnection raw(w->dsn);
  if (!raw.ok()) {
    state.SkipWithError(PQerrorMessage(raw.conn));
    return;
  }
  for (auto _ : state) {
    bool ok = Command(raw.conn, "BEGIN READ ONLY", state);
    for (size_t i = 0; ok && i < w->statements.size(); ++i) {
      ok = Params(raw.conn, w->statements[i].explain, w->statements[i].values, state);
    }
    PQclear(PQexec(raw.conn, "ROLLBACK"));
    if (!ok) break;
  }
  SetCounters(state);
}

void BM_RawValidateAll(benchmark::State& state) {
  const Workload* w = Ready(state);
  if (w == nullptr) return;
  RawConnection raw(w->dsn);
  if (!raw.ok()) {
    state.SkipWithError(PQerrorMessage(raw.conn));
    return;
  }
  const std::string timeout = std::to_string(w->options.statement_timeout.count());
  for (auto _ : state) {
    bool ok = Command(raw.conn, "BEGIN", state) &&
              Command(raw.conn, "SET TRANSACTION READ ONLY", state) &&
              Params(raw.conn, "SELECT set_config($1, $2, true)", {"statement_timeout", timeout},
                     state) &&
              Params(raw.conn, "SELECT pg_catalog.set_config($1, $2, true)",
                     {w->options.tenant_setting, w->options.tenant}, state);
    for (size_t i = 0; ok && i < w->statements.size(); ++i) {
      const RawStatement& st = w->statements[i];
      ok = Command(raw.conn, "SAVEPOINT runwarden_dry_run", state) &&
           PrepareDescribe(raw.conn, st, state) && Params(raw.conn, st.explain, st.values, state) &&
           (!st.count_sql || Params(raw.conn, *st.count_sql, st.values, state)) &&
           Command(raw.conn, "RELEASE SAVEPOINT runwarden_dry_run", state);
    }
    PQclear(PQexec(raw.conn, "ROLLBACK"));
    if (!ok) break;
  }
  SetCounters(state);
  state.counters["counted"] = static_cast<double>(w->counted);
}

void BM_DryRun(benchmark::State& state) {
  const Workload* w = Ready(state);
  if (w == nullptr) return;
  auto conn = db::Open(w->dsn);
  if (!conn.ok()) {
    state.SkipWithError(conn.status().ToString().c_str());
    return;
  }
  for (auto _ : state) {
    // Each iteration validates the plan as BuildPlan left it.
    state.PauseTiming();
    plan::Plan p = w->plan;
    state.ResumeTiming();
    const runwarden::Status s = exec::DryRun(p, **conn, w->options);
    if (!s.ok()) {
      state.SkipWithError(s.ToString().c_str());
      break;
    }
    if (p.dry_run_status != "passed") {
      state.SkipWithError(("the dry run did not pass: " + p.dry_run_detail).c_str());
      break;
    }
  }
  SetCounters(state);
  state.counters["counted"] = static_cast<double>(w->counted);
}

BENCHMARK(BM_RawPrepareDescribe)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RawExplain)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_RawValidateAll)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_DryRun)->Unit(benchmark::kMillisecond)->UseRealTime();

RUNWARDEN_BENCH_RATIO(BM_DryRun, BM_RawPrepareDescribe);
RUNWARDEN_BENCH_RATIO(BM_DryRun, BM_RawExplain);
RUNWARDEN_BENCH_RATIO(BM_DryRun, BM_RawValidateAll);

}  // namespace
