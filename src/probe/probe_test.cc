// The isolation probe against a real PostgreSQL 15, on the fixture schemas
// of testdata/live/: holes.sql has every hole on purpose, clean.sql is its
// twin where every table is isolated. Every test also proves that the
// database is exactly as before: all table contents and all sequence values
// are compared before and after the probe.

#include "probe/probe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>
#include <map>

#include "db/pg_fixture_env.h"
#include "db/pg_test_env.h"
#include "db/sqlite.h"
#include "schema/catalog.h"

namespace runwarden::probe {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTenant1[] = "11111111-1111-4111-8111-111111111111";
constexpr char kTenant2[] = "22222222-2222-4222-8222-222222222222";

// Rows for two tenants in every fixture table, inserted with their defaults
// (so the sequences move away from their start).
std::string SeedSql() {
  const std::string t1 = std::string("'") + kTenant1 + "'";
  const std::string t2 = std::string("'") + kTenant2 + "'";
  return "INSERT INTO public.notes (tenant_id, body) VALUES (" + t1 + ", 'n1'), (" + t2 +
         ", 'n2');"
         "INSERT INTO public.invoices (tenant_id, number, amount_cents) VALUES (" +
         t1 + ", 'I-1', 100), (" + t2 +
         ", 'I-2', 200);"
         "INSERT INTO public.invoice_lines (tenant_id, invoice_id, description) "
         "SELECT tenant_id, id, 'line' FROM public.invoices;"
         "INSERT INTO public.comments (tenant_id, body) VALUES (" +
         t1 + ", 'c1'), (" + t2 +
         ", 'c2');"
         "INSERT INTO public.documents (tenant_id, title) VALUES (" +
         t1 + ", 'd1'), (" + t2 +
         ", 'd2');"
         "INSERT INTO public.events (tenant_id, kind) VALUES (" +
         t1 + ", 'e1'), (" + t2 +
         ", 'e2');"
         "INSERT INTO public.projects (tenant_id, name) VALUES (" +
         t1 + ", 'p1'), (" + t2 +
         ", 'p2');"
         "INSERT INTO public.measurements VALUES (" +
         t1 + ", '2026-03-01', 1), (" + t2 + ", '2026-03-01', 2), (" + t1 +
         ", '2001-01-01', 3), (" + t2 + ", '2001-01-01', 4);";
}

class ProbeTest : public db::ScratchDatabaseTest {
 protected:
  void Load(const std::string& fixture) {
    Status s = db::ApplyLiveFixture(*db_, fixture);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  void Sql(const std::string& sql) {
    auto r = admin_->Execute(sql);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  // Every row of every table and every sequence's state, as text.
  std::string Snapshot() {
    std::string out;
    auto relations = admin_->Query(
        "SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname) "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
        "AND n.nspname !~ '^pg_toast' ORDER BY 2",
        {});
    EXPECT_TRUE(relations.ok()) << relations.status().ToString();
    if (!relations.ok()) return "";
    for (const db::Row& row : relations->rows) {
      const std::string name = *row[1];
      const std::string sql =
          *row[0] == "S"
              ? "SELECT last_value::text || ' ' || is_called::text FROM " + name
              : "SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY to_jsonb(t)::text)::text, '[]') "
                "FROM " +
                    name + " t";
      auto r = admin_->Query(sql, {});
      EXPECT_TRUE(r.ok()) << name << ": " << r.status().ToString();
      if (r.ok()) out += name + " " + r->rows[0][0].value_or("NULL") + "\n";
    }
    return out;
  }

  Result<ProbeReport> Probe(const std::string& role, const ProbeOptions& options = {},
                            const std::string& extra_dsn_keyword = "") {
    std::string dsn = db_->DsnAs(role);
    if (!extra_dsn_keyword.empty()) dsn += " " + extra_dsn_keyword;
    RW_ASSIGN_OR_RETURN(auto conn, db::Open(dsn));
    RW_ASSIGN_OR_RETURN(schema::Schema schema, schema::ReadCatalog(*conn));
    Result<ProbeReport> report = RunIsolationProbe(*conn, schema, options);
    EXPECT_EQ(conn->GetTransactionState(), db::TransactionState::kIdle);
    return report;
  }

  // Probes and checks that nothing in the database changed.
  ProbeReport ProbeUnchanged(const std::string& role, const ProbeOptions& options = {}) {
    const std::string before = Snapshot();
    Result<ProbeReport> report = Probe(role, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    EXPECT_EQ(Snapshot(), before) << "the probe left a trace in the database";
    return report.ok() ? *report : ProbeReport{};
  }

  static std::map<std::string, RelationProbe> ByName(const ProbeReport& report) {
    std::map<std::string, RelationProbe> out;
    for (const RelationProbe& r : report.relations) out[r.name.ToString()] = r;
    return out;
  }
};

const CheckResult* FindCheck(const RelationProbe& r, Check check) {
  for (const CheckResult& c : r.checks) {
    if (c.check == check) return &c;
  }
  return nullptr;
}

std::string Describe(const RelationProbe& r) {
  std::string out = std::string(VerdictName(r.verdict)) + ": " + r.reason;
  for (const CheckResult& c : r.checks) {
    out += "\n  " + std::string(CheckName(c.check)) + " " + std::string(OutcomeName(c.outcome)) +
           " " + c.detail;
  }
  return out;
}

TEST_F(ProbeTest, HolesFixtureShowsEveryHole) {
  Load("holes.sql");
  const ProbeReport report = ProbeUnchanged(db::kFixtureAppRole);
  EXPECT_EQ(report.role, db::kFixtureAppRole);
  auto by = ByName(report);
  ASSERT_EQ(by.size(), 11u) << FormatProbeText(report);
  auto verdict = [&](const std::string& name) {
    return by.count(name) ? by[name].verdict : Verdict::kNotTestable;
  };
  EXPECT_EQ(verdict("public.notes"), Verdict::kLeaks) << Describe(by["public.notes"]);
  EXPECT_EQ(by["public.notes"].bypass, Bypass::kRlsDisabled);
  EXPECT_THAT(by["public.notes"].leaking,
              ElementsAre(Check::kRead, Check::kUpdate, Check::kDelete, Check::kInsert));
  EXPECT_TRUE(by["public.notes"].synthetic_rows);

  EXPECT_EQ(verdict("public.invoices"), Verdict::kLeaks) << Describe(by["public.invoices"]);
  EXPECT_EQ(by["public.invoices"].bypass, Bypass::kOwner);
  EXPECT_EQ(by["public.invoices"].leaking.size(), 4u);

  EXPECT_EQ(verdict("public.comments"), Verdict::kLeaks) << Describe(by["public.comments"]);
  EXPECT_THAT(by["public.comments"].leaking, ElementsAre(Check::kRead));
  EXPECT_EQ(by["public.comments"].bypass, Bypass::kNone);

  EXPECT_EQ(verdict("public.documents"), Verdict::kFailsOpen) << Describe(by["public.documents"]);
  EXPECT_EQ(verdict("public.events"), Verdict::kErrorsWithoutContext)
      << Describe(by["public.events"]);
  EXPECT_THAT(by["public.events"].reason, HasSubstr("22P02"));

  EXPECT_EQ(verdict("public.project_names"), Verdict::kLeaks)
      << Describe(by["public.project_names"]);
  EXPECT_EQ(by["public.project_names"].bypass, Bypass::kViewOwner);
  EXPECT_EQ(by["public.project_names"].kind, RelationKind::kView);

  EXPECT_EQ(verdict("public.measurements_default"), Verdict::kLeaks)
      << Describe(by["public.measurements_default"]);
  EXPECT_EQ(by["public.measurements_default"].kind, RelationKind::kPartition);

  for (const char* isolated : {"public.invoice_lines", "public.projects", "public.measurements",
                               "public.measurements_2026"}) {
    EXPECT_EQ(verdict(isolated), Verdict::kIsolated) << isolated << ": " << Describe(by[isolated]);
  }
  EXPECT_EQ(by["public.measurements"].kind, RelationKind::kPartitionedTable);
  EXPECT_TRUE(HasIsolationFailures(report));
  if (std::getenv("RUNWARDEN_SHOW_PROBE")) std::cout << FormatProbeText(report);
}

TEST_F(ProbeTest, NaiveIsNullGuardFailsOpenInASessionThatNeverSetTheTenant) {
  Load("holes.sql");
  Sql(SeedSql());
  const ProbeReport report = ProbeUnchanged(db::kFixtureAppRole);
  auto by = ByName(report);
  const RelationProbe& events = by["public.events"];
  EXPECT_EQ(events.verdict, Verdict::kFailsOpen) << Describe(events);
  EXPECT_THAT(events.reason, HasSubstr("NULL"));
  bool saw_cast_error = false;
  for (const CheckResult& c : events.checks) {
    if (c.check == Check::kNoContextEmpty) {
      EXPECT_EQ(c.outcome, Outcome::kError);
      saw_cast_error = c.detail.find("uuid") != std::string::npos;
    }
  }
  EXPECT_TRUE(saw_cast_error) << Describe(events);
  EXPECT_EQ(by["public.documents"].verdict, Verdict::kFailsOpen);
  EXPECT_EQ(by["public.invoice_lines"].verdict, Verdict::kIsolated)
      << Describe(by["public.invoice_lines"]);
}

TEST_F(ProbeTest, CleanTwinIsIsolatedEverywhere) {
  Load("clean.sql");
  Sql(SeedSql());
  const ProbeReport report = ProbeUnchanged(db::kFixtureAppRole);
  ASSERT_EQ(report.relations.size(), 11u) << FormatProbeText(report);
  for (const RelationProbe& r : report.relations) {
    EXPECT_EQ(r.verdict, Verdict::kIsolated) << r.name.ToString() << ": " << Describe(r);
    EXPECT_EQ(r.bypass, Bypass::kNone) << r.name.ToString();
  }
  EXPECT_FALSE(HasIsolationFailures(report));
  EXPECT_TRUE(report.notes.empty());
}

TEST_F(ProbeTest, CleanTwinIsIsolatedWithoutAnyRows) {
  Load("clean.sql");
  const ProbeReport report = ProbeUnchanged(db::kFixtureAppRole);
  size_t synthetic = 0;
  for (const RelationProbe& r : report.relations) {
    EXPECT_EQ(r.verdict, Verdict::kIsolated) << r.name.ToString() << ": " << Describe(r);
    synthetic += r.synthetic_rows ? 1 : 0;
  }
  // Rows made for one table serve others: invoice_lines needs an invoice of
  // B, and the parent's row lands in the default partition.
  EXPECT_GE(synthetic, 7u);
}

TEST_F(ProbeTest, BypassRlsRoleLeaksEverywhere) {
  Load("clean.sql");
  const ProbeReport report = ProbeUnchanged(db::kFixtureBypassRole);
  for (const RelationProbe& r : report.relations) {
    EXPECT_EQ(r.verdict, Verdict::kLeaks) << r.name.ToString() << ": " << Describe(r);
    if (r.kind != RelationKind::kView) {
      EXPECT_EQ(r.bypass, Bypass::kBypassRls) << r.name.ToString();
    }
  }
}

TEST_F(ProbeTest, SelectedTablesAndExplicitTenants) {
  Load("clean.sql");
  Sql(SeedSql());
  ProbeOptions options;
  options.tables = {"notes", "public.project_names"};
  options.tenants = TenantPair{kTenant1, kTenant2};
  const ProbeReport report = ProbeUnchanged(db::kFixtureAppRole, options);
  ASSERT_EQ(report.relations.size(), 2u);
  EXPECT_EQ(report.relations[0].name.ToString(), "public.notes");
  EXPECT_EQ(report.relations[1].name.ToString(), "public.project_names");
  for (const RelationProbe& r : report.relations) {
    EXPECT_EQ(r.verdict, Verdict::kIsolated) << Describe(r);
    EXPECT_EQ(r.tenants.b, kTenant2);
    EXPECT_FALSE(r.synthetic_rows) << "tenant B's rows existed";
  }
}

TEST_F(ProbeTest, TenantsComeFromTheTableTheTenantKeyReferences) {
  Sql(std::string("CREATE TABLE tenants (id uuid PRIMARY KEY, name text NOT NULL);"
                  "CREATE TABLE orders (id bigserial PRIMARY KEY,"
                  " tenant_id uuid NOT NULL REFERENCES tenants, total integer NOT NULL);"
                  "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;"
                  "ALTER TABLE orders FORCE ROW LEVEL SECURITY;"
                  "CREATE POLICY iso ON orders USING (tenant_id = "
                  "NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);"
                  "INSERT INTO tenants VALUES ('") +
      kTenant1 + "', 'one'), ('" + kTenant2 +
      "', 'two');"
      "INSERT INTO orders (tenant_id, total) VALUES ('" +
      kTenant1 + "', 1), ('" + kTenant2 + "', 2);");
  auto app = db_->CreateRole("rw_app");
  ASSERT_TRUE(app.ok());
  Sql("GRANT SELECT ON tenants TO " + *app +
      "; GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO " + *app);
  const ProbeReport report = ProbeUnchanged(*app);
  auto by = ByName(report);
  const RelationProbe& orders = by["public.orders"];
  EXPECT_EQ(orders.verdict, Verdict::kIsolated) << Describe(orders);
  EXPECT_FALSE(orders.synthetic_rows);
  EXPECT_THAT((std::vector<std::string>{orders.tenants.a, orders.tenants.b}),
              ::testing::UnorderedElementsAre(kTenant1, kTenant2));
  EXPECT_EQ(by["public.tenants"].verdict, Verdict::kNotTestable);
  EXPECT_THAT(by["public.tenants"].reason, HasSubstr("no tenant key column"));
}

TEST_F(ProbeTest, TablesWithTriggersAreNeverWrittenTo) {
  Sql(std::string(
          "CREATE TABLE audit (id bigserial PRIMARY KEY, what text);"
          "CREATE FUNCTION log_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS "
          "$$BEGIN INSERT INTO audit (what) VALUES (TG_OP); RETURN NULL; END$$;"
          "CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, body text);"
          "CREATE TRIGGER notes_audit AFTER INSERT OR UPDATE OR DELETE ON notes "
          "FOR EACH ROW EXECUTE FUNCTION log_change();"
          "ALTER TABLE notes ENABLE ROW LEVEL SECURITY; ALTER TABLE notes FORCE ROW LEVEL SECURITY;"
          "CREATE POLICY iso ON notes USING (tenant_id = "
          "NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);"
          "INSERT INTO notes (tenant_id, body) VALUES ('") +
      kTenant1 + "', 'a'), ('" + kTenant2 + "', 'b');");
  auto app = db_->CreateRole("rw_app");
  ASSERT_TRUE(app.ok());
  Sql("GRANT SELECT, INSERT, UPDATE, DELETE ON notes TO " + *app);
  ProbeOptions options;
  options.tables = {"notes"};
  ProbeReport report = ProbeUnchanged(*app, options);
  ASSERT_EQ(report.relations.size(), 1u);
  EXPECT_EQ(report.relations[0].verdict, Verdict::kNotTestable) << Describe(report.relations[0]);
  EXPECT_THAT(report.relations[0].reason, HasSubstr("notes_audit"));

  // With tenants that have rows, reads are checked; writes still are not.
  options.tenants = TenantPair{kTenant1, kTenant2};
  report = ProbeUnchanged(*app, options);
  const RelationProbe& notes = report.relations[0];
  EXPECT_EQ(notes.verdict, Verdict::kNotTestable) << Describe(notes);
  const CheckResult* read = FindCheck(notes, Check::kRead);
  ASSERT_TRUE(read);
  EXPECT_EQ(read->outcome, Outcome::kBlocked) << Describe(notes);
  EXPECT_THAT(notes.reason, HasSubstr("update: not written to: it has triggers (notes_audit)"));
}

TEST_F(ProbeTest, RefusesWhatItCannotDo) {
  Load("clean.sql");
  auto conn = db::Open(db_->DsnAs(db::kFixtureAppRole));
  ASSERT_TRUE(conn.ok());
  auto schema = schema::ReadCatalog(**conn);
  ASSERT_TRUE(schema.ok());
  ProbeOptions options;
  options.setting = "tenant";
  EXPECT_EQ(RunIsolationProbe(**conn, *schema, options).status().code(), ErrorCode::kInvalidInput);
  options = {};
  options.tables = {"public.nope"};
  auto missing = RunIsolationProbe(**conn, *schema, options);
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("table public.nope is not in the database"));
  EXPECT_EQ((*conn)->GetTransactionState(), db::TransactionState::kIdle);
  options = {};
  options.tenants = TenantPair{"x", "x"};
  EXPECT_EQ(RunIsolationProbe(**conn, *schema, options).status().code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE((*conn)->Begin().ok());
  auto in_tx = RunIsolationProbe(**conn, *schema, ProbeOptions{});
  EXPECT_EQ(in_tx.status().code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE((*conn)->Rollback().ok());

  auto sqlite = db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
  ASSERT_TRUE(sqlite.ok());
  auto lite = RunIsolationProbe(**sqlite, *schema, ProbeOptions{});
  EXPECT_EQ(lite.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(lite.status().message(), HasSubstr("no row-level security"));
}

TEST_F(ProbeTest, PasswordsNeverAppearInTheReport) {
  Load("clean.sql");
  const std::string secret = "pr0be-secret-pw";
  ProbeOptions options;
  options.tables = {"notes"};
  auto report = Probe(db::kFixtureAppRole, options, "password=" + secret);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_THAT(FormatProbeText(*report), Not(HasSubstr(secret)));
  EXPECT_THAT(FormatProbeJson(*report), Not(HasSubstr(secret)));
  EXPECT_THAT(report->target, HasSubstr("user=rw_fixture_app"));
}

}  // namespace
}  // namespace runwarden::probe
