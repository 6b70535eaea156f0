#include "db/sqlite.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "db/server_error.h"

namespace runwarden::db {
namespace {

class SqliteConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Connection>> opened =
        OpenSqlite(":memory:", SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    conn_ = std::move(opened).value();
    ASSERT_TRUE(conn_->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)").ok());
  }

  // A query that runs for a long time unless interrupted.
  static constexpr const char* kEndlessQuery =
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c";

  std::unique_ptr<Connection> conn_;
};

TEST_F(SqliteConnectionTest, StoresAndReadsBackBoundValues) {
  Result<QueryResult> inserted =
      conn_->Query("INSERT INTO t (id, body) VALUES ($1, $2)", {"1", "one"});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(inserted->rows_affected, 1);
  EXPECT_EQ(inserted->command_tag, "INSERT 0 1");
  Result<QueryResult> rows = conn_->Query("SELECT id, body FROM t WHERE id = $1", {"1"});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"id", "body"}));
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (Row{"1", "one"}));
  EXPECT_EQ(rows->command_tag, "SELECT 1");
  EXPECT_EQ(rows->ColumnIndex("body"), 1u);
}

TEST_F(SqliteConnectionTest, HostileValueIsStoredAsData) {
  const std::string hostile = "'; DROP TABLE t; --";
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id, body) VALUES ($1, $2)", {"1", hostile}).ok());
  Result<QueryResult> rows = conn_->Query("SELECT body FROM t WHERE body = $1", {hostile});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], hostile);
  EXPECT_TRUE(conn_->Query("SELECT count(*) FROM t", {}).ok());
}

TEST_F(SqliteConnectionTest, DescribeNamesColumnsWithoutRunning) {
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id, body) VALUES (1, 'kept')", {}).ok());
  Result<StatementDescription> d =
      conn_->DescribeStatement("DELETE FROM t WHERE id = $1 RETURNING id, body");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->parameter_types.size(), 1u);
  ASSERT_EQ(d->columns.size(), 2u);
  EXPECT_EQ(d->columns[0].name, "id");
  EXPECT_EQ(d->columns[0].type, "INTEGER");
  EXPECT_EQ(d->columns[1].type, "TEXT");
  Result<QueryResult> left = conn_->Query("SELECT count(*) FROM t", {});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->rows[0][0], "1");
  EXPECT_FALSE(conn_->DescribeStatement("SELECT nope FROM t").ok());
}

TEST_F(SqliteConnectionTest, NullsRoundTrip) {
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id, body) VALUES ($1, $2)", {"1", std::nullopt}).ok());
  Result<QueryResult> rows = conn_->Query("SELECT body, $1 IS NULL FROM t", {std::nullopt});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows[0], (Row{std::nullopt, "1"}));
}

TEST_F(SqliteConnectionTest, ReportsRowsAffected) {
  ASSERT_TRUE(conn_->Execute("INSERT INTO t (id) VALUES (1), (2), (3)").ok());
  Result<QueryResult> updated = conn_->Query("UPDATE t SET body = $1 WHERE id >= $2", {"x", "2"});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->rows_affected, 2);
  EXPECT_EQ(updated->command_tag, "UPDATE 2");
  Result<QueryResult> ddl = conn_->Execute("CREATE TABLE u (x INTEGER)");
  ASSERT_TRUE(ddl.ok());
  EXPECT_EQ(ddl->rows_affected, 0);
  Result<QueryResult> deleted = conn_->Query("DELETE FROM t WHERE id = $1", {"1"});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->rows_affected, 1);
  Result<QueryResult> none = conn_->Query("DELETE FROM t WHERE id = $1", {"42"});
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->rows_affected, 0);
  Result<QueryResult> selected = conn_->Query("SELECT id FROM t", {});
  ASSERT_TRUE(selected.ok());
  EXPECT_EQ(selected->rows_affected, 2);
}

TEST_F(SqliteConnectionTest, RollbackToSavepointUndoesOnlyLaterWork) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  ASSERT_TRUE(conn_->Savepoint("step_2").ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"2"}).ok());
  ASSERT_TRUE(conn_->RollbackToSavepoint("step_2").ok());
  ASSERT_TRUE(conn_->ReleaseSavepoint("step_2").ok());
  ASSERT_TRUE(conn_->Commit().ok());
  Result<QueryResult> rows = conn_->Query("SELECT id FROM t", {});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], "1");
}

TEST_F(SqliteConnectionTest, RollbackDiscardsTheTransaction) {
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kInTransaction);
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kIdle);
  EXPECT_EQ(conn_->Query("SELECT id FROM t", {})->rows.size(), 0u);
  EXPECT_TRUE(conn_->Rollback().ok());
}

TEST_F(SqliteConnectionTest, FailedStatementFailsTheTransactionUntilRolledBackToSavepoint) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  ASSERT_TRUE(conn_->Savepoint("sp").ok());
  Result<QueryResult> dup = conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(SqlStateOf(dup.status()), kSqlStateUniqueViolation);
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kFailed);
  Result<QueryResult> refused = conn_->Query("SELECT 1", {});
  EXPECT_EQ(SqlStateOf(refused.status()), kSqlStateInFailedTransaction);
  ASSERT_TRUE(conn_->RollbackToSavepoint("sp").ok());
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kInTransaction);
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(conn_->Query("SELECT id FROM t", {})->rows.size(), 1u);
}

TEST_F(SqliteConnectionTest, CommitOfFailedTransactionRollsBackAndReports) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  ASSERT_FALSE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  Status committed = conn_->Commit();
  EXPECT_EQ(committed.code(), ErrorCode::kExecution);
  EXPECT_EQ(SqlStateOf(committed), kSqlStateInFailedTransaction);
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kIdle);
  EXPECT_EQ(conn_->Query("SELECT id FROM t", {})->rows.size(), 0u);
}

TEST_F(SqliteConnectionTest, TransactionCallsOutOfOrderAreRefused) {
  EXPECT_EQ(conn_->Commit().code(), ErrorCode::kInternal);
  EXPECT_EQ(SqlStateOf(conn_->Savepoint("sp")), kSqlStateNoActiveTransaction);
  EXPECT_EQ(conn_->SetStatementTimeout(std::chrono::milliseconds(10)).code(), ErrorCode::kInternal);
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_EQ(conn_->Begin().code(), ErrorCode::kInternal);
  EXPECT_EQ(conn_->Savepoint("bad name; DROP TABLE t").code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Savepoint("1abc").code(), ErrorCode::kInvalidInput);
}

TEST_F(SqliteConnectionTest, ConstraintErrorsCarryPostgresSqlStates) {
  ASSERT_TRUE(conn_
                  ->Execute("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                            "CREATE TABLE child (id INTEGER PRIMARY KEY,"
                            " parent_id INTEGER NOT NULL REFERENCES parent (id))")
                  .ok());
  Result<QueryResult> orphan = conn_->Query("INSERT INTO child VALUES ($1, $2)", {"1", "99"});
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(SqlStateOf(orphan.status()), kSqlStateForeignKeyViolation);
  EXPECT_EQ(
      SqlStateOf(conn_->Query("INSERT INTO child VALUES ($1, $2)", {"1", std::nullopt}).status()),
      "23502");
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  Result<QueryResult> dup = conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), ErrorCode::kExecution);
  EXPECT_NE(dup.status().message().find("SQLSTATE 23505"), std::string::npos);
  EXPECT_NE(dup.status().message().find("UNIQUE constraint failed"), std::string::npos);
}

TEST_F(SqliteConnectionTest, OnlyDollarPlaceholdersAreAccepted) {
  EXPECT_EQ(conn_->Query("SELECT ?", {"1"}).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Query("SELECT :name", {"1"}).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Query("SELECT $2", {"1"}).status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Query("SELECT $1", {"1", "2"}).status().code(), ErrorCode::kInvalidInput);
  Result<QueryResult> reused = conn_->Query("SELECT $1 || $1 || $2", {"a", "b"});
  ASSERT_TRUE(reused.ok()) << reused.status().ToString();
  EXPECT_EQ(reused->rows[0][0], "aab");
}

TEST_F(SqliteConnectionTest, QueryRunsOneStatementAndExecuteRunsMany) {
  Result<QueryResult> two = conn_->Query("SELECT 1; DELETE FROM t", {});
  EXPECT_EQ(two.status().code(), ErrorCode::kInvalidInput);
  Result<QueryResult> script = conn_->Execute(
      "INSERT INTO t (id) VALUES (1); -- comment\nINSERT INTO t (id) VALUES (2);\nSELECT count(*) "
      "AS n FROM t;");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_EQ(script->rows[0][0], "2");
  EXPECT_TRUE(conn_->Query("  -- nothing\n", {}).ok());
}

TEST_F(SqliteConnectionTest, PreparedStatementIsReused) {
  for (int i = 0; i < 500; ++i) {
    Result<QueryResult> r =
        conn_->QueryPrepared("INSERT INTO t (id, body) VALUES ($1, $2)", {std::to_string(i), "x"});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }
  Result<QueryResult> n = conn_->QueryPrepared("SELECT count(*) FROM t WHERE body = $1", {"x"});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->rows[0][0], "500");
  EXPECT_FALSE(conn_->QueryPrepared("INSERT INTO t (id, body) VALUES ($1, $2)", {"1", "x"}).ok());
  EXPECT_TRUE(conn_->QueryPrepared("INSERT INTO t (id, body) VALUES ($1, $2)", {"1000", "x"}).ok());
}

TEST_F(SqliteConnectionTest, BatchIsAtomic) {
  std::vector<Statement> batch = {{"INSERT INTO t (id) VALUES ($1)", {"1"}},
                                  {"INSERT INTO t (id) VALUES ($1)", {"2"}},
                                  {"INSERT INTO t (id) VALUES ($1)", {"1"}}};
  Result<std::vector<QueryResult>> failed = conn_->ExecuteBatch(batch);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message().rfind("statement 3 of 3: ", 0), 0u);
  EXPECT_EQ(SqlStateOf(failed.status()), kSqlStateUniqueViolation);
  EXPECT_EQ(conn_->Query("SELECT id FROM t", {})->rows.size(), 0u);

  batch.pop_back();
  Result<std::vector<QueryResult>> done = conn_->ExecuteBatch(batch);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  ASSERT_EQ(done->size(), 2u);
  EXPECT_EQ((*done)[1].rows_affected, 1);
}

TEST_F(SqliteConnectionTest, BatchStatementsHoldOneStatementEach) {
  Result<std::vector<QueryResult>> r =
      conn_->ExecuteBatch({{"INSERT INTO t (id) VALUES (1); DELETE FROM t", {}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Query("SELECT id FROM t", {})->rows.size(), 0u);
}

TEST_F(SqliteConnectionTest, FailedBatchInsideTransactionKeepsItUsable) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO t (id) VALUES ($1)", {"1"}).ok());
  Result<std::vector<QueryResult>> failed = conn_->ExecuteBatch(
      {{"INSERT INTO t (id) VALUES ($1)", {"2"}}, {"INSERT INTO t (id) VALUES ($1)", {"1"}}});
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kInTransaction);
  ASSERT_TRUE(conn_->Commit().ok());
  Result<QueryResult> rows = conn_->Query("SELECT id FROM t", {});
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], "1");
}

TEST_F(SqliteConnectionTest, StatementTimeoutInterruptsAndEndsWithTheTransaction) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->SetStatementTimeout(std::chrono::milliseconds(50)).ok());
  const auto start = std::chrono::steady_clock::now();
  Result<QueryResult> slow = conn_->Query(kEndlessQuery, {});
  ASSERT_FALSE(slow.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(SqlStateOf(slow.status()), kSqlStateQueryCanceled);
  EXPECT_NE(slow.status().message().find("statement timeout"), std::string::npos);
  ASSERT_TRUE(conn_->Rollback().ok());
  Result<QueryResult> after = conn_->Query(
      "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 300000) "
      "SELECT count(*) FROM c",
      {});
  ASSERT_TRUE(after.ok()) << after.status().ToString();
  EXPECT_EQ(after->rows[0][0], "300000");
}

TEST_F(SqliteConnectionTest, CancelInterruptsFromAnotherThread) {
  std::atomic<bool> done{false};
  std::thread canceller([&] {
    while (!done.load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      EXPECT_TRUE(conn_->Cancel().ok());
    }
  });
  const auto start = std::chrono::steady_clock::now();
  Result<QueryResult> slow = conn_->Query(kEndlessQuery, {});
  done = true;
  canceller.join();
  ASSERT_FALSE(slow.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(SqlStateOf(slow.status()), kSqlStateQueryCanceled);
  EXPECT_NE(slow.status().message().find("user request"), std::string::npos);
  EXPECT_TRUE(conn_->Query("SELECT 1", {}).ok());
}

TEST_F(SqliteConnectionTest, DescribesItself) {
  EXPECT_EQ(conn_->Backend(), BackendKind::kSqlite);
  EXPECT_EQ(conn_->Describe().backend, BackendKind::kSqlite);
  EXPECT_EQ(conn_->Describe().path, ":memory:");
  EXPECT_FALSE(conn_->ServerVersion().empty());
  EXPECT_TRUE(conn_->TakeNotices().empty());
}

TEST_F(SqliteConnectionTest, RefusesNulBytesInParameters) {
  EXPECT_EQ(conn_->Query("SELECT $1", {std::string("a\0b", 3)}).status().code(),
            ErrorCode::kInvalidInput);
}

}  // namespace
}  // namespace runwarden::db
