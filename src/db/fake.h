#ifndef RUNWARDEN_DB_FAKE_H_
#define RUNWARDEN_DB_FAKE_H_

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.h"

namespace runwarden::db {

/// What a FakeConnection was asked to do.
enum class FakeCallKind {
  kQuery,
  kQueryPrepared,
  kExecute,
  kBatchStatement,  ///< one statement of an ExecuteBatch call
  kBegin,
  kCommit,
  kRollback,
  kSavepoint,
  kRollbackToSavepoint,
  kReleaseSavepoint,
  kSetStatementTimeout,
  kSetLockTimeout,
  kDescribe,  ///< DescribeStatement
};

/// One recorded call. `sql` is the statement text for queries and, for the
/// other calls, the SQL a PostgreSQL connection would send ("BEGIN",
/// "SAVEPOINT \"sp1\"", "SET LOCAL statement_timeout = 100").
struct FakeCall {
  FakeCallKind kind = FakeCallKind::kQuery;
  std::string sql;
  Params params;

  /// The call on one line: "query SELECT $1 ['a', NULL]" for statements,
  /// the bare SQL ("BEGIN") for everything else.
  std::string ToString() const;
};

/// How many times a scripted response answers.
enum class Repeat { kAlways, kOnce };

/// A Connection for unit tests. It records every call in order and answers
/// from a script: the first registered response whose substring occurs in
/// the call's SQL (including "BEGIN", "COMMIT" and the other texts of
/// FakeCall::sql) wins; unmatched statements return an empty result.
/// Transaction state follows PostgreSQL: an error inside a transaction fails
/// it, later statements get SQLSTATE 25P02, Commit() of a failed transaction
/// rolls back and reports, a failed batch leaves the state unchanged. Calls
/// the real backends refuse before sending anything (a bad savepoint name, a
/// Commit() without a transaction) are refused the same way and not recorded.
class FakeConnection final : public Connection {
 public:
  FakeConnection() = default;

  /// Statements whose SQL contains `sql_substring` return `result`.
  void ScriptResult(std::string sql_substring, QueryResult result, Repeat repeat = Repeat::kAlways);
  /// Calls whose SQL contains `sql_substring` fail with `error`.
  void ScriptError(std::string sql_substring, Status error, Repeat repeat = Repeat::kAlways);
  /// A notice that the next TakeNotices() returns.
  void AddNotice(std::string notice) { notices_.push_back(std::move(notice)); }
  void set_server_version(std::string version) { server_version_ = std::move(version); }
  void set_description(TargetDescription description) { description_ = std::move(description); }

  /// Every call so far, oldest first.
  const std::vector<FakeCall>& calls() const { return calls_; }
  /// FakeCall::ToString of every call so far.
  std::vector<std::string> CallLog() const;
  void ClearCalls() { calls_.clear(); }
  /// How many times Cancel() was called (Cancel is not in calls(): it may
  /// come from another thread).
  int cancel_count() const { return cancel_count_.load(); }

  BackendKind Backend() const override { return BackendKind::kFake; }
  std::string ServerVersion() const override { return server_version_; }
  TargetDescription Describe() const override { return description_; }
  TransactionState GetTransactionState() const override { return state_; }
  Result<QueryResult> Query(const std::string& sql, const Params& params) override;
  Result<QueryResult> QueryPrepared(const std::string& sql, const Params& params) override;
  Result<QueryResult> Execute(const std::string& sql) override;
  /// Answered from the script like Query: the scripted result's column
  /// names (without types), or the scripted error.
  Result<StatementDescription> DescribeStatement(const std::string& sql) override;
  Result<std::vector<QueryResult>> ExecuteBatch(const std::vector<Statement>& batch) override;
  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status Savepoint(std::string_view name) override;
  Status RollbackToSavepoint(std::string_view name) override;
  Status ReleaseSavepoint(std::string_view name) override;
  Status SetStatementTimeout(std::chrono::milliseconds timeout) override;
  Status SetLockTimeout(std::chrono::milliseconds timeout) override;
  Status Cancel() override;
  std::vector<std::string> TakeNotices() override;

 private:
  struct Response {
    std::string sql_substring;
    Result<QueryResult> outcome;
    Repeat repeat;
    bool used = false;
  };

  // Records the call and answers it from the script.
  Result<QueryResult> Answer(FakeCallKind kind, std::string sql, Params params);
  // Answer() for statements: refused while failed, fail the transaction.
  Result<QueryResult> RunStatement(FakeCallKind kind, const std::string& sql, const Params& params);
  Status SetLocal(FakeCallKind kind, std::string_view setting, std::chrono::milliseconds timeout);

  std::vector<Response> script_;
  std::vector<FakeCall> calls_;
  std::vector<std::string> notices_;
  std::vector<std::string> savepoints_;
  TransactionState state_ = TransactionState::kIdle;
  std::string server_version_ = "fake";
  TargetDescription description_{.backend = BackendKind::kFake, .path = "fake"};
  std::atomic<int> cancel_count_{0};
};

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_FAKE_H_
