// Formats server errors as Status messages and reads the SQLSTATE back. The
// message format is part of the contract: SqlStateOf parses it.

#include "db/server_error.h"

namespace runwarden::db {

namespace {

constexpr std::string_view kSqlStatePrefix = "SQLSTATE ";

bool IsSqlStateChar(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); }

}  // namespace

Status ServerError(const ServerErrorFields& fields) {
  std::string text;
  if (!fields.sqlstate.empty()) {
    text += std::string(kSqlStatePrefix) + fields.sqlstate;
    if (!fields.origin.empty()) text += " (" + fields.origin + ")";
    text += ": ";
  } else if (!fields.origin.empty()) {
    text += fields.origin + ": ";
  }
  text += fields.message.empty() ? std::string("the server reported an error") : fields.message;
  if (!fields.detail.empty()) text += "\n  detail: " + fields.detail;
  if (!fields.hint.empty()) text += "\n  hint: " + fields.hint;
  if (!fields.context.empty()) text += "\n  context: " + fields.context;
  return ExecutionError(std::move(text));
}

std::optional<std::string> SqlStateOf(const Status& status) {
  const std::string& m = status.message();
  for (size_t at = m.find(kSqlStatePrefix); at != std::string::npos;
       at = m.find(kSqlStatePrefix, at + 1)) {
    const size_t begin = at + kSqlStatePrefix.size();
    if (m.size() < begin + 5) break;
    bool valid = true;
    for (size_t i = begin; i < begin + 5; ++i) valid = valid && IsSqlStateChar(m[i]);
    if (valid && (m.size() == begin + 5 || !IsSqlStateChar(m[begin + 5]))) {
      return m.substr(begin, 5);
    }
  }
  return std::nullopt;
}

Status FailedTransactionError() {
  return ServerError({.sqlstate = std::string(kSqlStateInFailedTransaction),
                      .message = "current transaction is aborted, commands ignored until end of "
                                 "transaction block",
                      .hint = "roll back the transaction or to a savepoint"});
}

Status RolledBackNotCommittedError() {
  return ServerError({.sqlstate = std::string(kSqlStateInFailedTransaction),
                      .message = "the transaction was rolled back, not committed: a statement in "
                                 "it had failed"});
}

Status NoTransactionError(std::string_view command) {
  return ServerError({.sqlstate = std::string(kSqlStateNoActiveTransaction),
                      .message = std::string(command) + " can only be used in transaction blocks"});
}

Status WithContext(const Status& status, std::string_view context) {
  Status out(status.code(), std::string(context) + ": " + status.message());
  if (!status.hint().empty()) out.WithHint(status.hint());
  if (status.span()) out.At(*status.span());
  return out;
}

}  // namespace runwarden::db
