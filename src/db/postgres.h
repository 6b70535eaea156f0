#ifndef RUNWARDEN_DB_POSTGRES_H_
#define RUNWARDEN_DB_POSTGRES_H_

#include <memory>
#include <string>

#include "base/result.h"
#include "db/connection.h"

namespace runwarden::db {

/// Connects to PostgreSQL with a libpq connection string: a URI, a keyword
/// string, or "" for the PG* environment and ~/.pgpass. Most callers want
/// db::Open(target), which also classifies the target. Error messages are
/// scrubbed of every password of `conninfo` (and of PGPASSWORD); targets
/// whose password libpq could misread are refused before connecting. The
/// caller owns the connection.
Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& conninfo);

}  // namespace runwarden::db

#endif  // RUNWARDEN_DB_POSTGRES_H_
