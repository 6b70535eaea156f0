#ifndef RUNWARDEN_SCHEMA_CATALOG_POSTGRES_H_
#define RUNWARDEN_SCHEMA_CATALOG_POSTGRES_H_

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "db/connection.h"
#include "schema/catalog.h"
#include "schema/schema.h"

namespace runwarden::schema {

/// The oldest PostgreSQL major version ReadCatalog reads (generated columns,
/// partitions, identity columns and permissive flags all exist from 12 on).
inline constexpr int kMinPostgresMajor = 12;

/// One statement of the PostgreSQL catalog read.
struct CatalogQuery {
  std::string_view name;  ///< what it reads: "tables", "columns", ...
  std::string sql;
};

/// The statements ReadCatalog sends, in order, in its one pipelined batch to
/// a server of major version `server_major`. The first reads the session's
/// search path, the second sets search_path to `pg_catalog, pg_temp` for the
/// rest of the transaction. Public so that the benchmark can time exactly
/// these queries through raw libpq.
std::vector<CatalogQuery> PostgresCatalogQueries(int server_major);

/// The statement that reads Citus distribution columns; sent in a second
/// round trip only when the citus extension is installed.
std::string_view CitusDistributionQuery();

/// The major version in a server_version string ("15.18 (Debian ...)" -> 15),
/// or 0 when it does not start with a number.
int PostgresMajorVersion(std::string_view server_version);

/// ReadCatalog for a PostgreSQL connection. Also accepts a FakeConnection
/// (whose ServerVersion() must name a supported version), so that tests can
/// script the catalog's answers.
Result<Schema> ReadPostgresCatalog(db::Connection& connection,
                                   const CatalogReadOptions& options = {});

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_CATALOG_POSTGRES_H_
