#ifndef RUNWARDEN_SCHEMA_CATALOG_PG_ARRAY_H_
#define RUNWARDEN_SCHEMA_CATALOG_PG_ARRAY_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace runwarden::schema {

/// Parses a one-dimensional array in PostgreSQL's text output format, as
/// libpq returns it for a text[] or name[] column: `{}`, `{a,b}`,
/// `{"needs quotes","with \"escapes\"",NULL}`. Unquoted NULL is nullopt.
/// kInternal for anything else (runwarden only parses what its own catalog
/// queries produce, so a malformed array is a bug, not bad input).
Result<std::vector<std::optional<std::string>>> ParsePgArray(std::string_view text);

/// ParsePgArray without NULL elements (they are dropped): for arrays of names.
Result<std::vector<std::string>> ParsePgNameArray(std::string_view text);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_CATALOG_PG_ARRAY_H_
