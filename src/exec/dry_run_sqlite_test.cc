// The dry run against SQLite, the embedded default: statements are
// described and writes counted per tenant, under PRAGMA query_only, and the
// database is left exactly as it was.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/sqlite.h"
#include "exec/dry_run.h"
#include "plan/plan_builder.h"
#include "runbook/parser.h"

namespace runwarden::exec {
namespace {

using ::testing::HasSubstr;

constexpr char kTenant[] = "t-1";

constexpr char kRunbook[] = R"(---
id: sqlite-dry-run
tenant: {parameter: TENANT_ID}
parameters:
  TENANT_ID: {type: text}
---
# Fix
```sql {#void-mine expect="rows == 2"}
UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;
```
```sql {#void-all}
UPDATE invoices SET status = 'void' WHERE status = 'open';
```
```sql {#read}
SELECT id, status FROM invoices WHERE tenant_id = <TENANT_ID>;
```
```sql {#typo}
SELECT no_such_column FROM invoices WHERE tenant_id = <TENANT_ID>;
```
)";

class DryRunSqliteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(*conn);
    ASSERT_TRUE(conn_
                    ->Execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, tenant_id TEXT NOT "
                              "NULL, status TEXT NOT NULL);"
                              "INSERT INTO invoices VALUES (1, 't-1', 'open'), (2, 't-1', "
                              "'open'), (3, 't-2', 'open');")
                    .ok());
  }

  std::string Contents() {
    auto r = conn_->Query(
        "SELECT group_concat(id || ':' || tenant_id || ':' || status, ',') FROM "
        "(SELECT * FROM invoices ORDER BY id)",
        {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && r->rows[0][0] ? *r->rows[0][0] : "";
  }

  plan::Plan DryRunPlan() {
    auto rb = runbook::ParseRunbook(kRunbook, "sqlite-dry-run.md");
    EXPECT_TRUE(rb.ok()) << rb.status().ToString();
    rb_ = std::move(*rb);
    plan::PlanInputs in;
    in.runbook = &rb_;
    in.tenant = kTenant;
    in.tenant_given = true;
    in.tool_version = "test";
    auto built = plan::BuildPlan(in);
    EXPECT_TRUE(built.ok()) << built.status().ToString();
    plan::Plan p = built.ok() ? std::move(*built) : plan::Plan{};
    DryRunOptions options;
    options.values["TENANT_ID"] = kTenant;
    options.tenant = kTenant;
    options.key_of = [](std::string_view, std::string_view table) {
      return std::string(table == "invoices" ? "tenant_id" : "");
    };
    Status s = DryRun(p, *conn_, options);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return p;
  }

  static const plan::StatementValidation& ValidationOf(const plan::Plan& p,
                                                       const std::string& step) {
    for (const auto& u : p.units) {
      for (const auto& s : u.steps) {
        if (s.id == step && s.statements[0].validation) return *s.statements[0].validation;
      }
    }
    static const plan::StatementValidation kNone;
    ADD_FAILURE() << "no validation for " << step;
    return kNone;
  }

  runbook::Runbook rb_;
  std::unique_ptr<db::Connection> conn_;
};

TEST_F(DryRunSqliteTest, DescribesCountsAndHalts) {
  const plan::Plan p = DryRunPlan();
  EXPECT_EQ(p.dry_run_status, "halted");

  const auto& mine = ValidationOf(p, "void-mine");
  EXPECT_EQ(mine.outcome, "validated");
  EXPECT_TRUE(mine.counted);
  EXPECT_EQ(mine.rows_of_tenant, 2);
  EXPECT_EQ(mine.rows_of_other_tenants, 0);
  EXPECT_FALSE(mine.estimated_rows.has_value());

  const auto& all = ValidationOf(p, "void-all");
  EXPECT_EQ(all.rows_of_other_tenants, 1);
  EXPECT_THAT(p.dry_run_detail, HasSubstr("step void-all would touch 1 rows of 1 other tenant"));
  EXPECT_THAT(p.dry_run_detail, ::testing::Not(HasSubstr("t-2")));

  const auto& read = ValidationOf(p, "read");
  ASSERT_EQ(read.columns.size(), 2u);
  EXPECT_EQ(read.columns[0].name, "id");
  EXPECT_EQ(read.columns[0].type, "INTEGER");
  EXPECT_EQ(read.columns[1].type, "TEXT");

  EXPECT_EQ(ValidationOf(p, "typo").outcome, "failed");
  EXPECT_THAT(ValidationOf(p, "typo").detail, HasSubstr("no_such_column"));
}

TEST_F(DryRunSqliteTest, ChangesNothingAndLeavesTheConnectionWritable) {
  const std::string before = Contents();
  auto changes = [&] {
    auto r = conn_->Query("SELECT total_changes()", {});
    return r.ok() ? *r->rows[0][0] : std::string("?");
  };
  const std::string changes_before = changes();
  DryRunPlan();
  EXPECT_EQ(Contents(), before);
  EXPECT_EQ(changes(), changes_before);
  EXPECT_EQ(conn_->GetTransactionState(), db::TransactionState::kIdle);
  // query_only was lifted again: the run that follows can write.
  EXPECT_TRUE(conn_->Query("UPDATE invoices SET status = 'x' WHERE id = 1", {}).ok());
  EXPECT_NE(Contents(), before);
}

}  // namespace
}  // namespace runwarden::exec
