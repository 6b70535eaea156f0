#ifndef RUNWARDEN_CONTRACTS_TYPE_MAPPING_H_
#define RUNWARDEN_CONTRACTS_TYPE_MAPPING_H_

#include <string>
#include <string_view>

#include "contracts/rust_crate.h"
#include "contracts/rust_type.h"
#include "schema/schema.h"

namespace runwarden::contracts {

/// How a Rust type fits a column's SQL type. The table behind it is in
/// docs/contracts.md.
enum class TypeFit {
  kMatch,             ///< decodes as is
  kUnknown,           ///< cannot tell: a user-defined Rust type, an unlisted SQL type
  kIntegerNarrowing,  ///< a smaller integer than the column: values overflow (error)
  kIntegerWidening,   ///< a larger integer than the column (warning)
  kMismatchWarning,   ///< works only through a cast in SQL, or loses meaning or precision
  kMismatch,          ///< cannot decode: text into i64, numeric into f64
};

/// The verdict on one Rust type against one SQL type.
struct TypeVerdict {
  TypeFit fit = TypeFit::kUnknown;
  std::string reason;      ///< one clause for a finding message; "" for kMatch/kUnknown
  std::string suggestion;  ///< the Rust type that fits the column, "" when none is known
};

/// What type checks may consult besides the two types.
struct TypeEnvironment {
  Dialect dialect = Dialect::kPostgres;
  const schema::Schema* schema = nullptr;  ///< enum types
  const RustCrate* crate = nullptr;        ///< type aliases and #[sqlx(transparent)] newtypes
};

/// Checks a Rust type (Option<> already removed by the caller) against a
/// column's SQL type in format_type() spelling ("bigint", "text[]",
/// "timestamp with time zone", "public.plan_tier").
TypeVerdict CheckType(const RustType& rust, std::string_view sql_type, const TypeEnvironment& env);

/// The Rust type that reads `sql_type` ("i64", "chrono::DateTime<chrono::Utc>");
/// "" when runwarden has no suggestion.
std::string SuggestRustType(std::string_view sql_type, const TypeEnvironment& env);

/// The Rust type diesel maps a SQL type of a table! block to: Int8 -> i64,
/// Nullable<Text> -> Option<String>, Array<Int4> -> Vec<i32>. Custom SQL
/// types (enums) come back as themselves.
RustType DieselSqlTypeAsRust(const RustType& diesel_type);

/// What ExpandAliases replaces.
enum class Expansion {
  kTypeAliases,         ///< `type Cents = i64;` (what the compiler sees through)
  kAliasesAndNewtypes,  ///< also #[sqlx(transparent)] newtypes (what sqlx decodes)
};

/// `type` with the crate's type aliases (and, with kAliasesAndNewtypes,
/// transparent newtypes) replaced by what they stand for, in a fixed number
/// of steps so that cycles end.
RustType ExpandAliases(const RustType& type, const RustCrate* crate, Expansion expansion);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_TYPE_MAPPING_H_
