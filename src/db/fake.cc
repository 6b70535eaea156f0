// The recording fake. It imitates the transaction rules of the PostgreSQL
// backend closely enough that code under test meets the same failures
// (25P02 after an error, 25P01 for a savepoint outside a transaction, 3B001
// for an unknown savepoint) without a server.

#include "db/fake.h"

#include <utility>

#include "base/text.h"
#include "db/server_error.h"
#include "db/sql_checks.h"

namespace runwarden::db {

namespace {

std::string_view KindName(FakeCallKind kind) {
  switch (kind) {
    case FakeCallKind::kQuery:
      return "query";
    case FakeCallKind::kQueryPrepared:
      return "prepared";
    case FakeCallKind::kExecute:
      return "execute";
    case FakeCallKind::kBatchStatement:
      return "batch";
    case FakeCallKind::kDescribe:
      return "describe";
    default:
      return "";
  }
}

std::string FirstWordUpper(std::string_view sql) {
  const std::string_view trimmed = Trim(sql);
  size_t end = 0;
  while (end < trimmed.size() && ((trimmed[end] >= 'a' && trimmed[end] <= 'z') ||
                                  (trimmed[end] >= 'A' && trimmed[end] <= 'Z'))) {
    ++end;
  }
  return AsciiUpper(trimmed.substr(0, end));
}

Status NoSuchSavepoint(std::string_view name) {
  return ServerError(
      {.sqlstate = "3B001", .message = "savepoint \"" + std::string(name) + "\" does not exist"});
}

}  // namespace

std::string FakeCall::ToString() const {
  const std::string_view kind_name = KindName(kind);
  if (kind_name.empty()) return sql;
  std::string out = std::string(kind_name) + " " + sql;
  if (params.empty()) return out;
  out += " [";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i > 0) out += ", ";
    out += params[i] ? "'" + *params[i] + "'" : std::string("NULL");
  }
  return out + "]";
}

void FakeConnection::ScriptResult(std::string sql_substring, QueryResult result, Repeat repeat) {
  script_.push_back(Response{std::move(sql_substring), std::move(result), repeat});
}

void FakeConnection::ScriptError(std::string sql_substring, Status error, Repeat repeat) {
  script_.push_back(Response{std::move(sql_substring), std::move(error), repeat});
}

std::vector<std::string> FakeConnection::CallLog() const {
  std::vector<std::string> out;
  out.reserve(calls_.size());
  for (const FakeCall& call : calls_) out.push_back(call.ToString());
  return out;
}

Result<QueryResult> FakeConnection::Answer(FakeCallKind kind, std::string sql, Params params) {
  for (Response& response : script_) {
    if (response.used || sql.find(response.sql_substring) == std::string::npos) continue;
    if (response.repeat == Repeat::kOnce) response.used = true;
    calls_.push_back(FakeCall{kind, std::move(sql), std::move(params)});
    return response.outcome;
  }
  QueryResult empty;
  empty.command_tag = FirstWordUpper(sql);
  calls_.push_back(FakeCall{kind, std::move(sql), std::move(params)});
  return empty;
}

Result<QueryResult> FakeConnection::RunStatement(FakeCallKind kind, const std::string& sql,
                                                 const Params& params) {
  RW_TRY(CheckParams(params));
  if (state_ == TransactionState::kFailed) {
    calls_.push_back(FakeCall{kind, sql, params});
    return FailedTransactionError();
  }
  Result<QueryResult> out = Answer(kind, sql, params);
  if (!out.ok() && state_ == TransactionState::kInTransaction) state_ = TransactionState::kFailed;
  return out;
}

Result<QueryResult> FakeConnection::Query(const std::string& sql, const Params& params) {
  return RunStatement(FakeCallKind::kQuery, sql, params);
}

Result<QueryResult> FakeConnection::QueryPrepared(const std::string& sql, const Params& params) {
  return RunStatement(FakeCallKind::kQueryPrepared, sql, params);
}

Result<QueryResult> FakeConnection::Execute(const std::string& sql) {
  return RunStatement(FakeCallKind::kExecute, sql, {});
}

Result<StatementDescription> FakeConnection::DescribeStatement(const std::string& sql) {
  RW_ASSIGN_OR_RETURN(QueryResult answer, RunStatement(FakeCallKind::kDescribe, sql, {}));
  StatementDescription out;
  for (std::string& name : answer.columns) out.columns.push_back({std::move(name), ""});
  return out;
}

Result<std::vector<QueryResult>> FakeConnection::ExecuteBatch(const std::vector<Statement>& batch) {
  std::vector<QueryResult> out;
  for (size_t i = 0; i < batch.size(); ++i) {
    const std::string label =
        "statement " + std::to_string(i + 1) + " of " + std::to_string(batch.size());
    Status checked = CheckParams(batch[i].params);
    if (!checked.ok()) return WithContext(checked, label);
  }
  if (state_ == TransactionState::kFailed) return FailedTransactionError();
  for (size_t i = 0; i < batch.size(); ++i) {
    Result<QueryResult> r = Answer(FakeCallKind::kBatchStatement, batch[i].sql, batch[i].params);
    if (!r.ok()) {
      return WithContext(
          r.status(), "statement " + std::to_string(i + 1) + " of " + std::to_string(batch.size()));
    }
    out.push_back(std::move(r).value());
  }
  return out;
}

Status FakeConnection::Begin() {
  if (state_ != TransactionState::kIdle) {
    return InternalError("Begin: a transaction is already open on this connection");
  }
  RW_TRY(Answer(FakeCallKind::kBegin, "BEGIN", {}).status());
  state_ = TransactionState::kInTransaction;
  return Status::Ok();
}

Status FakeConnection::Commit() {
  switch (state_) {
    case TransactionState::kIdle:
      return InternalError("Commit: no transaction is open on this connection");
    case TransactionState::kFailed:
      static_cast<void>(Rollback());
      return RolledBackNotCommittedError();
    case TransactionState::kInTransaction:
      break;
  }
  Status committed = Answer(FakeCallKind::kCommit, "COMMIT", {}).status();
  state_ = TransactionState::kIdle;
  savepoints_.clear();
  return committed;
}

Status FakeConnection::Rollback() {
  if (state_ == TransactionState::kIdle) return Status::Ok();
  Status rolled_back = Answer(FakeCallKind::kRollback, "ROLLBACK", {}).status();
  state_ = TransactionState::kIdle;
  savepoints_.clear();
  return rolled_back;
}

Status FakeConnection::Savepoint(std::string_view name) {
  RW_TRY(CheckIdentifier(name, "savepoint name"));
  const std::string sql = "SAVEPOINT " + QuoteIdentifier(name);
  if (state_ == TransactionState::kIdle) {
    calls_.push_back(FakeCall{FakeCallKind::kSavepoint, sql, {}});
    return NoTransactionError("SAVEPOINT");
  }
  RW_TRY(RunStatement(FakeCallKind::kSavepoint, sql, {}).status());
  savepoints_.emplace_back(name);
  return Status::Ok();
}

Status FakeConnection::RollbackToSavepoint(std::string_view name) {
  RW_TRY(CheckIdentifier(name, "savepoint name"));
  const std::string sql = "ROLLBACK TO SAVEPOINT " + QuoteIdentifier(name);
  if (state_ == TransactionState::kIdle) {
    calls_.push_back(FakeCall{FakeCallKind::kRollbackToSavepoint, sql, {}});
    return NoTransactionError("ROLLBACK TO SAVEPOINT");
  }
  Status answered = Answer(FakeCallKind::kRollbackToSavepoint, sql, {}).status();
  if (!answered.ok()) {
    state_ = TransactionState::kFailed;
    return answered;
  }
  for (size_t i = savepoints_.size(); i > 0; --i) {
    if (savepoints_[i - 1] == name) {
      savepoints_.resize(i);
      state_ = TransactionState::kInTransaction;
      return Status::Ok();
    }
  }
  state_ = TransactionState::kFailed;
  return NoSuchSavepoint(name);
}

Status FakeConnection::ReleaseSavepoint(std::string_view name) {
  RW_TRY(CheckIdentifier(name, "savepoint name"));
  const std::string sql = "RELEASE SAVEPOINT " + QuoteIdentifier(name);
  if (state_ == TransactionState::kIdle) {
    calls_.push_back(FakeCall{FakeCallKind::kReleaseSavepoint, sql, {}});
    return NoTransactionError("RELEASE SAVEPOINT");
  }
  RW_TRY(RunStatement(FakeCallKind::kReleaseSavepoint, sql, {}).status());
  for (size_t i = savepoints_.size(); i > 0; --i) {
    if (savepoints_[i - 1] == name) {
      savepoints_.resize(i - 1);
      return Status::Ok();
    }
  }
  state_ = TransactionState::kFailed;
  return NoSuchSavepoint(name);
}

Status FakeConnection::SetLocal(FakeCallKind kind, std::string_view setting,
                                std::chrono::milliseconds timeout) {
  if (timeout.count() < 0) return InvalidInput("negative timeout");
  if (state_ != TransactionState::kInTransaction) {
    return InternalError("setting " + std::string(setting) +
                         " needs an open transaction: call Begin() first");
  }
  return RunStatement(kind,
                      "SET LOCAL " + std::string(setting) + " = " + std::to_string(timeout.count()),
                      {})
      .status();
}

Status FakeConnection::SetStatementTimeout(std::chrono::milliseconds timeout) {
  return SetLocal(FakeCallKind::kSetStatementTimeout, "statement_timeout", timeout);
}

Status FakeConnection::SetLockTimeout(std::chrono::milliseconds timeout) {
  return SetLocal(FakeCallKind::kSetLockTimeout, "lock_timeout", timeout);
}

Status FakeConnection::Cancel() {
  cancel_count_.fetch_add(1);
  return Status::Ok();
}

std::vector<std::string> FakeConnection::TakeNotices() { return std::exchange(notices_, {}); }

}  // namespace runwarden::db
