#ifndef RUNWARDEN_CONTRACTS_RESULT_COLUMNS_H_
#define RUNWARDEN_CONTRACTS_RESULT_COLUMNS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "contracts/rust_crate.h"
#include "schema/schema.h"

namespace runwarden::contracts {

/// Whether a column can hold NULL.
enum class Nullability { kNotNull, kNullable, kUnknown };

std::string_view NullabilityName(Nullability n);  ///< "NOT NULL", "nullable", "unknown"

/// A column of a query's result, with what is known about it and why.
struct ResultColumn {
  /// The name a driver sees. For sqlx's macros, override markers are removed
  /// ("id!: i64" is "id"); for the query_as function form they are not,
  /// because sqlx does not read them there.
  std::string name;
  std::string type;  ///< format_type() spelling ("bigint"); "" when unknown
  Nullability nullability = Nullability::kUnknown;
  /// Where the value comes from: "public.invoices.total_cents",
  /// "count(*)", "expression".
  std::string origin;
  /// The value is a table's column, unchanged (origin is "schema.table.column").
  bool is_table_column = false;
  /// Why it has this nullability: "NOT NULL column", "right side of LEFT JOIN
  /// users", "count() is never NULL", "sqlx override \"id!\"".
  std::string why;
  /// The Rust type of an "x: T" override (the macros only).
  std::optional<std::string> override_type;
  size_t offset = 0;  ///< byte offset in the SQL of the target's expression
};

/// The result columns of a query.
struct QueryShape {
  std::vector<ResultColumn> columns;
  /// False when part of the result could not be resolved (a table missing
  /// from the schema under `*`, a set-returning function): then a field
  /// without a matching column is not proof of a bug.
  bool complete = true;
  /// What could not be resolved, for the evidence of findings.
  std::vector<std::string> problems;
};

/// How to read a query.
struct ResolveOptions {
  Dialect dialect = Dialect::kPostgres;
  /// Read sqlx's column-alias overrides: "x!" (NOT NULL), "x?" (nullable),
  /// "x: T" (Rust type), "x!: T", "x?: T".
  bool read_overrides = true;
};

/// Resolves the result columns of the one statement in `sql` (a SELECT, or
/// INSERT / UPDATE / DELETE ... RETURNING) against `schema`: plain and
/// qualified columns, aliases, `*` and `t.*`, subqueries, CTEs and views,
/// LEFT / RIGHT / FULL JOIN making the outer side nullable, UNION, count()
/// as NOT NULL bigint, casts, common functions and constants; other
/// expressions have an unknown type and nullability unless an override says
/// otherwise. SQLite placeholders (?, ?1, :name, @name) are rewritten to $n
/// before parsing. Fails when the SQL does not parse or holds several
/// statements; the error gives the byte offset in `sql`.
Result<QueryShape> ResolveResultColumns(std::string_view sql, const schema::Schema& schema,
                                        const ResolveOptions& options);

/// Splits a sqlx override alias: "id!: i64" -> name "id", NOT NULL, type
/// "i64". A type of "_" means "inferred" and is dropped.
struct OverrideAlias {
  std::string name;
  std::optional<Nullability> nullability;
  std::optional<std::string> type;
};
OverrideAlias ParseOverrideAlias(std::string_view alias);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_RESULT_COLUMNS_H_
