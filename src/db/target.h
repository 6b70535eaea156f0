#ifndef RUNWARDEN_DB_TARGET_H_
#define RUNWARDEN_DB_TARGET_H_

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "db/connection.h"
#include "db/redact.h"

namespace runwarden::db {

/// The shape a target string was written in.
enum class TargetForm {
  kPostgresUri,          ///< postgres://... or postgresql://...
  kPostgresKeywords,     ///< host=... dbname=... (libpq keyword string)
  kPostgresEnvironment,  ///< "": libpq reads PG* variables and ~/.pgpass
  kSqlitePath,           ///< sqlite:PATH or a path ending in .db/.sqlite/.sqlite3
};

/// A target string, classified. Produced by ParseTarget.
struct Target {
  BackendKind backend = BackendKind::kPostgres;
  TargetForm form = TargetForm::kPostgresEnvironment;
  /// What the backend is opened with: the libpq connection string as given,
  /// or the SQLite file path. May hold a password: never print it.
  std::string connect_string;
  /// The target as given with its passwords masked; safe to print.
  std::string redacted;
};

/// Classifies `text` without opening anything. kInvalidInput for a string
/// that is no target form, or whose password libpq could echo in an error;
/// error messages show only the redacted target.
Result<Target> ParseTarget(std::string_view text);

/// Parses `target` and connects to it. PostgreSQL targets go to libpq
/// unchanged (so "" means the PG* environment and ~/.pgpass); SQLite
/// targets must name an existing file (or ":memory:"). kUnavailable when
/// the server or file cannot be reached; no error holds a password. The
/// caller owns the connection.
Result<std::unique_ptr<Connection>> Open(const std::string& target);

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_TARGET_H_
