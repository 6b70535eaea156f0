// Statements of the probe, each in its own savepoint (rw_probe_<n>). A lost
// connection, or a savepoint the server refuses, is a Status: the probe
// cannot go on. Anything else the server says is data for the checks.

#include "probe/probe_session.h"

#include "db/server_error.h"

namespace runwarden::probe {

std::optional<std::string> Attempt::Scalar() const {
  if (!result || result->rows.empty() || result->rows[0].empty()) return std::nullopt;
  return result->rows[0][0];
}

namespace {

Status InterruptedError() {
  return ExecutionError("the probe was interrupted")
      .WithHint("its transaction is rolled back: nothing the probe did remains");
}

}  // namespace

ProbeSession::ProbeSession(db::Connection& connection, std::string setting,
                           const std::atomic<bool>* interrupted)
    : connection_(connection), setting_(std::move(setting)), interrupted_(interrupted) {}

Result<Attempt> ProbeSession::Try(const std::string& sql, const db::Params& params,
                                  Effects effects) {
  if (interrupted_ && interrupted_->load()) return InterruptedError();
  const std::string savepoint = "rw_probe_" + std::to_string(next_savepoint_++);
  RW_TRY(connection_.Savepoint(savepoint));
  Result<db::QueryResult> result = connection_.Query(sql, params);
  if (interrupted_ && interrupted_->load()) return InterruptedError();
  Attempt attempt;
  if (result.ok()) {
    attempt.result = std::move(result).value();
  } else {
    if (result.status().code() == ErrorCode::kUnavailable) return result.status();
    attempt.error = result.status();
    attempt.sqlstate = db::SqlStateOf(attempt.error).value_or("");
  }
  if (effects == Effects::kKeep && attempt.ok()) {
    RW_TRY(connection_.ReleaseSavepoint(savepoint));
  } else {
    RW_TRY(connection_.RollbackToSavepoint(savepoint));
    RW_TRY(connection_.ReleaseSavepoint(savepoint));
  }
  return attempt;
}

Status ProbeSession::SetTenant(const std::string& value) {
  RW_ASSIGN_OR_RETURN(Attempt a, Try("SELECT pg_catalog.set_config($1, $2, true)",
                                     {setting_, value}, Effects::kKeep));
  if (!a.ok()) {
    return ExecutionError("cannot set " + setting_ + ": " + a.error.message())
        .WithHint("give a custom setting with a dot in its name, e.g. app.current_tenant_id");
  }
  return Status::Ok();
}

std::string QuoteIdent(const std::string& ident) {
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuoteName(const schema::QualifiedName& name) {
  return QuoteIdent(name.schema) + "." + QuoteIdent(name.name);
}

}  // namespace runwarden::probe
