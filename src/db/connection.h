#ifndef RUNWARDEN_DB_CONNECTION_H_
#define RUNWARDEN_DB_CONNECTION_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace runwarden::db {

/// The engine behind a Connection.
enum class BackendKind { kPostgres, kSqlite, kFake };

/// "postgres", "sqlite" or "fake".
std::string_view BackendName(BackendKind kind);

/// One SQL value in text form (PostgreSQL's text output format); nullopt is
/// SQL NULL.
using Value = std::optional<std::string>;
/// Bind parameters: element i is sent as $(i+1). Values are always bound,
/// never spliced into the SQL text.
using Params = std::vector<Value>;
/// One result row, one Value per column.
using Row = std::vector<Value>;

/// What one statement returned. Owns all of its data: it outlives the
/// connection that produced it.
struct QueryResult {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  /// Rows inserted, updated or deleted; for a statement that returns rows
  /// without changing any, the number of rows returned (PostgreSQL's
  /// PQcmdTuples). 0 for everything else.
  int64_t rows_affected = 0;
  /// PostgreSQL's command tag ("INSERT 0 1", "SELECT 3", "CREATE TABLE");
  /// SQLite and the fake make up the same shape from the statement's verb.
  std::string command_tag;

  /// Index of the first column called `name`, if any.
  std::optional<size_t> ColumnIndex(std::string_view name) const;
};

/// One statement of a batch: SQL text with $n placeholders and its values.
struct Statement {
  std::string sql;
  Params params;
};

/// One result column of a described statement.
struct DescribedColumn {
  std::string name;
  std::string type;  ///< the server's type name ("uuid", "bigint"); SQLite: the declared type or ""
};

/// What the server knows of a statement before running it: the type of each
/// parameter and the columns it returns.
struct StatementDescription {
  /// Element i is the type of $(i+1): PostgreSQL's inferred type
  /// ("uuid", "text"); "" where the backend does not infer types (SQLite).
  std::vector<std::string> parameter_types;
  std::vector<DescribedColumn> columns;
};

/// Where a connection stands with respect to transactions.
enum class TransactionState {
  kIdle,           ///< no transaction open (autocommit)
  kInTransaction,  ///< inside Begin() ... Commit()/Rollback()
  kFailed,         ///< a statement failed inside the transaction: only
                   ///< Rollback() or RollbackToSavepoint() is accepted
};

/// Who a connection talks to, safe to print: never holds a password.
struct TargetDescription {
  BackendKind backend = BackendKind::kFake;
  std::string host;  ///< host name, address or unix socket directory
  std::string port;
  std::string database;
  std::string user;
  std::string path;  ///< the database file (SQLite)

  /// "postgres host=/run/pg port=5432 dbname=app user=ops" or
  /// "sqlite /srv/app.db".
  std::string ToString() const;
};

/// A session on one database. The interface hides every C type of the
/// client libraries; backends are made by db::Open (target.h), OpenPostgres,
/// OpenSqlite or as a FakeConnection in tests.
///
/// Failures are Status values: ErrorCode::kExecution when the server rejected
/// a statement (the message carries SQLSTATE, message, detail and hint; see
/// server_error.h), kUnavailable when the server cannot be reached or the
/// connection was lost, kInvalidInput for a malformed name or parameter and
/// kInternal when a call does not fit the transaction state.
///
/// Not thread-safe: one thread uses a connection at a time, except Cancel().
/// Errors never contain the password of the target.
class Connection {
 public:
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  virtual ~Connection() = default;

  /// Which engine this is.
  virtual BackendKind Backend() const = 0;
  /// The server's version ("15.18 (Debian ...)"; SQLite's library version).
  virtual std::string ServerVersion() const = 0;
  /// Who this connection talks to, without any password.
  virtual TargetDescription Describe() const = 0;
  /// The transaction state as the server reports it.
  virtual TransactionState GetTransactionState() const = 0;

  /// Runs exactly one statement with bind parameters ($1..$n) and returns its
  /// result. Parameters are sent separately from the text.
  virtual Result<QueryResult> Query(const std::string& sql, const Params& params) = 0;
  /// Like Query, but prepares `sql` once per connection and reuses the
  /// prepared statement on later calls with the same text. For statements
  /// run many times.
  virtual Result<QueryResult> QueryPrepared(const std::string& sql, const Params& params) = 0;
  /// Prepares exactly one statement without running it and describes it:
  /// names are resolved, parameter types inferred, result columns known.
  /// Nothing is executed, so nothing changes; the preparation is discarded.
  /// Fails like Query would when a name does not resolve.
  virtual Result<StatementDescription> DescribeStatement(const std::string& sql) = 0;
  /// Runs parameterless SQL, which may hold several statements separated by
  /// ';'; returns the result of the last one.
  virtual Result<QueryResult> Execute(const std::string& sql) = 0;
  /// Runs the statements in order as one unit and returns one result per
  /// statement. On failure none of the batch's effects remain and the
  /// transaction state is what it was before the call; the error names the
  /// failing statement ("statement 3 of 5: ..."). PostgreSQL sends the whole
  /// batch in one round trip (pipeline mode). The statements must not
  /// control transactions themselves (no BEGIN, COMMIT, SAVEPOINT).
  virtual Result<std::vector<QueryResult>> ExecuteBatch(const std::vector<Statement>& batch) = 0;

  /// Opens a transaction; an error when one is already open.
  virtual Status Begin() = 0;
  /// Commits the open transaction. An error when none is open, and when the
  /// transaction had failed: it is then rolled back and reported, never
  /// silently turned into a rollback.
  virtual Status Commit() = 0;
  /// Rolls back the open transaction, if any (ok when none is open, so that
  /// cleanup paths can call it unconditionally).
  virtual Status Rollback() = 0;
  /// Savepoints inside the open transaction. `name` must be an identifier
  /// ([A-Za-z_][A-Za-z0-9_]*, at most 63 bytes); it is quoted when sent.
  virtual Status Savepoint(std::string_view name) = 0;
  virtual Status RollbackToSavepoint(std::string_view name) = 0;
  virtual Status ReleaseSavepoint(std::string_view name) = 0;

  /// Limits each later statement of the open transaction to `timeout`
  /// (0: no limit). Transaction-local: the setting ends with the transaction
  /// (SET LOCAL in PostgreSQL). kInternal when no transaction is open.
  virtual Status SetStatementTimeout(std::chrono::milliseconds timeout) = 0;
  /// Limits how long a statement of the open transaction waits for a lock
  /// (0: no limit; PostgreSQL lock_timeout, SQLite busy timeout).
  /// Transaction-local like SetStatementTimeout.
  virtual Status SetLockTimeout(std::chrono::milliseconds timeout) = 0;

  /// Asks the server to abandon the statement running now; that statement
  /// then fails with SQLSTATE 57014. May be called from any thread while
  /// another thread is inside a call on this connection, and on success it
  /// neither allocates nor locks (PostgreSQL's PQcancel is async-signal-safe).
  /// A cancel that arrives between statements may hit the next one.
  virtual Status Cancel() = 0;

  /// The server's NOTICE/WARNING messages received since the last call,
  /// oldest first. They are captured, never printed.
  virtual std::vector<std::string> TakeNotices() = 0;
};

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_CONNECTION_H_
