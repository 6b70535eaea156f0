// The dry run against a real PostgreSQL: what it finds, and that it changes
// nothing (table contents, sequences, and the server's write counters).
#include "exec/dry_run.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "db/pg_test_env.h"
#include "plan/plan_builder.h"
#include "runbook/parser.h"

namespace runwarden::exec {
namespace {

using ::testing::HasSubstr;

constexpr char kTenant[] = "11111111-1111-1111-1111-111111111111";
constexpr char kOther[] = "22222222-2222-2222-2222-222222222222";

constexpr char kSchema[] = R"sql(
CREATE SEQUENCE note_ids;
CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, status text NOT NULL);
CREATE TABLE notes (id bigint PRIMARY KEY DEFAULT nextval('note_ids'), tenant_id uuid, body text);
INSERT INTO invoices VALUES (1, '11111111-1111-1111-1111-111111111111', 'open'),
                            (2, '11111111-1111-1111-1111-111111111111', 'open'),
                            (3, '22222222-2222-2222-2222-222222222222', 'open');
INSERT INTO notes (tenant_id, body) VALUES ('11111111-1111-1111-1111-111111111111', 'x');
)sql";

constexpr char kRunbook[] = R"(---
id: dry-run
tenant: {parameter: TENANT_ID}
parameters:
  TENANT_ID: {type: uuid}
---
# Fix
```sql {#void-mine expect="rows == 2"}
UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;
```
```sql {#void-all}
UPDATE invoices SET status = 'void' WHERE status = 'open';
```
```sql {#expect-one expect="rows == 1"}
DELETE FROM invoices WHERE tenant_id = <TENANT_ID>;
```
```sql {#read}
SELECT nextval('note_ids'), count(*) FROM invoices WHERE tenant_id = <TENANT_ID>;
```
```sql {#note}
INSERT INTO notes (tenant_id, body) VALUES (<TENANT_ID>, 'checked');
```
```sql {#typo}
SELECT no_such_column FROM invoices WHERE tenant_id = <TENANT_ID>;
```
```sql {#ddl}
CREATE INDEX ON invoices (status);
```
)";

class DryRunTest : public db::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(admin_->Execute(kSchema).ok());
    auto rb = runbook::ParseRunbook(kRunbook, "dry-run.md");
    ASSERT_TRUE(rb.ok()) << rb.status().ToString();
    rb_ = std::move(*rb);
  }

  // Everything the dry run must leave as it was: rows, the sequence, and the
  // write counters (read after the dry run's backend has exited and flushed).
  std::string Snapshot() {
    // This backend's own pending counters (the fixture's INSERTs) are
    // flushed at the end of the next transaction; then read afresh.
    static_cast<void>(admin_->Execute("SELECT pg_stat_force_next_flush()"));
    static_cast<void>(admin_->Execute("SELECT pg_stat_clear_snapshot()"));
    auto r = admin_->Execute(
        "SELECT (SELECT string_agg(id || ':' || tenant_id || ':' || status, ',' ORDER BY id) "
        "FROM invoices) || '|' || (SELECT string_agg(id || ':' || body, ',' ORDER BY id) FROM "
        "notes) || '|' || (SELECT last_value || ':' || is_called FROM note_ids) || '|' || "
        "(SELECT string_agg(relname || ':' || n_tup_ins || ':' || n_tup_upd || ':' || n_tup_del, "
        "',' ORDER BY relname) FROM pg_stat_user_tables)");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && !r->rows.empty() && r->rows[0][0] ? *r->rows[0][0] : "";
  }

  // Waits until the server's write counters no longer change.
  std::string SettledSnapshot() {
    std::string last = Snapshot();
    for (int i = 0; i < 50; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::string now = Snapshot();
      if (now == last && i >= 15) return now;
      last = now;
    }
    return last;
  }

  plan::Plan DryRunPlan() { return DryRunPlan(rb_, {}); }

  plan::Plan DryRunPlan(const runbook::Runbook& rb, std::map<std::string, std::string> params) {
    plan::PlanInputs in;
    in.runbook = &rb;
    in.params = params;
    in.tenant = kTenant;
    in.tenant_given = true;
    in.tool_version = "test";
    auto plan = plan::BuildPlan(in);
    EXPECT_TRUE(plan.ok()) << plan.status().ToString();
    plan::Plan p = plan.ok() ? std::move(*plan) : plan::Plan{};
    DryRunOptions options;
    options.values = params;
    options.values["TENANT_ID"] = kTenant;
    options.tenant = kTenant;
    options.key_of = [](std::string_view, std::string_view table) {
      return std::string(table == "invoices" || table == "notes" ? "tenant_id" : "");
    };
    auto conn = db::Open(db_->dsn());
    EXPECT_TRUE(conn.ok());
    if (conn.ok()) {
      Status s = DryRun(p, **conn, options);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    return p;
  }

  const plan::StatementValidation& ValidationOf(const plan::Plan& p, const std::string& step) {
    for (const auto& u : p.units) {
      for (const auto& s : u.steps) {
        if (s.id == step && !s.statements.empty() && s.statements[0].validation) {
          return *s.statements[0].validation;
        }
      }
    }
    static const plan::StatementValidation kNone;
    ADD_FAILURE() << "no validation for " << step;
    return kNone;
  }

  runbook::Runbook rb_;
};

TEST_F(DryRunTest, FindsWhatWouldGoWrong) {
  const plan::Plan p = DryRunPlan();
  EXPECT_EQ(p.dry_run_status, "halted");
  EXPECT_EQ(p.FinalStatus(), "execution_blocked_for_safety");

  const auto& mine = ValidationOf(p, "void-mine");
  EXPECT_EQ(mine.outcome, "validated");
  EXPECT_TRUE(mine.counted);
  EXPECT_EQ(mine.rows_of_tenant, 2);
  EXPECT_EQ(mine.rows_of_other_tenants, 0);
  EXPECT_TRUE(mine.estimated_rows.has_value());

  const auto& all = ValidationOf(p, "void-all");
  EXPECT_EQ(all.rows_of_tenant, 2);
  EXPECT_EQ(all.rows_of_other_tenants, 1);
  EXPECT_EQ(all.other_tenants, 1);
  EXPECT_THAT(p.dry_run_detail, HasSubstr("step void-all would touch 1 rows of 1 other tenant in "
                                          "invoices"));
  // Other tenants are counted, never named.
  EXPECT_THAT(p.dry_run_detail, ::testing::Not(HasSubstr(kOther)));

  EXPECT_THAT(p.dry_run_detail,
              HasSubstr("step expect-one would touch 2 rows, but it expects rows == 1"));

  const auto& typo = ValidationOf(p, "typo");
  EXPECT_EQ(typo.outcome, "failed");
  EXPECT_THAT(typo.detail, HasSubstr("no_such_column"));

  EXPECT_EQ(ValidationOf(p, "ddl").outcome, "not-validated");
  EXPECT_EQ(ValidationOf(p, "read").outcome, "validated");
  // Described: the type of each $n and the result columns.
  EXPECT_EQ(ValidationOf(p, "read").parameter_types, std::vector<std::string>{"uuid"});
  ASSERT_EQ(ValidationOf(p, "read").columns.size(), 2u);
  EXPECT_EQ(ValidationOf(p, "read").columns[0].name, "nextval");
  EXPECT_EQ(ValidationOf(p, "read").columns[1].type, "bigint");
  EXPECT_FALSE(ValidationOf(p, "read").counted);
  EXPECT_THAT(ValidationOf(p, "note").detail, HasSubstr("INSERT"));

  bool points_at_typo = false;
  for (const plan::Remediation& r : p.remediation) {
    points_at_typo = points_at_typo || (r.span.begin.line == 24 &&
                                        r.change.find("no_such_column") != std::string::npos);
  }
  EXPECT_TRUE(points_at_typo);
}

TEST_F(DryRunTest, DeclaredTypeThatDoesNotFitTheStatementHalts) {
  auto rb = runbook::ParseRunbook(R"(---
id: limits
tenant: {parameter: TENANT_ID}
parameters:
  TENANT_ID: {type: uuid}
  INVOICE: {type: text}
---
# Look
```sql {#one}
SELECT status FROM invoices WHERE tenant_id = <TENANT_ID> AND id = <INVOICE>;
```
)",
                                  "limits.md");
  ASSERT_TRUE(rb.ok()) << rb.status().ToString();
  const plan::Plan p = DryRunPlan(*rb, {{"INVOICE", "1"}});
  EXPECT_EQ(p.dry_run_status, "halted");
  EXPECT_THAT(p.dry_run_detail,
              HasSubstr("parameter INVOICE is declared text, but step one uses it as bigint"));
  bool remedy = false;
  for (const plan::Remediation& r : p.remediation) {
    remedy = remedy || r.change.find("declare INVOICE as bigint") != std::string::npos;
  }
  EXPECT_TRUE(remedy);
  EXPECT_EQ(ValidationOf(p, "one").parameter_types, (std::vector<std::string>{"uuid", "bigint"}));
}

TEST_F(DryRunTest, HasNoSideEffects) {
  const std::string before = SettledSnapshot();
  ASSERT_FALSE(before.empty());
  DryRunPlan();
  EXPECT_EQ(SettledSnapshot(), before);

  // The snapshot does see a write that was rolled back: the check above can fail.
  {
    auto other = db::Open(db_->dsn());
    ASSERT_TRUE(other.ok());
    ASSERT_TRUE((*other)->Begin().ok());
    ASSERT_TRUE((*other)->Execute("UPDATE invoices SET status = 'x'").ok());
    ASSERT_TRUE((*other)->Rollback().ok());
  }
  EXPECT_NE(SettledSnapshot(), before);
}

}  // namespace
}  // namespace runwarden::exec
