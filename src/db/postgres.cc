// PostgreSQL backend over raw libpq; the only file that includes libpq-fe.h.
//
// - Ownership: ConnPtr (PQfinish), ResultPtr (PQclear) and CancelPtr
//   (PQfreeCancel) own every libpq object. The PGcancel is made right after
//   connecting, so Cancel() never touches the PGconn another thread is using.
// - Connecting: PQconnectdbParams with expand_dbname, so the target (URI,
//   keyword string, or "" for the PG* environment and ~/.pgpass) is parsed by
//   libpq itself. client_encoding is UTF8; the application name defaults to
//   runwarden. Connection errors are scrubbed of the target's passwords.
// - Statements: text-format parameters and results. Query uses PQexecParams;
//   QueryPrepared keeps one server-side statement per SQL text (rw_<n>), up to
//   kMaxPreparedStatements, after which it falls back to Query. An entry is
//   forgotten when the server says the statement is gone or its plan changed.
// - Batches: pipeline mode with one Sync, so the batch is one implicit
//   transaction when none is open; inside an open transaction it is wrapped
//   in a savepoint that is rolled back on failure. The socket is switched to
//   nonblocking mode and writes and reads are interleaved with poll(), so a
//   batch whose results fill the socket buffers cannot deadlock.
// - COPY ... FROM STDIN / TO STDOUT is refused and the protocol is drained.
// - Notices go to notices_ through PQsetNoticeProcessor, never to stderr.

#include "db/postgres.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <unordered_map>
#include <utility>

#include "base/text.h"
#include "db/redact.h"
#include "db/server_error.h"
#include "db/sql_checks.h"

namespace runwarden::db {

namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};
struct CancelFreer {
  void operator()(PGcancel* cancel) const { PQfreeCancel(cancel); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnCloser>;
using ResultPtr = std::unique_ptr<PGresult, ResultClearer>;
using CancelPtr = std::unique_ptr<PGcancel, CancelFreer>;

constexpr size_t kMaxPreparedStatements = 256;
constexpr size_t kMaxNotices = 1000;
constexpr std::string_view kSqlStateStatementGone = "26000";
constexpr std::string_view kSqlStatePlanChanged = "0A000";

const Statement kBatchSavepoint{"SAVEPOINT rw_batch", {}};
const Statement kBatchRelease{"RELEASE SAVEPOINT rw_batch", {}};

std::string Text(const char* s) { return s == nullptr ? std::string() : std::string(Trim(s)); }

std::string ErrorField(const PGresult* result, int code) {
  return Text(PQresultErrorField(result, code));
}

// Pointers into `params`, which must outlive their use.
std::vector<const char*> ParamPointers(const Params& params) {
  std::vector<const char*> out;
  out.reserve(params.size());
  for (const Value& v : params) out.push_back(v ? v->c_str() : nullptr);
  return out;
}

int ParamCount(const Params& params) { return static_cast<int>(params.size()); }

QueryResult ToQueryResult(PGresult* result) {
  QueryResult out;
  const int columns = PQnfields(result);
  const int rows = PQntuples(result);
  out.columns.reserve(static_cast<size_t>(columns));
  for (int c = 0; c < columns; ++c) out.columns.emplace_back(PQfname(result, c));
  out.rows.reserve(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    Row row;
    row.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result, r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(
            std::string(PQgetvalue(result, r, c), static_cast<size_t>(PQgetlength(result, r, c))));
      }
    }
    out.rows.push_back(std::move(row));
  }
  out.command_tag = PQcmdStatus(result);
  const char* tuples = PQcmdTuples(result);
  if (tuples != nullptr && *tuples != '\0') out.rows_affected = std::strtoll(tuples, nullptr, 10);
  return out;
}

std::string StatementLabel(size_t index, size_t count) {
  return "statement " + std::to_string(index + 1) + " of " + std::to_string(count);
}

Status WaitForSocket(PGconn* conn, short events) {
  pollfd fd{PQsocket(conn), events, 0};
  while (poll(&fd, 1, -1) < 0) {
    if (errno != EINTR) return Unavailable("waiting for the PostgreSQL server failed");
  }
  return Status::Ok();
}

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(ConnPtr conn, CancelPtr cancel)
      : conn_(std::move(conn)), cancel_(std::move(cancel)) {
    PQsetNoticeProcessor(conn_.get(), &PostgresConnection::CaptureNotice, this);
  }

  BackendKind Backend() const override { return BackendKind::kPostgres; }

  std::string ServerVersion() const override {
    return Text(PQparameterStatus(conn_.get(), "server_version"));
  }

  TargetDescription Describe() const override {
    TargetDescription d;
    d.backend = BackendKind::kPostgres;
    d.host = Text(PQhost(conn_.get()));
    d.port = Text(PQport(conn_.get()));
    d.database = Text(PQdb(conn_.get()));
    d.user = Text(PQuser(conn_.get()));
    return d;
  }

  TransactionState GetTransactionState() const override {
    switch (PQtransactionStatus(conn_.get())) {
      case PQTRANS_IDLE:
        return TransactionState::kIdle;
      case PQTRANS_ACTIVE:
      case PQTRANS_INTRANS:
        return TransactionState::kInTransaction;
      case PQTRANS_INERROR:
      case PQTRANS_UNKNOWN:
        return TransactionState::kFailed;
    }
    return TransactionState::kFailed;
  }

  Result<QueryResult> Query(const std::string& sql, const Params& params) override {
    RW_TRY(CheckParams(params));
    const std::vector<const char*> values = ParamPointers(params);
    return Finish(ResultPtr(PQexecParams(conn_.get(), sql.c_str(), ParamCount(params), nullptr,
                                         values.data(), nullptr, nullptr, 0)));
  }

  Result<QueryResult> QueryPrepared(const std::string& sql, const Params& params) override {
    RW_TRY(CheckParams(params));
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      if (prepared_.size() >= kMaxPreparedStatements) return Query(sql, params);
      std::string name = "rw_" + std::to_string(next_prepared_++);
      Result<QueryResult> prepared = Finish(ResultPtr(
          PQprepare(conn_.get(), name.c_str(), sql.c_str(), ParamCount(params), nullptr)));
      if (!prepared.ok()) return std::move(prepared).status();
      it = prepared_.emplace(sql, std::move(name)).first;
    }
    const std::vector<const char*> values = ParamPointers(params);
    Result<QueryResult> out = Finish(ResultPtr(PQexecPrepared(
        conn_.get(), it->second.c_str(), ParamCount(params), values.data(), nullptr, nullptr, 0)));
    if (!out.ok()) {
      const std::optional<std::string> state = SqlStateOf(out.status());
      if (state == kSqlStateStatementGone || state == kSqlStatePlanChanged) prepared_.erase(it);
    }
    return out;
  }

  Result<StatementDescription> DescribeStatement(const std::string& sql) override {
    // The unnamed prepared statement: replaced by the next one, never run.
    RW_TRY(Finish(ResultPtr(PQprepare(conn_.get(), "", sql.c_str(), 0, nullptr))).status());
    ResultPtr described(PQdescribePrepared(conn_.get(), ""));
    if (!described || PQresultStatus(described.get()) != PGRES_COMMAND_OK) {
      return Finish(std::move(described)).status();
    }
    const PGresult* r = described.get();
    std::vector<Oid> oids;
    for (int i = 0; i < PQnparams(r); ++i) oids.push_back(PQparamtype(r, i));
    for (int i = 0; i < PQnfields(r); ++i) oids.push_back(PQftype(r, i));
    RW_TRY(NameTypes(oids));
    StatementDescription out;
    for (int i = 0; i < PQnparams(r); ++i)
      out.parameter_types.push_back(type_names_[PQparamtype(r, i)]);
    for (int i = 0; i < PQnfields(r); ++i) {
      out.columns.push_back({Text(PQfname(r, i)), type_names_[PQftype(r, i)]});
    }
    return out;
  }

  Result<QueryResult> Execute(const std::string& sql) override {
    return Finish(ResultPtr(PQexec(conn_.get(), sql.c_str())));
  }

  Result<std::vector<QueryResult>> ExecuteBatch(const std::vector<Statement>& batch) override {
    std::vector<QueryResult> out;
    if (batch.empty()) return out;
    for (size_t i = 0; i < batch.size(); ++i) {
      Status checked = CheckParams(batch[i].params);
      if (!checked.ok()) return WithContext(checked, StatementLabel(i, batch.size()));
    }
    const TransactionState state = GetTransactionState();
    if (state == TransactionState::kFailed) return FailedTransactionError();
    const bool in_transaction = state == TransactionState::kInTransaction;
    std::vector<const Statement*> queue;
    if (in_transaction) queue.push_back(&kBatchSavepoint);
    for (const Statement& s : batch) queue.push_back(&s);
    if (in_transaction) queue.push_back(&kBatchRelease);

    RW_ASSIGN_OR_RETURN(std::vector<ResultPtr> results, RunPipeline(queue));
    std::optional<Status> failure;
    for (size_t q = 0; q < results.size() && !failure; ++q) {
      Result<QueryResult> r = Finish(std::move(results[q]));
      const bool is_wrapper = in_transaction && (q == 0 || q + 1 == results.size());
      if (!r.ok()) {
        const size_t index = in_transaction ? q - 1 : q;
        failure =
            is_wrapper ? r.status() : WithContext(r.status(), StatementLabel(index, batch.size()));
      } else if (!is_wrapper) {
        out.push_back(std::move(r).value());
      }
    }
    if (!failure) return out;
    if (in_transaction) {
      static_cast<void>(Execute("ROLLBACK TO SAVEPOINT rw_batch"));
      static_cast<void>(Execute("RELEASE SAVEPOINT rw_batch"));
    }
    return *std::move(failure);
  }

  Status Begin() override {
    if (GetTransactionState() != TransactionState::kIdle) {
      return InternalError("Begin: a transaction is already open on this connection");
    }
    return Execute("BEGIN").status();
  }

  Status Commit() override {
    switch (GetTransactionState()) {
      case TransactionState::kIdle:
        return InternalError("Commit: no transaction is open on this connection");
      case TransactionState::kFailed:
        static_cast<void>(Execute("ROLLBACK"));
        return RolledBackNotCommittedError();
      case TransactionState::kInTransaction:
        break;
    }
    RW_ASSIGN_OR_RETURN(QueryResult done, Execute("COMMIT"));
    if (done.command_tag == "ROLLBACK") return RolledBackNotCommittedError();
    return Status::Ok();
  }

  Status Rollback() override {
    if (GetTransactionState() == TransactionState::kIdle) return Status::Ok();
    return Execute("ROLLBACK").status();
  }

  Status Savepoint(std::string_view name) override { return SavepointCommand("SAVEPOINT ", name); }
  Status RollbackToSavepoint(std::string_view name) override {
    return SavepointCommand("ROLLBACK TO SAVEPOINT ", name);
  }
  Status ReleaseSavepoint(std::string_view name) override {
    return SavepointCommand("RELEASE SAVEPOINT ", name);
  }

  Status SetStatementTimeout(std::chrono::milliseconds timeout) override {
    return SetLocal("statement_timeout", timeout, "SetStatementTimeout");
  }
  Status SetLockTimeout(std::chrono::milliseconds timeout) override {
    return SetLocal("lock_timeout", timeout, "SetLockTimeout");
  }

  Status Cancel() override {
    if (!cancel_) return Unavailable("this connection cannot send cancel requests");
    char error[256];
    if (PQcancel(cancel_.get(), error, sizeof error) == 1) return Status::Ok();
    return Unavailable("could not send the cancel request: " + Text(error));
  }

  std::vector<std::string> TakeNotices() override { return std::exchange(notices_, {}); }

 private:
  static void CaptureNotice(void* self, const char* message) {
    auto* connection = static_cast<PostgresConnection*>(self);
    if (connection->notices_.size() < kMaxNotices) connection->notices_.push_back(Text(message));
  }

  // Learns the names of the type OIDs not seen before on this connection.
  Status NameTypes(const std::vector<Oid>& oids) {
    std::string unknown;
    for (Oid oid : oids) {
      if (type_names_.count(oid) != 0) continue;
      if (!unknown.empty()) unknown += ',';
      unknown += std::to_string(oid);
    }
    if (unknown.empty()) return Status::Ok();
    RW_ASSIGN_OR_RETURN(
        QueryResult names,
        Query("SELECT t::oid::text, format_type(t::oid, NULL) FROM unnest(string_to_array($1, ','))"
              " AS t",
              {unknown}));
    for (const Row& row : names.rows) {
      if (row.size() == 2 && row[0] && row[1]) {
        type_names_[static_cast<Oid>(std::strtoul(row[0]->c_str(), nullptr, 10))] = *row[1];
      }
    }
    return Status::Ok();
  }

  Status SavepointCommand(std::string_view command, std::string_view name) {
    RW_TRY(CheckIdentifier(name, "savepoint name"));
    return Execute(std::string(command) + QuoteIdentifier(name)).status();
  }

  Status SetLocal(const std::string& setting, std::chrono::milliseconds timeout,
                  std::string_view caller) {
    if (timeout.count() < 0) return InvalidInput(std::string(caller) + ": negative timeout");
    if (GetTransactionState() != TransactionState::kInTransaction) {
      return InternalError(std::string(caller) + " needs an open transaction: call Begin() first");
    }
    return Query("SELECT set_config($1, $2, true)", {setting, std::to_string(timeout.count())})
        .status();
  }

  Status ErrorFrom(const PGresult* result) {
    if (PQstatus(conn_.get()) == CONNECTION_BAD) {
      return Unavailable("the connection to the PostgreSQL server was lost: " +
                         Text(PQerrorMessage(conn_.get())));
    }
    if (result == nullptr) return ExecutionError(Text(PQerrorMessage(conn_.get())));
    ServerErrorFields fields;
    fields.sqlstate = ErrorField(result, PG_DIAG_SQLSTATE);
    fields.message = ErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    if (fields.message.empty()) fields.message = Text(PQresultErrorMessage(result));
    fields.detail = ErrorField(result, PG_DIAG_MESSAGE_DETAIL);
    fields.hint = ErrorField(result, PG_DIAG_MESSAGE_HINT);
    fields.context = ErrorField(result, PG_DIAG_CONTEXT);
    return ServerError(fields);
  }

  Result<QueryResult> Finish(ResultPtr result) {
    if (!result) return ErrorFrom(nullptr);
    switch (PQresultStatus(result.get())) {
      case PGRES_COMMAND_OK:
      case PGRES_TUPLES_OK:
      case PGRES_EMPTY_QUERY:
        return ToQueryResult(result.get());
      case PGRES_COPY_IN:
      case PGRES_COPY_OUT:
      case PGRES_COPY_BOTH:
        return RefuseCopy(PQresultStatus(result.get()));
      default:
        return ErrorFrom(result.get());
    }
  }

  Status RefuseCopy(ExecStatusType status) {
    PGconn* conn = conn_.get();
    if (status == PGRES_COPY_IN) {
      PQputCopyEnd(conn, "runwarden does not stream COPY data");
    } else if (status == PGRES_COPY_OUT) {
      char* buffer = nullptr;
      while (PQgetCopyData(conn, &buffer, 0) > 0) PQfreemem(buffer);
    }
    while (ResultPtr(PQgetResult(conn))) {
    }
    return InvalidInput("COPY FROM STDIN and COPY TO STDOUT are not supported")
        .WithHint("copy with INSERT ... SELECT or a server-side file instead");
  }

  Status PipelineError(std::string_view what) {
    PGconn* conn = conn_.get();
    Status error = PQstatus(conn) == CONNECTION_BAD
                       ? Unavailable("the connection to the PostgreSQL server was lost: " +
                                     Text(PQerrorMessage(conn)))
                       : ExecutionError(std::string(what) + ": " + Text(PQerrorMessage(conn)));
    PQsetnonblocking(conn, 0);
    PQexitPipelineMode(conn);
    return error;
  }

  // Sends every statement, then one Sync, and collects the first result of
  // each statement (null when the server sent none).
  Result<std::vector<ResultPtr>> RunPipeline(const std::vector<const Statement*>& queue) {
    PGconn* conn = conn_.get();
    if (PQenterPipelineMode(conn) != 1) return PipelineError("could not enter pipeline mode");
    if (PQsetnonblocking(conn, 1) != 0) return PipelineError("could not queue the batch");
    for (const Statement* s : queue) {
      const std::vector<const char*> values = ParamPointers(s->params);
      if (PQsendQueryParams(conn, s->sql.c_str(), ParamCount(s->params), nullptr, values.data(),
                            nullptr, nullptr, 0) != 1) {
        return PipelineError("could not queue the batch");
      }
    }
    if (PQpipelineSync(conn) != 1) return PipelineError("could not queue the batch");

    std::vector<ResultPtr> results(queue.size());
    size_t index = 0;
    while (true) {
      if (PQstatus(conn) == CONNECTION_BAD) return PipelineError("the batch failed");
      const int unsent = PQflush(conn);
      if (unsent < 0) return PipelineError("could not send the batch");
      if (!PQisBusy(conn)) {
        ResultPtr result(PQgetResult(conn));
        if (!result) {
          if (++index > queue.size()) return PipelineError("the batch lost its results");
          continue;
        }
        if (PQresultStatus(result.get()) == PGRES_PIPELINE_SYNC) break;
        if (index < results.size() && !results[index]) results[index] = std::move(result);
        continue;
      }
      const short events = static_cast<short>(POLLIN | (unsent == 1 ? POLLOUT : 0));
      RW_TRY(WaitForSocket(conn, events));
      if (PQconsumeInput(conn) != 1) return PipelineError("could not read the batch's results");
    }
    PQsetnonblocking(conn, 0);
    if (PQexitPipelineMode(conn) != 1) return PipelineError("could not leave pipeline mode");
    return results;
  }

  ConnPtr conn_;
  CancelPtr cancel_;
  std::unordered_map<std::string, std::string> prepared_;
  uint64_t next_prepared_ = 0;
  std::unordered_map<Oid, std::string> type_names_;
  std::vector<std::string> notices_;
};

}  // namespace

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo) {
  const Redaction redaction = RedactTarget(conninfo);
  const std::string shown = conninfo.empty() ? "(PG* environment)" : redaction.text;
  if (redaction.problem)
    return InvalidInput("cannot use target " + shown + ": " + *redaction.problem);
  const char* const keys[] = {"fallback_application_name", "client_encoding", "dbname", nullptr};
  const char* const values[] = {"runwarden", "UTF8", conninfo.c_str(), nullptr};
  ConnPtr conn(PQconnectdbParams(keys, values, 1));
  if (!conn) return Unavailable("could not allocate a PostgreSQL connection");
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return Unavailable("could not connect to PostgreSQL target " + shown + ": " +
                       ScrubSecrets(Text(PQerrorMessage(conn.get())), conninfo))
        .WithHint("check host, port, database and user; keep passwords in ~/.pgpass or PGPASSWORD");
  }
  CancelPtr cancel(PQgetCancel(conn.get()));
  if (!cancel)
    return Unavailable("could not prepare cancel requests for PostgreSQL target " + shown);
  return std::unique_ptr<Connection>(
      std::make_unique<PostgresConnection>(std::move(conn), std::move(cancel)));
}

}  // namespace runwarden::db
