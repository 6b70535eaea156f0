#include "db/fake.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <thread>

#include "db/server_error.h"

namespace runwarden::db {
namespace {

using ::testing::ElementsAre;

TEST(FakeConnectionTest, RecordsEveryCallInOrder) {
  FakeConnection fake;
  ASSERT_TRUE(fake.Begin().ok());
  ASSERT_TRUE(fake.SetStatementTimeout(std::chrono::milliseconds(100)).ok());
  ASSERT_TRUE(fake.Query("SELECT set_config('app.tenant', $1, true)", {"t1"}).ok());
  ASSERT_TRUE(fake.Savepoint("step_1").ok());
  ASSERT_TRUE(fake.QueryPrepared("UPDATE t SET a = $1 WHERE b = $2", {"x", std::nullopt}).ok());
  ASSERT_TRUE(fake.RollbackToSavepoint("step_1").ok());
  ASSERT_TRUE(fake.ReleaseSavepoint("step_1").ok());
  ASSERT_TRUE(fake.Commit().ok());
  ASSERT_TRUE(fake.Execute("VACUUM t").ok());
  EXPECT_THAT(
      fake.CallLog(),
      ElementsAre("BEGIN", "SET LOCAL statement_timeout = 100",
                  "query SELECT set_config('app.tenant', $1, true) ['t1']", "SAVEPOINT \"step_1\"",
                  "prepared UPDATE t SET a = $1 WHERE b = $2 ['x', NULL]",
                  "ROLLBACK TO SAVEPOINT \"step_1\"", "RELEASE SAVEPOINT \"step_1\"", "COMMIT",
                  "execute VACUUM t"));
  EXPECT_EQ(fake.calls()[2].kind, FakeCallKind::kQuery);
  EXPECT_EQ(fake.calls()[2].params, (Params{"t1"}));
}

TEST(FakeConnectionTest, AnswersFromTheScript) {
  FakeConnection fake;
  QueryResult rows;
  rows.columns = {"n"};
  rows.rows = {{"3"}};
  rows.command_tag = "SELECT 1";
  fake.ScriptResult("count(*)", rows);
  Result<QueryResult> r = fake.Query("SELECT count(*) FROM invoices", {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->rows[0][0], "3");
  Result<QueryResult> other = fake.Query("DELETE FROM invoices", {});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->rows.empty());
  EXPECT_EQ(other->command_tag, "DELETE");
}

TEST(FakeConnectionTest, ScriptedErrorFailsTheTransaction) {
  FakeConnection fake;
  fake.ScriptError("INSERT", ServerError({.sqlstate = "23505", .message = "duplicate key"}));
  ASSERT_TRUE(fake.Begin().ok());
  Result<QueryResult> r = fake.Query("INSERT INTO t VALUES ($1)", {"1"});
  EXPECT_EQ(SqlStateOf(r.status()), "23505");
  EXPECT_EQ(fake.GetTransactionState(), TransactionState::kFailed);
  EXPECT_EQ(SqlStateOf(fake.Query("SELECT 1", {}).status()), kSqlStateInFailedTransaction);
  Status committed = fake.Commit();
  EXPECT_EQ(SqlStateOf(committed), kSqlStateInFailedTransaction);
  EXPECT_EQ(fake.GetTransactionState(), TransactionState::kIdle);
  EXPECT_THAT(fake.CallLog(), ElementsAre("BEGIN", "query INSERT INTO t VALUES ($1) ['1']",
                                          "query SELECT 1", "ROLLBACK"));
}

TEST(FakeConnectionTest, OnceScriptAnswersOnlyOnce) {
  FakeConnection fake;
  fake.ScriptError("UPDATE", ExecutionError("serialization failure"), Repeat::kOnce);
  EXPECT_FALSE(fake.Query("UPDATE t SET a = 1", {}).ok());
  EXPECT_TRUE(fake.Query("UPDATE t SET a = 1", {}).ok());
}

TEST(FakeConnectionTest, CommitCanBeScriptedToFail) {
  FakeConnection fake;
  fake.ScriptError("COMMIT", ServerError({.sqlstate = "40001", .message = "could not serialize"}));
  ASSERT_TRUE(fake.Begin().ok());
  EXPECT_EQ(SqlStateOf(fake.Commit()), "40001");
  EXPECT_EQ(fake.GetTransactionState(), TransactionState::kIdle);
}

TEST(FakeConnectionTest, BatchStopsAtTheFirstScriptedError) {
  FakeConnection fake;
  fake.ScriptError("bad", ExecutionError("boom"));
  Result<std::vector<QueryResult>> r =
      fake.ExecuteBatch({{"SELECT 1", {}}, {"SELECT bad", {"x"}}, {"SELECT 3", {}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "statement 2 of 3: boom");
  EXPECT_THAT(fake.CallLog(), ElementsAre("batch SELECT 1", "batch SELECT bad ['x']"));
}

TEST(FakeConnectionTest, SavepointRulesFollowPostgres) {
  FakeConnection fake;
  EXPECT_EQ(SqlStateOf(fake.Savepoint("sp")), kSqlStateNoActiveTransaction);
  EXPECT_EQ(fake.Savepoint("not valid").code(), ErrorCode::kInvalidInput);
  ASSERT_TRUE(fake.Begin().ok());
  EXPECT_EQ(SqlStateOf(fake.RollbackToSavepoint("missing")), "3B001");
  EXPECT_EQ(fake.GetTransactionState(), TransactionState::kFailed);
  EXPECT_TRUE(fake.Rollback().ok());
  EXPECT_EQ(fake.Commit().code(), ErrorCode::kInternal);
  EXPECT_EQ(fake.SetLockTimeout(std::chrono::milliseconds(5)).code(), ErrorCode::kInternal);
}

TEST(FakeConnectionTest, CountsCancelsFromOtherThreads) {
  FakeConnection fake;
  std::thread a([&] { EXPECT_TRUE(fake.Cancel().ok()); });
  std::thread b([&] { EXPECT_TRUE(fake.Cancel().ok()); });
  a.join();
  b.join();
  EXPECT_EQ(fake.cancel_count(), 2);
  EXPECT_TRUE(fake.calls().empty());
}

TEST(FakeConnectionTest, HandsOutScriptedNoticesOnce) {
  FakeConnection fake;
  fake.AddNotice("NOTICE:  hello");
  EXPECT_THAT(fake.TakeNotices(), ElementsAre("NOTICE:  hello"));
  EXPECT_TRUE(fake.TakeNotices().empty());
  EXPECT_EQ(fake.Backend(), BackendKind::kFake);
  EXPECT_EQ(fake.Describe().ToString(), "fake path=fake");
}

}  // namespace
}  // namespace runwarden::db
