#ifndef RUNWARDEN_SQL_SQLX_CACHE_H_
#define RUNWARDEN_SQL_SQLX_CACHE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace runwarden::sql {

/// The query of one sqlx offline cache file (`.sqlx/query-<hash>.json`), with
/// where each of its bytes sits in the file, so that a location inside the
/// query maps to a line and column of the JSON file.
struct SqlxQuery {
  std::string query;
  /// file_offset[i] is the byte offset in the file of query byte i (an
  /// escape sequence maps all its decoded bytes to its backslash).
  std::vector<uint32_t> file_offset;
};

/// Reads the top-level "query" string of a sqlx cache file shown to users as
/// `path`. Invalid JSON, or no "query" string, is an error with a location.
Result<SqlxQuery> ParseSqlxQuery(std::string_view text, const std::string& path);

}  // namespace runwarden::sql

#endif  // RUNWARDEN_SQL_SQLX_CACHE_H_
