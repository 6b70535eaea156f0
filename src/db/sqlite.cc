// SQLite backend; the only file that includes sqlite3.h.
//
// - Ownership: DbPtr (sqlite3_close_v2) and StmtPtr (sqlite3_finalize). The
//   statement cache is declared after the database so it is finalized first.
// - Parameters: only $1..$n placeholders, bound by name through
//   sqlite3_bind_parameter_index("$k"). A statement with any other placeholder
//   (?, :name, @name), or that leaves a given parameter unused, is refused, so
//   nothing is silently bound to NULL. Values are bound as text; column
//   affinity converts them as it would a literal.
// - PostgreSQL semantics, so that callers see one behaviour:
//   * a statement that fails inside a transaction marks it failed: later
//     statements get SQLSTATE 25P02 until Rollback() or RollbackToSavepoint();
//     Commit() of a failed transaction rolls back and reports it, and a
//     failed COMMIT rolls back too;
//   * savepoints need an open transaction (25P01 otherwise);
//   * timeouts are transaction-local: the statement timeout is a deadline
//     checked from a progress handler, the lock timeout is the busy timeout;
//     both fall back to their defaults whenever no transaction is open;
//   * common errors carry the SQLSTATE PostgreSQL would give (23505, 23503,
//     23502, 23514, 57014, 55P03, 25006), with the SQLite code as origin.
// - rows_affected: sqlite3_changes64 when sqlite3_total_changes64 moved during
//   the statement (so DDL does not report the previous DML's count), else the
//   number of rows returned.

#include "db/sqlite.h"

#include <sqlite3.h>

#include <climits>
#include <unordered_map>
#include <utility>

#include "base/text.h"
#include "db/server_error.h"
#include "db/sql_checks.h"

namespace runwarden::db {

namespace {

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using DbPtr = std::unique_ptr<sqlite3, DbCloser>;
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

constexpr std::chrono::milliseconds kDefaultBusyTimeout{5000};
constexpr size_t kMaxPreparedStatements = 256;
constexpr int kProgressInterval = 1000;  // virtual machine steps between deadline checks

// The first word of a statement, upper-cased, after white space and comments.
std::string Verb(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    if (sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r') {
      ++i;
    } else if (sql.substr(i, 2) == "--") {
      const size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? sql.size() : end + 1;
    } else if (sql.substr(i, 2) == "/*") {
      const size_t end = sql.find("*/", i + 2);
      i = end == std::string_view::npos ? sql.size() : end + 2;
    } else {
      break;
    }
  }
  size_t end = i;
  while (end < sql.size() &&
         ((sql[end] >= 'a' && sql[end] <= 'z') || (sql[end] >= 'A' && sql[end] <= 'Z'))) {
    ++end;
  }
  return AsciiUpper(sql.substr(i, end - i));
}

std::string CommandTag(const std::string& verb, int64_t rows) {
  if (verb == "INSERT") return "INSERT 0 " + std::to_string(rows);
  if (verb == "UPDATE" || verb == "DELETE" || verb == "SELECT")
    return verb + " " + std::to_string(rows);
  return verb;
}

std::string_view MappedSqlState(int extended_code) {
  switch (extended_code) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return kSqlStateUniqueViolation;
    case SQLITE_CONSTRAINT_FOREIGNKEY:
      return kSqlStateForeignKeyViolation;
    case SQLITE_CONSTRAINT_NOTNULL:
      return "23502";
    case SQLITE_CONSTRAINT_CHECK:
      return "23514";
    default:
      break;
  }
  switch (extended_code & 0xff) {
    case SQLITE_INTERRUPT:
      return kSqlStateQueryCanceled;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return kSqlStateLockNotAvailable;
    case SQLITE_READONLY:
      return "25006";
    default:
      return "";
  }
}

// Which 1-based parameter a placeholder name "$k" stands for; 0 if none.
size_t PlaceholderNumber(const char* name) {
  if (name == nullptr || name[0] != '$' || name[1] < '1' || name[1] > '9') return 0;
  size_t k = 0;
  for (const char* p = name + 1; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9' || k > kMaxParams) return 0;
    k = k * 10 + static_cast<size_t>(*p - '0');
  }
  return k;
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(DbPtr db, std::string path) : db_(std::move(db)), path_(std::move(path)) {
    sqlite3_progress_handler(db_.get(), kProgressInterval, &SqliteConnection::OnProgress, this);
    ResetTimeouts();
  }

  BackendKind Backend() const override { return BackendKind::kSqlite; }
  std::string ServerVersion() const override { return sqlite3_libversion(); }

  TargetDescription Describe() const override {
    TargetDescription d;
    d.backend = BackendKind::kSqlite;
    const char* file = sqlite3_db_filename(db_.get(), "main");
    d.path = file != nullptr && *file != '\0' ? std::string(file) : path_;
    return d;
  }

  TransactionState GetTransactionState() const override {
    if (failed_) return TransactionState::kFailed;
    return InTransaction() ? TransactionState::kInTransaction : TransactionState::kIdle;
  }

  Result<QueryResult> Query(const std::string& sql, const Params& params) override {
    RW_TRY(CheckParams(params));
    const bool in_transaction = InTransaction();
    Result<StmtPtr> stmt = PrepareSingle(sql);
    if (!stmt.ok()) return MarkFailure(std::move(stmt).status(), in_transaction);
    if (!*stmt) return QueryResult{};
    return Guarded(stmt->get(), params);
  }

  Result<QueryResult> QueryPrepared(const std::string& sql, const Params& params) override {
    RW_TRY(CheckParams(params));
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      if (prepared_.size() >= kMaxPreparedStatements) return Query(sql, params);
      size_t consumed = 0;
      const bool in_transaction = InTransaction();
      Result<StmtPtr> stmt = Prepare(sql, &consumed);
      if (!stmt.ok()) return MarkFailure(std::move(stmt).status(), in_transaction);
      if (!*stmt || consumed != sql.size()) return Query(sql, params);
      it = prepared_.emplace(sql, std::move(stmt).value()).first;
    }
    return Guarded(it->second.get(), params);
  }

  Result<StatementDescription> DescribeStatement(const std::string& sql) override {
    const bool in_transaction = InTransaction();
    Result<StmtPtr> stmt = PrepareSingle(sql);
    if (!stmt.ok()) return MarkFailure(std::move(stmt).status(), in_transaction);
    StatementDescription out;
    if (!*stmt) return out;
    sqlite3_stmt* s = stmt->get();
    out.parameter_types.assign(static_cast<size_t>(sqlite3_bind_parameter_count(s)), "");
    for (int c = 0; c < sqlite3_column_count(s); ++c) {
      const char* declared = sqlite3_column_decltype(s, c);
      out.columns.push_back({sqlite3_column_name(s, c), declared == nullptr ? "" : declared});
    }
    return out;
  }

  Result<QueryResult> Execute(const std::string& sql) override {
    QueryResult last;
    std::string_view rest = sql;
    while (!rest.empty()) {
      size_t consumed = 0;
      const bool in_transaction = InTransaction();
      Result<StmtPtr> stmt = Prepare(rest, &consumed);
      if (!stmt.ok()) return MarkFailure(std::move(stmt).status(), in_transaction);
      rest.remove_prefix(consumed);
      if (!*stmt) break;
      RW_ASSIGN_OR_RETURN(last, Guarded(stmt->get(), {}));
    }
    return last;
  }

  Result<std::vector<QueryResult>> ExecuteBatch(const std::vector<Statement>& batch) override {
    std::vector<QueryResult> out;
    if (batch.empty()) return out;
    if (failed_) return FailedTransactionError();
    for (size_t i = 0; i < batch.size(); ++i) {
      Status checked = CheckParams(batch[i].params);
      if (!checked.ok()) return WithContext(checked, Label(i, batch.size()));
    }
    const bool in_transaction = InTransaction();
    if (!in_transaction) ResetTimeouts();
    RW_TRY(Control(in_transaction ? "SAVEPOINT rw_batch" : "BEGIN"));
    for (size_t i = 0; i < batch.size(); ++i) {
      Result<QueryResult> r = RunOne(batch[i]);
      if (!r.ok()) {
        static_cast<void>(Control(in_transaction ? "ROLLBACK TO SAVEPOINT rw_batch" : "ROLLBACK"));
        if (in_transaction) static_cast<void>(Control("RELEASE SAVEPOINT rw_batch"));
        return WithContext(r.status(), Label(i, batch.size()));
      }
      out.push_back(std::move(r).value());
    }
    Status finished = Control(in_transaction ? "RELEASE SAVEPOINT rw_batch" : "COMMIT");
    if (!finished.ok()) {
      static_cast<void>(Control(in_transaction ? "ROLLBACK TO SAVEPOINT rw_batch" : "ROLLBACK"));
      return finished;
    }
    return out;
  }

  Status Begin() override {
    if (GetTransactionState() != TransactionState::kIdle) {
      return InternalError("Begin: a transaction is already open on this connection");
    }
    ResetTimeouts();
    return Control("BEGIN");
  }

  Status Commit() override {
    switch (GetTransactionState()) {
      case TransactionState::kIdle:
        return InternalError("Commit: no transaction is open on this connection");
      case TransactionState::kFailed:
        static_cast<void>(Rollback());
        return RolledBackNotCommittedError();
      case TransactionState::kInTransaction:
        break;
    }
    Status committed = Control("COMMIT");
    if (!committed.ok()) static_cast<void>(Rollback());
    ResetTimeouts();
    return committed;
  }

  Status Rollback() override {
    Status rolled_back = InTransaction() ? Control("ROLLBACK") : Status::Ok();
    failed_ = false;
    ResetTimeouts();
    return rolled_back;
  }

  Status Savepoint(std::string_view name) override {
    RW_TRY(CheckIdentifier(name, "savepoint name"));
    if (failed_) return FailedTransactionError();
    if (!InTransaction()) return NoTransactionError("SAVEPOINT");
    return Control("SAVEPOINT " + QuoteIdentifier(name));
  }

  Status RollbackToSavepoint(std::string_view name) override {
    RW_TRY(CheckIdentifier(name, "savepoint name"));
    if (!InTransaction()) return NoTransactionError("ROLLBACK TO SAVEPOINT");
    RW_TRY(Control("ROLLBACK TO SAVEPOINT " + QuoteIdentifier(name)));
    failed_ = false;
    return Status::Ok();
  }

  Status ReleaseSavepoint(std::string_view name) override {
    RW_TRY(CheckIdentifier(name, "savepoint name"));
    if (failed_) return FailedTransactionError();
    if (!InTransaction()) return NoTransactionError("RELEASE SAVEPOINT");
    return Control("RELEASE SAVEPOINT " + QuoteIdentifier(name));
  }

  Status SetStatementTimeout(std::chrono::milliseconds timeout) override {
    RW_TRY(RequireTransaction(timeout, "SetStatementTimeout"));
    statement_timeout_ = timeout;
    return Status::Ok();
  }

  Status SetLockTimeout(std::chrono::milliseconds timeout) override {
    RW_TRY(RequireTransaction(timeout, "SetLockTimeout"));
    SetBusyTimeout(timeout);
    return Status::Ok();
  }

  Status Cancel() override {
    sqlite3_interrupt(db_.get());
    return Status::Ok();
  }

  std::vector<std::string> TakeNotices() override { return {}; }

 private:
  static int OnProgress(void* self) {
    auto* connection = static_cast<SqliteConnection*>(self);
    if (connection->deadline_ && std::chrono::steady_clock::now() > *connection->deadline_) {
      connection->timed_out_ = true;
      return 1;
    }
    return 0;
  }

  static std::string Label(size_t index, size_t count) {
    return "statement " + std::to_string(index + 1) + " of " + std::to_string(count);
  }

  bool InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

  void SetBusyTimeout(std::chrono::milliseconds timeout) {
    const auto ms = timeout.count() == 0 || timeout.count() > INT_MAX ? INT_MAX : timeout.count();
    sqlite3_busy_timeout(db_.get(), static_cast<int>(ms));
  }

  void ResetTimeouts() {
    statement_timeout_ = std::chrono::milliseconds(0);
    SetBusyTimeout(kDefaultBusyTimeout);
  }

  Status RequireTransaction(std::chrono::milliseconds timeout, std::string_view caller) {
    if (timeout.count() < 0) return InvalidInput(std::string(caller) + ": negative timeout");
    if (GetTransactionState() != TransactionState::kInTransaction) {
      return InternalError(std::string(caller) + " needs an open transaction: call Begin() first");
    }
    return Status::Ok();
  }

  Status ErrorFrom(int code) {
    ServerErrorFields fields;
    fields.sqlstate = std::string(MappedSqlState(code));
    fields.message = sqlite3_errmsg(db_.get());
    fields.origin = "sqlite error " + std::to_string(code);
    if ((code & 0xff) == SQLITE_INTERRUPT) {
      fields.message = timed_out_ ? "canceling statement due to statement timeout"
                                  : "canceling statement due to user request";
    }
    return ServerError(fields);
  }

  // Prepares the first statement of `sql`; a null statement when the text
  // holds only white space and comments. `consumed` is set to the bytes used.
  Result<StmtPtr> Prepare(std::string_view sql, size_t* consumed) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    StmtPtr stmt(raw);
    if (rc != SQLITE_OK) return ErrorFrom(rc);
    *consumed = tail == nullptr ? sql.size() : static_cast<size_t>(tail - sql.data());
    return stmt;
  }

  Status Bind(sqlite3_stmt* stmt, const Params& params) {
    const int count = sqlite3_bind_parameter_count(stmt);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt, i);
      const size_t k = PlaceholderNumber(name);
      if (k == 0) {
        return InvalidInput("placeholders must be written $1, $2, ...; found " +
                            std::string(name == nullptr ? "?" : name));
      }
      if (k > params.size()) {
        return InvalidInput("the statement uses $" + std::to_string(k) + " but " +
                            std::to_string(params.size()) + " parameters were given");
      }
    }
    for (size_t k = 1; k <= params.size(); ++k) {
      const std::string name = "$" + std::to_string(k);
      const int index = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (index == 0) {
        return InvalidInput(std::to_string(params.size()) + " parameters were given but the " +
                            "statement does not use " + name);
      }
      const Value& value = params[k - 1];
      // A null destructor is SQLITE_STATIC: the bindings are cleared before
      // `params` goes away.
      const int rc = value ? sqlite3_bind_text64(stmt, index, value->data(), value->size(), nullptr,
                                                 SQLITE_UTF8)
                           : sqlite3_bind_null(stmt, index);
      if (rc != SQLITE_OK) return ErrorFrom(rc);
    }
    return Status::Ok();
  }

  // Binds, steps to completion and collects; leaves the statement reset.
  Result<QueryResult> Run(sqlite3_stmt* stmt, const Params& params) {
    struct Resetter {
      sqlite3_stmt* stmt;
      ~Resetter() {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
      }
    } resetter{stmt};
    RW_TRY(Bind(stmt, params));
    const int64_t changes_before = sqlite3_total_changes64(db_.get());
    timed_out_ = false;
    if (statement_timeout_.count() > 0) {
      deadline_ = std::chrono::steady_clock::now() + statement_timeout_;
    }
    QueryResult out;
    const int columns = sqlite3_column_count(stmt);
    for (int c = 0; c < columns; ++c) out.columns.emplace_back(sqlite3_column_name(stmt, c));
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      Row row;
      row.reserve(static_cast<size_t>(columns));
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(stmt, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          row.emplace_back(std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
      out.rows.push_back(std::move(row));
    }
    deadline_.reset();
    if (rc != SQLITE_DONE) return ErrorFrom(rc);
    if (sqlite3_total_changes64(db_.get()) != changes_before) {
      out.rows_affected = sqlite3_changes64(db_.get());
    } else if (columns > 0) {
      out.rows_affected = static_cast<int64_t>(out.rows.size());
    }
    out.command_tag = CommandTag(Verb(sqlite3_sql(stmt)), out.rows_affected);
    return out;
  }

  // Prepare() for text that must hold at most one statement.
  Result<StmtPtr> PrepareSingle(std::string_view sql) {
    size_t consumed = 0;
    RW_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(sql, &consumed));
    size_t ignored = 0;
    Result<StmtPtr> extra = Prepare(sql.substr(consumed), &ignored);
    if (!extra.ok() || *extra) {
      return InvalidInput("the text holds more than one statement")
          .WithHint("run scripts of several statements with Execute");
    }
    return stmt;
  }

  Result<QueryResult> RunOne(const Statement& statement) {
    RW_ASSIGN_OR_RETURN(StmtPtr stmt, PrepareSingle(statement.sql));
    if (!stmt) return QueryResult{};
    return Run(stmt.get(), statement.params);
  }

  // Runs a statement of the caller's: refused while the transaction is
  // failed (except ROLLBACK), and a failure inside a transaction fails it.
  Result<QueryResult> Guarded(sqlite3_stmt* stmt, const Params& params) {
    const bool is_rollback = Verb(sqlite3_sql(stmt)) == "ROLLBACK";
    if (failed_ && !is_rollback) return FailedTransactionError();
    const bool in_transaction = InTransaction();
    if (!in_transaction && !failed_) ResetTimeouts();
    Result<QueryResult> out = Run(stmt, params);
    if (!out.ok()) return MarkFailure(std::move(out).status(), in_transaction);
    if (is_rollback) failed_ = false;
    return out;
  }

  Status MarkFailure(Status error, bool in_transaction) {
    if (in_transaction) failed_ = true;
    return error;
  }

  // Transaction control issued by this class itself.
  Status Control(const std::string& sql) { return RunOne(Statement{sql, {}}).status(); }

  DbPtr db_;
  std::string path_;
  std::unordered_map<std::string, StmtPtr> prepared_;
  bool failed_ = false;
  std::chrono::milliseconds statement_timeout_{0};
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  bool timed_out_ = false;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, SqliteOpenMode mode) {
  int flags = 0;
  switch (mode) {
    case SqliteOpenMode::kOpenExisting:
      flags = SQLITE_OPEN_READWRITE;
      break;
    case SqliteOpenMode::kCreateIfMissing:
      flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
      break;
    case SqliteOpenMode::kReadOnly:
      flags = SQLITE_OPEN_READONLY;
      break;
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  DbPtr db(raw);
  auto failure = [&](std::string why) {
    return Unavailable("could not open sqlite database " + path + ": " + why)
        .WithHint(mode == SqliteOpenMode::kCreateIfMissing ? "check the path and its permissions"
                                                           : "check the path; the file must exist");
  };
  if (rc != SQLITE_OK) return failure(db ? sqlite3_errmsg(db.get()) : sqlite3_errstr(rc));
  sqlite3_extended_result_codes(db.get(), 1);
  char* error = nullptr;
  if (sqlite3_exec(db.get(), "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema;",
                   nullptr, nullptr, &error) != SQLITE_OK) {
    std::string why = error != nullptr ? error : sqlite3_errmsg(db.get());
    sqlite3_free(error);
    return failure(std::move(why));
  }
  return std::unique_ptr<Connection>(std::make_unique<SqliteConnection>(std::move(db), path));
}

}  // namespace runwarden::db
