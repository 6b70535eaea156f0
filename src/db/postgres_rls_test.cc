// The harness's proof that tenant context is transaction-local and enforced
// by PostgreSQL row-level security for a role that cannot bypass it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "db/pg_test_env.h"
#include "db/server_error.h"
#include "db/target.h"

namespace runwarden::db {
namespace {

using ::testing::AnyOf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kTenantA = "0b6f3c1e-8a7d-4b8e-9f00-000000000001";
constexpr const char* kTenantB = "0b6f3c1e-8a7d-4b8e-9f00-000000000002";
constexpr const char* kSetTenant = "SELECT set_config('app.current_tenant_id', $1, true)";

class PgRowLevelSecurityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RW_REQUIRE_TEST_PG_DSN(admin_dsn);
    Result<std::unique_ptr<ScratchDatabase>> db = ScratchDatabase::Create(admin_dsn);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Result<std::string> role = db_->CreateRole("rw_app");
    ASSERT_TRUE(role.ok()) << role.status().ToString();
    role_ = *role;

    Result<std::unique_ptr<Connection>> owner = Open(db_->dsn());
    ASSERT_TRUE(owner.ok()) << owner.status().ToString();
    owner_ = std::move(owner).value();
    Result<QueryResult> schema = owner_->Execute(
        "CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id uuid NOT NULL,"
        " amount bigint NOT NULL);"
        "ALTER TABLE invoices ENABLE ROW LEVEL SECURITY;"
        "ALTER TABLE invoices FORCE ROW LEVEL SECURITY;"
        "CREATE POLICY invoices_visible ON invoices AS PERMISSIVE FOR ALL USING (true);"
        "CREATE POLICY invoices_tenant_guard ON invoices AS RESTRICTIVE FOR ALL"
        " USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);"
        "CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);"
        "GRANT SELECT, INSERT, UPDATE, DELETE ON invoices, notes TO " +
        role_);
    ASSERT_TRUE(schema.ok()) << schema.status().ToString();
    Result<std::vector<QueryResult>> rows = owner_->ExecuteBatch({
        {"INSERT INTO invoices VALUES ($1, $2, $3)", {"1", kTenantA, "100"}},
        {"INSERT INTO invoices VALUES ($1, $2, $3)", {"2", kTenantA, "200"}},
        {"INSERT INTO invoices VALUES ($1, $2, $3)", {"3", kTenantB, "300"}},
        {"INSERT INTO invoices VALUES ($1, $2, $3)", {"4", kTenantB, "400"}},
        {"INSERT INTO invoices VALUES ($1, $2, $3)", {"5", kTenantB, "500"}},
    });
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();

    Result<std::unique_ptr<Connection>> app = Open(db_->DsnAs(role_));
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
  }

  // Invoice ids the app role can see now, in order.
  std::vector<std::string> VisibleIds() {
    Result<QueryResult> r = app_->Query("SELECT id FROM invoices ORDER BY id", {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    std::vector<std::string> ids;
    if (r.ok()) {
      for (const Row& row : r->rows) ids.push_back(row[0].value_or("NULL"));
    }
    return ids;
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::string role_;
  std::unique_ptr<Connection> owner_;
  std::unique_ptr<Connection> app_;
};

TEST_F(PgRowLevelSecurityTest, AppRoleCannotBypassRowLevelSecurity) {
  Result<QueryResult> r = app_->Query(
      "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, (std::vector<Row>{{role_, "f", "f"}}));
  Result<QueryResult> table = owner_->Query(
      "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = $1", {"invoices"});
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->rows, (std::vector<Row>{{"t", "t"}}));
}

TEST_F(PgRowLevelSecurityTest, TenantContextIsTransactionLocal) {
  EXPECT_TRUE(VisibleIds().empty());

  ASSERT_TRUE(app_->Begin().ok());
  Result<QueryResult> set = app_->Query(kSetTenant, {kTenantA});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->rows[0][0], kTenantA);
  EXPECT_EQ(VisibleIds(), (std::vector<std::string>{"1", "2"}));
  Result<QueryResult> tenants = app_->Query("SELECT DISTINCT tenant_id::text FROM invoices", {});
  ASSERT_TRUE(tenants.ok());
  EXPECT_EQ(tenants->rows, (std::vector<Row>{{kTenantA}}));
  Result<QueryResult> updated = app_->Query("UPDATE invoices SET amount = amount + $1", {"1"});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->rows_affected, 2);
  ASSERT_TRUE(app_->Commit().ok());

  Result<QueryResult> after =
      app_->Query("SELECT current_setting('app.current_tenant_id', true)", {});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_THAT(after->rows[0][0], AnyOf(Value(""), Value(std::nullopt)));
  EXPECT_TRUE(VisibleIds().empty());
  Result<QueryResult> blind_update = app_->Query("UPDATE invoices SET amount = 0", {});
  ASSERT_TRUE(blind_update.ok());
  EXPECT_EQ(blind_update->rows_affected, 0);

  ASSERT_TRUE(app_->Begin().ok());
  ASSERT_TRUE(app_->Query(kSetTenant, {kTenantB}).ok());
  EXPECT_EQ(VisibleIds(), (std::vector<std::string>{"3", "4", "5"}));
  ASSERT_TRUE(app_->Rollback().ok());
  EXPECT_TRUE(VisibleIds().empty());

  Result<QueryResult> amounts = owner_->Query("SELECT sum(amount) FROM invoices", {});
  ASSERT_TRUE(amounts.ok());
  EXPECT_EQ(amounts->rows[0][0], "1502");
}

TEST_F(PgRowLevelSecurityTest, ServerErrorsCarrySqlState) {
  ASSERT_TRUE(app_->Begin().ok());
  ASSERT_TRUE(app_->Query(kSetTenant, {kTenantA}).ok());
  Result<QueryResult> dup =
      app_->Query("INSERT INTO invoices VALUES ($1, $2, $3)", {"1", kTenantA, "9"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), ErrorCode::kExecution);
  EXPECT_THAT(dup.status().message(), HasSubstr("23505"));
  // Under row-level security PostgreSQL withholds the key from the detail.
  EXPECT_THAT(dup.status().message(), Not(HasSubstr("detail:")));
  ASSERT_TRUE(app_->Rollback().ok());
}

TEST_F(PgRowLevelSecurityTest, PolicyRejectsRowsForAnotherTenant) {
  ASSERT_TRUE(app_->Begin().ok());
  ASSERT_TRUE(app_->Query(kSetTenant, {kTenantA}).ok());
  Result<QueryResult> foreign =
      app_->Query("INSERT INTO invoices VALUES ($1, $2, $3)", {"10", kTenantB, "1"});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(SqlStateOf(foreign.status()), "42501");
  EXPECT_THAT(foreign.status().message(), HasSubstr("row-level security"));
  ASSERT_TRUE(app_->Rollback().ok());
}

TEST_F(PgRowLevelSecurityTest, HostileParameterValuesAreData) {
  const std::string hostile = "'; DROP TABLE invoices; --";
  ASSERT_TRUE(app_->Begin().ok());
  ASSERT_TRUE(app_->Query(kSetTenant, {hostile}).ok());
  Result<QueryResult> r = app_->Query("SELECT count(*) FROM invoices", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(SqlStateOf(r.status()), "22P02");
  ASSERT_TRUE(app_->Rollback().ok());
  ASSERT_TRUE(app_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", hostile}).ok());
  Result<QueryResult> note = app_->Query("SELECT body FROM notes WHERE id = $1", {"1"});
  ASSERT_TRUE(note.ok());
  EXPECT_EQ(note->rows[0][0], hostile);
  EXPECT_EQ(owner_->Query("SELECT count(*) FROM invoices", {})->rows[0][0], "5");
}

TEST_F(PgRowLevelSecurityTest, CancelInterruptsAStatementFromAnotherThread) {
  ASSERT_TRUE(app_->Begin().ok());
  ASSERT_TRUE(app_->Query(kSetTenant, {kTenantA}).ok());
  std::thread canceller([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(app_->Cancel().ok());
  });
  const auto start = std::chrono::steady_clock::now();
  Result<QueryResult> slow = app_->Query("SELECT pg_sleep(30)", {});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  canceller.join();
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(SqlStateOf(slow.status()), kSqlStateQueryCanceled);
  EXPECT_THAT(slow.status().message(), HasSubstr("57014"));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  EXPECT_EQ(app_->GetTransactionState(), TransactionState::kFailed);
  ASSERT_TRUE(app_->Rollback().ok());
  EXPECT_TRUE(VisibleIds().empty());
}

TEST_F(PgRowLevelSecurityTest, PipelineBatchRunsUnderTheTenantContext) {
  std::vector<Statement> batch = {{kSetTenant, {kTenantA}}};
  for (int i = 100; i < 150; ++i) {
    batch.push_back(
        {"INSERT INTO invoices VALUES ($1, $2, $3)", {std::to_string(i), kTenantA, "1"}});
  }
  batch.push_back({"SELECT count(*) FROM invoices", {}});
  Result<std::vector<QueryResult>> results = app_->ExecuteBatch(batch);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 52u);
  EXPECT_EQ((*results)[0].rows[0][0], kTenantA);
  for (size_t i = 1; i <= 50; ++i) EXPECT_EQ((*results)[i].rows_affected, 1);
  EXPECT_EQ((*results)[51].rows[0][0], "52");
  // The batch was its own transaction: its tenant context is gone.
  EXPECT_TRUE(VisibleIds().empty());
  EXPECT_EQ(owner_->Query("SELECT count(*) FROM invoices", {})->rows[0][0], "55");
}

TEST_F(PgRowLevelSecurityTest, PreparedStatementIsReusedManyTimes) {
  ASSERT_TRUE(app_->Begin().ok());
  ASSERT_TRUE(app_->Query(kSetTenant, {kTenantA}).ok());
  for (int i = 0; i < 300; ++i) {
    const std::string id = std::to_string(i % 5 + 1);
    Result<QueryResult> r = app_->QueryPrepared("SELECT amount FROM invoices WHERE id = $1", {id});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->rows.size(), i % 5 < 2 ? 1u : 0u) << "id " << id;
  }
  ASSERT_TRUE(app_->Commit().ok());
  Result<QueryResult> r = app_->QueryPrepared("SELECT amount FROM invoices WHERE id = $1", {"1"});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->rows.empty());
}

}  // namespace
}  // namespace runwarden::db
