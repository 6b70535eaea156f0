#ifndef RUNWARDEN_DB_SQLITE_H_
#define RUNWARDEN_DB_SQLITE_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "db/connection.h"

namespace runwarden::db {

/// How OpenSqlite treats the file.
enum class SqliteOpenMode {
  kOpenExisting,     ///< read-write; a missing file is an error
  kCreateIfMissing,  ///< read-write; creates an empty database
  kReadOnly,         ///< read-only; a missing file is an error
};

/// Opens the SQLite database at `path` (":memory:" for a private in-memory
/// database) with foreign keys enforced. The caller owns the connection.
Result<std::unique_ptr<Connection>> OpenSqlite(const std::string& path, SqliteOpenMode mode);

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_SQLITE_H_
