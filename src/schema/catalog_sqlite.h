#ifndef RUNWARDEN_SCHEMA_CATALOG_SQLITE_H_
#define RUNWARDEN_SCHEMA_CATALOG_SQLITE_H_

#include "base/result.h"
#include "db/connection.h"
#include "schema/schema.h"

namespace runwarden::schema {

/// ReadCatalog for a SQLite connection (see catalog.h for what is read and
/// how types are spelled).
Result<Schema> ReadSqliteCatalog(db::Connection& connection);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_CATALOG_SQLITE_H_
