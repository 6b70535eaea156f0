#ifndef RUNWARDEN_SCHEMA_DDL_WRITER_H_
#define RUNWARDEN_SCHEMA_DDL_WRITER_H_

#include <string>
#include <string_view>

#include "schema/schema.h"

namespace runwarden::schema {

/// The SQL dialect WriteDdl writes.
enum class DdlDialect { kPostgres, kSqlite };

/// The schema as DDL that recreates it in an empty database: the schema
/// snapshot of a reproduction bundle, which `runwarden replay` loads into a
/// sandbox (docs/schema-snapshot.md says what it holds and what it omits).
///
/// PostgreSQL: schemas, sequences named by nextval() defaults, enum types,
/// roles (created NOLOGIN, only when missing, in DO blocks), tables with
/// their columns, keys and indexes, partitions, foreign keys (added after
/// every table), row-level security switches, policies, views and owners.
/// LoadDdlText reads the result back into a model with the same Fingerprint()
/// and DumpSchema() as `schema`, except that every role is NOLOGIN.
///
/// SQLite: tables with columns, keys and foreign keys inline, indexes and
/// views; what SQLite does not have (schemas, row-level security, roles,
/// policies, owners) is named in a comment when the model has any.
///
/// Objects come sorted by name (views in dependency order), so the same
/// schema always gives the same bytes. The text starts with a comment naming
/// the snapshot, the model's origin and its fingerprint.
std::string WriteDdl(const Schema& schema, DdlDialect dialect);

/// `ident` as it must be written in SQL: unchanged when it is a lower-case
/// identifier that is not a reserved word, else double-quoted.
std::string QuoteIdent(std::string_view ident);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_DDL_WRITER_H_
