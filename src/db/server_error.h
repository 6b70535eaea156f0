#ifndef RUNWARDEN_DB_SERVER_ERROR_H_
#define RUNWARDEN_DB_SERVER_ERROR_H_

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace runwarden::db {

/// SQLSTATE codes that callers branch on.
inline constexpr std::string_view kSqlStateUniqueViolation = "23505";
inline constexpr std::string_view kSqlStateForeignKeyViolation = "23503";
inline constexpr std::string_view kSqlStateNoActiveTransaction = "25P01";
inline constexpr std::string_view kSqlStateInFailedTransaction = "25P02";
inline constexpr std::string_view kSqlStateLockNotAvailable = "55P03";
inline constexpr std::string_view kSqlStateQueryCanceled = "57014";

/// What a server said about a failed statement, field by field (PostgreSQL's
/// PQresultErrorField; SQLite fills what it has).
struct ServerErrorFields {
  std::string sqlstate;  ///< five characters, or empty when unknown
  std::string message;   ///< the primary message
  std::string detail;
  std::string hint;
  std::string context;  ///< e.g. the PL/pgSQL call stack
  std::string origin;   ///< where a mapped SQLSTATE came from ("sqlite SQLITE_BUSY")
};

/// An ErrorCode::kExecution Status whose message is
/// "SQLSTATE 23505: <message>" followed by "\n  detail: ...",
/// "\n  hint: ..." and "\n  context: ..." lines for the fields that are set.
Status ServerError(const ServerErrorFields& fields);

/// The SQLSTATE a Status made by ServerError carries (also when a prefix such
/// as "statement 2 of 3: " was added), or nullopt.
std::optional<std::string> SqlStateOf(const Status& status);

/// SQLSTATE 25P02: a statement was refused because the transaction failed.
Status FailedTransactionError();
/// SQLSTATE 25P02: Commit() found a failed transaction and rolled it back.
Status RolledBackNotCommittedError();
/// SQLSTATE 25P01: `command` ("SAVEPOINT") needs an open transaction.
Status NoTransactionError(std::string_view command);

/// Prepends `context` ("statement 2 of 3") to the message of `status`,
/// keeping its code and hint.
Status WithContext(const Status& status, std::string_view context);

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_SERVER_ERROR_H_
