#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/pg_test_env.h"
#include "db/server_error.h"
#include "db/target.h"

namespace runwarden::db {
namespace {

class PgBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RW_REQUIRE_TEST_PG_DSN(admin_dsn);
    Result<std::unique_ptr<ScratchDatabase>> db = ScratchDatabase::Create(admin_dsn);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Result<std::unique_ptr<Connection>> conn = Open(db_->dsn());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
    ASSERT_TRUE(conn_->Execute("CREATE TABLE items (id bigint PRIMARY KEY, label text)").ok());
  }

  static std::vector<Statement> Inserts(int first, int count) {
    std::vector<Statement> out;
    for (int i = first; i < first + count; ++i) {
      out.push_back(
          {"INSERT INTO items VALUES ($1, $2)", {std::to_string(i), "item " + std::to_string(i)}});
    }
    return out;
  }

  int64_t CountItems() {
    Result<QueryResult> r = conn_->Query("SELECT count(*) FROM items", {});
    return r.ok() ? std::stoll(*r->rows[0][0]) : -1;
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PgBatchTest, ReturnsOneResultPerStatement) {
  std::vector<Statement> batch = Inserts(0, 100);
  batch.push_back({"SELECT id, label FROM items WHERE id = $1", {"42"}});
  batch.push_back({"UPDATE items SET label = $1 WHERE id < $2", {std::nullopt, "10"}});
  Result<std::vector<QueryResult>> results = conn_->ExecuteBatch(batch);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 102u);
  for (size_t i = 0; i < 100; ++i) EXPECT_EQ((*results)[i].command_tag, "INSERT 0 1");
  EXPECT_EQ((*results)[100].rows, (std::vector<Row>{{"42", "item 42"}}));
  EXPECT_EQ((*results)[101].rows_affected, 10);
  EXPECT_EQ(CountItems(), 100);
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kIdle);
}

TEST_F(PgBatchTest, FailedBatchLeavesNoEffects) {
  std::vector<Statement> batch = Inserts(0, 5);
  batch.push_back({"INSERT INTO items VALUES ($1, $2)", {"3", "dup"}});
  batch.push_back({"INSERT INTO items VALUES ($1, $2)", {"99", "after"}});
  Result<std::vector<QueryResult>> results = conn_->ExecuteBatch(batch);
  ASSERT_FALSE(results.ok());
  EXPECT_EQ(results.status().message().rfind("statement 6 of 7: SQLSTATE 23505", 0), 0u)
      << results.status().message();
  EXPECT_EQ(CountItems(), 0);
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kIdle);
}

TEST_F(PgBatchTest, FailedBatchInsideATransactionKeepsItUsable) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->ExecuteBatch(Inserts(0, 3)).ok());
  Result<std::vector<QueryResult>> failed = conn_->ExecuteBatch(Inserts(2, 3));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(SqlStateOf(failed.status()), kSqlStateUniqueViolation);
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kInTransaction);
  ASSERT_TRUE(conn_->ExecuteBatch(Inserts(10, 2)).ok());
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(CountItems(), 5);
}

TEST_F(PgBatchTest, BatchInAFailedTransactionIsRefused) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_FALSE(conn_->Query("SELECT 1/0", {}).ok());
  EXPECT_EQ(SqlStateOf(conn_->ExecuteBatch(Inserts(0, 2)).status()), kSqlStateInFailedTransaction);
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_F(PgBatchTest, LargeResultsDoNotDeadlockThePipeline) {
  std::vector<Statement> batch;
  for (int i = 0; i < 2000; ++i) batch.push_back({"SELECT repeat($1, 4000)", {"x"}});
  Result<std::vector<QueryResult>> results = conn_->ExecuteBatch(batch);
  ASSERT_TRUE(results.ok()) << results.status().ToString();
  ASSERT_EQ(results->size(), 2000u);
  EXPECT_EQ((*results)[1999].rows[0][0]->size(), 4000u);
  EXPECT_EQ(conn_->Query("SELECT 1", {})->rows[0][0], "1");
}

TEST_F(PgBatchTest, EmptyBatchDoesNothing) {
  Result<std::vector<QueryResult>> results = conn_->ExecuteBatch({});
  ASSERT_TRUE(results.ok());
  EXPECT_TRUE(results->empty());
}

}  // namespace
}  // namespace runwarden::db
