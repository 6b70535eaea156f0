#include "db/postgres.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <sstream>
#include <thread>

#include "db/pg_test_env.h"
#include "db/server_error.h"
#include "db/target.h"

namespace runwarden::db {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The keyword=value pairs of a simple keyword DSN (no quoting).
std::map<std::string, std::string> DsnPairs(const std::string& dsn) {
  std::map<std::string, std::string> out;
  std::istringstream in(dsn);
  std::string word;
  while (in >> word) {
    const size_t eq = word.find('=');
    if (eq != std::string::npos) out[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return out;
}

class PgConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RW_REQUIRE_TEST_PG_DSN(admin_dsn);
    Result<std::unique_ptr<ScratchDatabase>> db = ScratchDatabase::Create(admin_dsn);
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    Result<std::unique_ptr<Connection>> conn = Open(db_->dsn());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(conn).value();
    ASSERT_TRUE(conn_->Execute("CREATE TABLE notes (id bigint PRIMARY KEY, body text)").ok());
  }

  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(PgConnectionTest, DescribesTheTargetWithoutItsPassword) {
  Result<std::unique_ptr<Connection>> conn = Open(db_->dsn() + " password=s3cretpw");
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  const TargetDescription d = (*conn)->Describe();
  EXPECT_EQ(d.backend, BackendKind::kPostgres);
  EXPECT_EQ(d.database, db_->name());
  EXPECT_EQ(d.host, DsnPairs(db_->dsn())["host"]);
  EXPECT_EQ(d.user, "postgres");
  EXPECT_THAT(d.ToString(), Not(HasSubstr("s3cretpw")));
  EXPECT_THAT(d.ToString(), HasSubstr("dbname=" + db_->name()));
  EXPECT_THAT((*conn)->ServerVersion(), ::testing::StartsWith("15."));
}

TEST_F(PgConnectionTest, OpensAUriTarget) {
  std::map<std::string, std::string> pairs = DsnPairs(db_->dsn());
  const std::string uri = "postgresql://" + pairs["user"] + ":s3cretpw@/" + db_->name() +
                          "?host=" + pairs["host"] + "&port=" + pairs["port"];
  Result<std::unique_ptr<Connection>> conn = Open(uri);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  EXPECT_EQ((*conn)->Describe().database, db_->name());
}

TEST_F(PgConnectionTest, EmptyTargetUsesThePgEnvironment) {
  std::map<std::string, std::string> pairs = DsnPairs(db_->dsn());
  const std::map<std::string, std::string> env = {{"PGHOST", pairs["host"]},
                                                  {"PGPORT", pairs["port"]},
                                                  {"PGUSER", pairs["user"]},
                                                  {"PGDATABASE", db_->name()}};
  std::map<std::string, std::optional<std::string>> saved;
  for (const auto& [key, value] : env) {
    const char* old = std::getenv(key.c_str());
    saved[key] = old ? std::optional<std::string>(old) : std::nullopt;
    ::setenv(key.c_str(), value.c_str(), 1);
  }
  Result<std::unique_ptr<Connection>> conn = Open("");
  for (const auto& [key, old] : saved) {
    if (old) {
      ::setenv(key.c_str(), old->c_str(), 1);
    } else {
      ::unsetenv(key.c_str());
    }
  }
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  EXPECT_EQ((*conn)->Describe().database, db_->name());
}

TEST_F(PgConnectionTest, HostileValueIsStoredAsData) {
  const std::string hostile = "'; DROP TABLE notes; --";
  ASSERT_TRUE(conn_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", hostile}).ok());
  Result<QueryResult> rows = conn_->Query("SELECT body FROM notes WHERE body = $1", {hostile});
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0][0], hostile);
  EXPECT_EQ(rows->command_tag, "SELECT 1");
}

TEST_F(PgConnectionTest, DescribeNamesParameterTypesAndColumnsWithoutRunning) {
  Result<StatementDescription> d = conn_->DescribeStatement(
      "DELETE FROM notes WHERE id = $1 AND body LIKE $2 RETURNING id, body");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->parameter_types, (std::vector<std::string>{"bigint", "text"}));
  ASSERT_EQ(d->columns.size(), 2u);
  EXPECT_EQ(d->columns[0].name, "id");
  EXPECT_EQ(d->columns[0].type, "bigint");
  EXPECT_EQ(d->columns[1].type, "text");
  ASSERT_TRUE(conn_->Query("INSERT INTO notes VALUES (1, 'kept')", {}).ok());
  ASSERT_TRUE(conn_->DescribeStatement("DELETE FROM notes WHERE id = $1").ok());
  Result<QueryResult> left = conn_->Query("SELECT count(*) FROM notes", {});
  ASSERT_TRUE(left.ok());
  EXPECT_EQ(left->rows[0][0], "1");  // described, never run

  Result<StatementDescription> missing = conn_->DescribeStatement("SELECT nope FROM notes");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("nope"));
  // The unnamed statement does not disturb the named prepared ones.
  EXPECT_TRUE(conn_->QueryPrepared("SELECT body FROM notes WHERE id = $1", {"1"}).ok());
  EXPECT_TRUE(conn_->DescribeStatement("SELECT $1::uuid").ok());
  EXPECT_TRUE(conn_->QueryPrepared("SELECT body FROM notes WHERE id = $1", {"1"}).ok());
}

TEST_F(PgConnectionTest, NullsAndRowsAffectedRoundTrip) {
  Result<QueryResult> inserted =
      conn_->Query("INSERT INTO notes VALUES ($1, $2), ($3, $4)", {"1", std::nullopt, "2", "b"});
  ASSERT_TRUE(inserted.ok()) << inserted.status().ToString();
  EXPECT_EQ(inserted->rows_affected, 2);
  EXPECT_EQ(inserted->command_tag, "INSERT 0 2");
  Result<QueryResult> rows = conn_->Query("SELECT id, body FROM notes ORDER BY id", {});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"id", "body"}));
  EXPECT_EQ(rows->rows, (std::vector<Row>{{"1", std::nullopt}, {"2", "b"}}));
  Result<QueryResult> updated = conn_->Query("UPDATE notes SET body = $1", {std::nullopt});
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->rows_affected, 2);
  Result<QueryResult> ddl = conn_->Execute("CREATE INDEX ON notes (body)");
  ASSERT_TRUE(ddl.ok());
  EXPECT_EQ(ddl->command_tag, "CREATE INDEX");
  EXPECT_EQ(ddl->rows_affected, 0);
}

TEST_F(PgConnectionTest, ServerErrorsCarrySqlStateDetailAndHint) {
  ASSERT_TRUE(conn_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", "a"}).ok());
  Result<QueryResult> dup = conn_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", "b"});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().code(), ErrorCode::kExecution);
  EXPECT_EQ(SqlStateOf(dup.status()), kSqlStateUniqueViolation);
  EXPECT_THAT(dup.status().message(), HasSubstr("SQLSTATE 23505: duplicate key value"));
  EXPECT_THAT(dup.status().message(), HasSubstr("detail: Key (id)=(1) already exists."));
  Result<QueryResult> no_function = conn_->Query("SELECT no_such_function($1::int)", {"1"});
  EXPECT_EQ(SqlStateOf(no_function.status()), "42883");
  EXPECT_THAT(no_function.status().message(), HasSubstr("hint: No function matches"));
}

TEST_F(PgConnectionTest, StatementTimeoutIsTransactionLocal) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->SetStatementTimeout(std::chrono::milliseconds(100)).ok());
  const auto start = std::chrono::steady_clock::now();
  Result<QueryResult> slow = conn_->Query("SELECT pg_sleep(10)", {});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(SqlStateOf(slow.status()), kSqlStateQueryCanceled);
  ASSERT_TRUE(conn_->Rollback().ok());
  Result<QueryResult> shown = conn_->Query("SHOW statement_timeout", {});
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->rows[0][0], "0");
  EXPECT_EQ(conn_->SetStatementTimeout(std::chrono::milliseconds(100)).code(),
            ErrorCode::kInternal);
}

TEST_F(PgConnectionTest, LockTimeoutIsTransactionLocal) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->SetLockTimeout(std::chrono::milliseconds(250)).ok());
  EXPECT_EQ(conn_->Query("SHOW lock_timeout", {})->rows[0][0], "250ms");
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(conn_->Query("SHOW lock_timeout", {})->rows[0][0], "0");
}

TEST_F(PgConnectionTest, SavepointsUndoOnlyLaterWork) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", "keep"}).ok());
  ASSERT_TRUE(conn_->Savepoint("step_2").ok());
  ASSERT_FALSE(conn_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", "dup"}).ok());
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kFailed);
  ASSERT_TRUE(conn_->RollbackToSavepoint("step_2").ok());
  ASSERT_TRUE(conn_->ReleaseSavepoint("step_2").ok());
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_EQ(conn_->Query("SELECT body FROM notes", {})->rows, (std::vector<Row>{{"keep"}}));
  EXPECT_EQ(conn_->Savepoint("x; ROLLBACK").code(), ErrorCode::kInvalidInput);
}

TEST_F(PgConnectionTest, CommitOfAFailedTransactionIsReported) {
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->Query("INSERT INTO notes VALUES ($1, $2)", {"1", "a"}).ok());
  ASSERT_FALSE(conn_->Query("SELECT 1/0", {}).ok());
  Status committed = conn_->Commit();
  EXPECT_EQ(SqlStateOf(committed), kSqlStateInFailedTransaction);
  EXPECT_EQ(conn_->GetTransactionState(), TransactionState::kIdle);
  EXPECT_TRUE(conn_->Query("SELECT id FROM notes", {})->rows.empty());
}

TEST_F(PgConnectionTest, TransactionCallsOutOfOrderAreRefused) {
  EXPECT_EQ(conn_->Commit().code(), ErrorCode::kInternal);
  EXPECT_TRUE(conn_->Rollback().ok());
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_EQ(conn_->Begin().code(), ErrorCode::kInternal);
  EXPECT_TRUE(conn_->Rollback().ok());
  EXPECT_EQ(SqlStateOf(conn_->Savepoint("sp")), kSqlStateNoActiveTransaction);
}

TEST_F(PgConnectionTest, PreparedStatementsSurviveReuseAndRollback) {
  for (int i = 0; i < 500; ++i) {
    Result<QueryResult> r = conn_->QueryPrepared("SELECT $1::int * 2", {std::to_string(i)});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->rows[0][0], std::to_string(i * 2));
  }
  ASSERT_TRUE(conn_->Begin().ok());
  ASSERT_TRUE(conn_->QueryPrepared("INSERT INTO notes VALUES ($1, $2)", {"1", "a"}).ok());
  ASSERT_TRUE(conn_->Rollback().ok());
  ASSERT_TRUE(conn_->QueryPrepared("INSERT INTO notes VALUES ($1, $2)", {"1", "a"}).ok());
  EXPECT_EQ(
      SqlStateOf(conn_->QueryPrepared("INSERT INTO notes VALUES ($1, $2)", {"1", "a"}).status()),
      kSqlStateUniqueViolation);
  ASSERT_TRUE(conn_->QueryPrepared("INSERT INTO notes VALUES ($1, $2)", {"2", "b"}).ok());
}

TEST_F(PgConnectionTest, NoticesAreCapturedNotPrinted) {
  ASSERT_TRUE(conn_->Execute("DO $$ BEGIN RAISE NOTICE 'hello %', 42; END $$").ok());
  std::vector<std::string> notices = conn_->TakeNotices();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_THAT(notices[0], HasSubstr("hello 42"));
  EXPECT_TRUE(conn_->TakeNotices().empty());
}

TEST_F(PgConnectionTest, CopyIsRefusedAndTheConnectionStaysUsable) {
  EXPECT_EQ(conn_->Execute("COPY notes FROM STDIN").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Execute("COPY (SELECT 1) TO STDOUT").status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(conn_->Query("SELECT 1", {})->rows[0][0], "1");
}

TEST_F(PgConnectionTest, ExecuteRunsScriptsAndQueryRunsOneStatement) {
  Result<QueryResult> script = conn_->Execute(
      "INSERT INTO notes VALUES (1, 'a'); INSERT INTO notes VALUES (2, 'b'); "
      "SELECT count(*) FROM notes");
  ASSERT_TRUE(script.ok()) << script.status().ToString();
  EXPECT_EQ(script->rows[0][0], "2");
  EXPECT_EQ(SqlStateOf(conn_->Query("SELECT 1; SELECT 2", {}).status()), "42601");
  EXPECT_EQ(conn_->Query("SELECT $1", {std::string("a\0b", 3)}).status().code(),
            ErrorCode::kInvalidInput);
}

TEST_F(PgConnectionTest, CancelInterruptsASleepFromAnotherThread) {
  std::thread canceller([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(conn_->Cancel().ok());
  });
  const auto start = std::chrono::steady_clock::now();
  Result<QueryResult> slow = conn_->Query("SELECT pg_sleep(30)", {});
  const auto elapsed = std::chrono::steady_clock::now() - start;
  canceller.join();
  ASSERT_FALSE(slow.ok());
  EXPECT_EQ(SqlStateOf(slow.status()), kSqlStateQueryCanceled);
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  EXPECT_EQ(conn_->Query("SELECT 1", {})->rows[0][0], "1");
}

TEST_F(PgConnectionTest, LostConnectionIsUnavailable) {
  Result<std::unique_ptr<Connection>> admin = Open(db_->dsn());
  ASSERT_TRUE(admin.ok());
  Result<QueryResult> pid = conn_->Query("SELECT pg_backend_pid()", {});
  ASSERT_TRUE(pid.ok());
  ASSERT_TRUE(
      (*admin)->Query("SELECT pg_terminate_backend($1::int, 5000)", {pid->rows[0][0]}).ok());
  Result<QueryResult> after = conn_->Query("SELECT 1", {});
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.status().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace runwarden::db
