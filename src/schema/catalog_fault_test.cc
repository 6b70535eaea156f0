// Server faults while the catalog is read: the backend is terminated by
// another session (pg_terminate_backend) right before each round trip
// ReadCatalog makes. Made deterministic by a Connection decorator that
// forwards to the real connection and fires the termination before its
// n-th call.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/pg_test_env.h"
#include "schema/catalog.h"

namespace runwarden::schema {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Forwards every call to `inner`; before call number `terminate_before`
// (0-based, counting every call that talks to the server) it asks `admin` to
// terminate the backend of `inner` and waits until it is gone.
class TerminatingConnection final : public db::Connection {
 public:
  TerminatingConnection(db::Connection& inner, db::Connection& admin, std::string pid,
                        int terminate_before)
      : inner_(inner), admin_(admin), pid_(std::move(pid)), terminate_before_(terminate_before) {}

  int calls() const { return calls_; }

  db::BackendKind Backend() const override { return inner_.Backend(); }
  std::string ServerVersion() const override { return inner_.ServerVersion(); }
  db::TargetDescription Describe() const override { return inner_.Describe(); }
  db::TransactionState GetTransactionState() const override { return inner_.GetTransactionState(); }
  Result<db::QueryResult> Query(const std::string& sql, const db::Params& params) override {
    Step();
    return inner_.Query(sql, params);
  }
  Result<db::QueryResult> QueryPrepared(const std::string& sql, const db::Params& params) override {
    Step();
    return inner_.QueryPrepared(sql, params);
  }
  Result<db::StatementDescription> DescribeStatement(const std::string& sql) override {
    Step();
    return inner_.DescribeStatement(sql);
  }
  Result<db::QueryResult> Execute(const std::string& sql) override {
    Step();
    return inner_.Execute(sql);
  }
  Result<std::vector<db::QueryResult>> ExecuteBatch(
      const std::vector<db::Statement>& batch) override {
    Step();
    return inner_.ExecuteBatch(batch);
  }
  Status Begin() override {
    Step();
    return inner_.Begin();
  }
  Status Commit() override {
    Step();
    return inner_.Commit();
  }
  Status Rollback() override {
    Step();
    return inner_.Rollback();
  }
  Status Savepoint(std::string_view name) override { return inner_.Savepoint(name); }
  Status RollbackToSavepoint(std::string_view name) override {
    return inner_.RollbackToSavepoint(name);
  }
  Status ReleaseSavepoint(std::string_view name) override { return inner_.ReleaseSavepoint(name); }
  Status SetStatementTimeout(std::chrono::milliseconds t) override {
    return inner_.SetStatementTimeout(t);
  }
  Status SetLockTimeout(std::chrono::milliseconds t) override { return inner_.SetLockTimeout(t); }
  Status Cancel() override { return inner_.Cancel(); }
  std::vector<std::string> TakeNotices() override { return inner_.TakeNotices(); }

 private:
  void Step() {
    if (calls_++ != terminate_before_) return;
    auto r = admin_.Query("SELECT pg_terminate_backend($1::int, 10000)", {pid_});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->rows[0][0], "t");
  }

  db::Connection& inner_;
  db::Connection& admin_;
  std::string pid_;
  int terminate_before_;
  int calls_ = 0;
};

class CatalogFaultTest : public db::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::string ddl;
    for (int i = 0; i < 50; ++i) {
      ddl += "CREATE TABLE t" + std::to_string(i) +
             " (id bigint PRIMARY KEY, tenant_id uuid NOT NULL);"
             "ALTER TABLE t" +
             std::to_string(i) +
             " ENABLE ROW LEVEL SECURITY;"
             "CREATE POLICY p ON t" +
             std::to_string(i) + " USING (tenant_id IS NOT NULL);";
    }
    ASSERT_TRUE(admin_->Execute(ddl).ok());
  }
};

TEST_F(CatalogFaultTest, TerminatedBackendIsAClearUnavailableError) {
  // Round trips of one read: BEGIN, the catalog batch, ROLLBACK.
  for (int step = 0; step < 2; ++step) {
    SCOPED_TRACE("terminated before round trip " + std::to_string(step));
    auto conn = db::Open(db_->dsn());
    ASSERT_TRUE(conn.ok());
    auto pid = (*conn)->Query("SELECT pg_backend_pid()", {});
    ASSERT_TRUE(pid.ok());
    TerminatingConnection dying(**conn, *admin_, *pid->rows[0][0], step);
    Result<Schema> schema = ReadCatalog(dying);
    ASSERT_FALSE(schema.ok()) << "a partial schema came back";
    EXPECT_EQ(schema.status().code(), ErrorCode::kUnavailable);
    EXPECT_THAT(schema.status().message(), HasSubstr("lost while reading the catalog"));
    EXPECT_THAT(schema.status().message(), HasSubstr("dbname=" + db_->name()));
    EXPECT_THAT(schema.status().hint(), HasSubstr("run the command again"));
    EXPECT_GT(dying.calls(), step);
  }
}

TEST_F(CatalogFaultTest, TerminationAfterTheLastResultStillGivesTheWholeSchema) {
  auto conn = db::Open(db_->dsn());
  ASSERT_TRUE(conn.ok());
  auto pid = (*conn)->Query("SELECT pg_backend_pid()", {});
  ASSERT_TRUE(pid.ok());
  TerminatingConnection dying(**conn, *admin_, *pid->rows[0][0], 2);  // before ROLLBACK
  Result<Schema> schema = ReadCatalog(dying);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_EQ(schema->tables.size(), 50u);
  for (const auto& [name, table] : schema->tables) EXPECT_EQ(table.policies.size(), 1u);
}

TEST_F(CatalogFaultTest, PasswordsNeverAppearInCatalogErrors) {
  // A keyword DSN with a password that trust authentication ignores.
  const std::string secret = "s3cr3t-catalog-pw";
  auto conn = db::Open(db::WithDsnKeyword(db_->dsn(), "password", secret));
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto pid = (*conn)->Query("SELECT pg_backend_pid()", {});
  ASSERT_TRUE(pid.ok());
  Result<Schema> whole = ReadCatalog(**conn);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_THAT(whole->origin, Not(HasSubstr(secret)));
  TerminatingConnection dying(**conn, *admin_, *pid->rows[0][0], 1);
  Result<Schema> schema = ReadCatalog(dying);
  ASSERT_FALSE(schema.ok());
  EXPECT_THAT(schema.status().ToString(), Not(HasSubstr(secret)));
}

}  // namespace
}  // namespace runwarden::schema
