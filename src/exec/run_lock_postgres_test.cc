// The run lock on a real PostgreSQL: an advisory lock per session, found
// again in pg_locks to name its holder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "db/pg_test_env.h"
#include "exec/run_lock.h"

namespace runwarden::exec {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class RunLockPostgresTest : public db::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    first_ = Connect();
    second_ = Connect();
  }

  std::unique_ptr<db::Connection> Connect() {
    Result<std::unique_ptr<db::Connection>> conn = db::Open(db_->dsn());
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    return conn.ok() ? std::move(conn).value() : nullptr;
  }

  static std::string One(db::Connection& conn, const std::string& sql, const db::Params& params) {
    Result<db::QueryResult> r = conn.Query(sql, params);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (!r.ok() || r->rows.empty() || !r->rows[0][0]) return "";
    return *r->rows[0][0];
  }
  static std::string BackendPid(db::Connection& conn) {
    return One(conn, "SELECT pg_backend_pid()::text", {});
  }
  static std::string ApplicationName(db::Connection& conn) {
    return One(conn, "SELECT current_setting('application_name')", {});
  }

  std::unique_ptr<db::Connection> first_, second_;
};

TEST_F(RunLockPostgresTest, SecondSessionIsRefusedAndNamesTheHolder) {
  Result<std::unique_ptr<RunLock>> held =
      RunLock::Acquire(*first_, "purge-sessions", "acme", "ops@host1 pid 123");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  EXPECT_EQ((*held)->description(), "PostgreSQL advisory lock runwarden:purge-sessions:acme");
  EXPECT_EQ(ApplicationName(*first_), "runwarden ops@host1 pid 123");

  Result<std::unique_ptr<RunLock>> refused =
      RunLock::Acquire(*second_, "purge-sessions", "acme", "ops@host2 pid 456");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(refused.status().message(),
              StartsWith("another run of runbook purge-sessions for tenant acme holds the run "
                         "lock: runwarden ops@host1 pid 123 (backend pid " +
                         BackendPid(*first_) + ", since "));
  EXPECT_FALSE(refused.status().hint().empty());
}

TEST_F(RunLockPostgresTest, ReleaseLetsTheNextRunInAndRestoresTheSession) {
  ASSERT_TRUE(first_->Execute("SET application_name = 'before'").ok());
  ASSERT_TRUE(second_->Execute("SET application_name = 'second before'").ok());
  {
    Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "first");
    ASSERT_TRUE(held.ok()) << held.status().ToString();
    Result<std::unique_ptr<RunLock>> refused = RunLock::Acquire(*second_, "rb", "t1", "second");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(ApplicationName(*second_), "second before");
  }
  EXPECT_EQ(ApplicationName(*first_), "before");
  EXPECT_EQ(One(*first_,
                "SELECT count(*)::text FROM pg_locks WHERE locktype = 'advisory' AND database = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())",
                {}),
            "0");
  Result<std::unique_ptr<RunLock>> again = RunLock::Acquire(*second_, "rb", "t1", "second");
  EXPECT_TRUE(again.ok()) << again.status().ToString();
}

TEST_F(RunLockPostgresTest, OtherTenantsAndRunbooksDoNotConflict) {
  Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "alpha");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  std::unique_ptr<db::Connection> third = Connect();
  ASSERT_NE(third, nullptr);
  Result<std::unique_ptr<RunLock>> tenant = RunLock::Acquire(*third, "rb", "t2", "gamma");
  ASSERT_TRUE(tenant.ok()) << tenant.status().ToString();
  Result<std::unique_ptr<RunLock>> runbook = RunLock::Acquire(*second_, "rb2", "t1", "beta");
  EXPECT_TRUE(runbook.ok()) << runbook.status().ToString();
  // With other advisory locks around, the refusal still names the right one.
  std::unique_ptr<db::Connection> fourth = Connect();
  ASSERT_NE(fourth, nullptr);
  Result<std::unique_ptr<RunLock>> refused = RunLock::Acquire(*fourth, "rb", "t1", "delta");
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.status().message(),
              HasSubstr(": runwarden alpha (backend pid " + BackendPid(*first_) + ","));
}

TEST_F(RunLockPostgresTest, HolderIsFoundForKeysOfBothSigns) {
  bool negative = false, positive = false;
  for (int i = 0; i < 16 && !(negative && positive); ++i) {
    const std::string tenant = "tenant-" + std::to_string(i);
    const bool is_negative = One(*first_, "SELECT (hashtextextended($1, 0) < 0)::text",
                                 {RunLockKey("rb", tenant)}) == "true";
    (is_negative ? negative : positive) = true;
    Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", tenant, "holder");
    ASSERT_TRUE(held.ok()) << held.status().ToString();
    Result<std::unique_ptr<RunLock>> refused = RunLock::Acquire(*second_, "rb", tenant, "other");
    ASSERT_FALSE(refused.ok());
    EXPECT_THAT(refused.status().message(),
                HasSubstr(": runwarden holder (backend pid " + BackendPid(*first_) + ","))
        << tenant;
  }
  EXPECT_TRUE(negative && positive);
}

TEST_F(RunLockPostgresTest, LockOutlivesTheHoldersTransactions) {
  Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "first");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  auto refused = [&] { return !RunLock::Acquire(*second_, "rb", "t1", "second").ok(); };

  ASSERT_TRUE(first_->Begin().ok());
  ASSERT_TRUE(first_->Execute("CREATE TABLE t (id int)").ok());
  ASSERT_TRUE(first_->Commit().ok());
  EXPECT_TRUE(refused());

  ASSERT_TRUE(first_->Begin().ok());
  ASSERT_TRUE(first_->Execute("INSERT INTO t VALUES (1)").ok());
  ASSERT_TRUE(first_->Rollback().ok());
  EXPECT_TRUE(refused());

  ASSERT_TRUE(first_->Begin().ok());
  EXPECT_FALSE(first_->Execute("SELECT 1/0").ok());
  ASSERT_TRUE(first_->Rollback().ok());
  EXPECT_TRUE(refused());
  EXPECT_EQ(ApplicationName(*first_), "runwarden first");
}

TEST_F(RunLockPostgresTest, LockEndsWithTheHoldersSession) {
  Result<std::unique_ptr<RunLock>> held = RunLock::Acquire(*first_, "rb", "t1", "first");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  ASSERT_FALSE(RunLock::Acquire(*second_, "rb", "t1", "second").ok());
  // The holder's session ends without unlocking (a crash, a lost network).
  EXPECT_EQ(One(*admin_, "SELECT pg_terminate_backend($1::int)::text", {BackendPid(*first_)}),
            "true");
  bool acquired = false;
  for (int i = 0; i < 250 && !acquired; ++i) {
    acquired = RunLock::Acquire(*second_, "rb", "t1", "second").ok();
    if (!acquired) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(acquired);
  held->reset();  // its unlock fails on the lost connection, silently
}

TEST_F(RunLockPostgresTest, HostileNamesAreData) {
  const std::string runbook = "it's \"x\"; SELECT pg_sleep(10); --";
  const std::string tenant = "o'brien\\'); SELECT pg_advisory_unlock_all(); --";
  Result<std::unique_ptr<RunLock>> held =
      RunLock::Acquire(*first_, runbook, tenant, "ops'); DROP TABLE x; --");
  ASSERT_TRUE(held.ok()) << held.status().ToString();
  EXPECT_EQ(ApplicationName(*first_), "runwarden ops'); DROP TABLE x; --");
  Result<std::unique_ptr<RunLock>> refused = RunLock::Acquire(*second_, runbook, tenant, "other");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(refused.status().message(),
              HasSubstr("runbook " + runbook + " for tenant " + tenant));
  EXPECT_THAT(refused.status().message(), HasSubstr("runwarden ops'); DROP TABLE x; --"));
  Result<std::unique_ptr<RunLock>> other = RunLock::Acquire(*second_, runbook, "o'brien", "other");
  EXPECT_TRUE(other.ok()) << other.status().ToString();
}

TEST_F(RunLockPostgresTest, RefusedInsideATransaction) {
  ASSERT_TRUE(first_->Begin().ok());
  Result<std::unique_ptr<RunLock>> r = RunLock::Acquire(*first_, "rb", "t1", "first");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInternal);
  ASSERT_TRUE(first_->Rollback().ok());
}

}  // namespace
}  // namespace runwarden::exec
