#ifndef RUNWARDEN_SCHEMA_DDL_LOADER_H_
#define RUNWARDEN_SCHEMA_DDL_LOADER_H_

#include <cstddef>
#include <map>
#include <string>

#include "base/file_reader.h"
#include "base/result.h"
#include "base/source_text.h"
#include "schema/schema.h"

namespace runwarden::schema {

/// What loading a DDL source did, for reports.
struct LoadStats {
  size_t files = 0;
  size_t statements = 0;
  size_t applied = 0;
  /// Statements that do not change the model (functions, grants, comments,
  /// SET, sequences...), by statement kind ("CREATE FUNCTION": 12).
  std::map<std::string, size_t> skipped;
  size_t skipped_total() const;
};

/// A schema loaded from DDL, with the texts it was read from (for
/// reporters that quote source lines) and statistics.
struct LoadedSchema {
  Schema schema;
  LoadStats stats;
  SourceSet sources;
};

/// DDL files larger than this are refused.
inline constexpr size_t kMaxDdlBytes = 256u << 20;

/// Loads a `pg_dump --schema-only` file, or a folder of migrations: every
/// `*.sql` file below it, applied in lexical order of their paths
/// (`down.sql` files of up/down migration pairs are left out). Statements
/// that do not parse, or that refer to tables the model does not have, are
/// recorded in Schema::load_problems and loading continues. Fails only when
/// a path cannot be read, or is not UTF-8.
Result<LoadedSchema> LoadDdl(const std::string& path, const FileReader& reader);

/// Loads DDL given as text, shown to users as `path`; for tests and stdin.
Result<LoadedSchema> LoadDdlText(std::string text, const std::string& path);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_DDL_LOADER_H_
