#ifndef RUNWARDEN_CONTRACTS_RUST_CRATE_H_
#define RUNWARDEN_CONTRACTS_RUST_CRATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_span.h"
#include "base/source_text.h"
#include "contracts/rust_string.h"
#include "contracts/rust_type.h"

namespace runwarden::contracts {

/// The SQL dialect a crate talks to; it decides how column types map to Rust.
enum class Dialect { kPostgres, kSqlite };

std::string_view DialectName(Dialect dialect);  ///< "PostgreSQL", "SQLite"

/// A derive that makes a struct a database contract.
enum class Derive {
  kSqlxFromRow,            ///< sqlx::FromRow
  kSqlxType,               ///< sqlx::Type (transparent newtypes, enums)
  kDieselQueryable,        ///< diesel Queryable (positional)
  kDieselQueryableByName,  ///< diesel QueryableByName (by name, sql_query)
  kDieselSelectable,       ///< diesel Selectable (by name)
  kDieselInsertable,       ///< diesel Insertable (written)
  kDieselAsChangeset,      ///< diesel AsChangeset (written)
};

std::string_view DeriveName(Derive derive);  ///< "FromRow", "Queryable", ...

/// What the sqlx and diesel attributes of a field say.
struct FieldAttributes {
  std::optional<std::string> rename;          ///< #[sqlx(rename = "...")]
  std::optional<std::string> column_name;     ///< #[diesel(column_name = ...)]
  std::optional<std::string> try_from;        ///< #[sqlx(try_from = "i64")]
  std::optional<std::string> deserialize_as;  ///< #[diesel(deserialize_as = T)]
  bool flatten = false;                       ///< #[sqlx(flatten)]
  bool default_value = false;                 ///< #[sqlx(default)]
  bool skip = false;                          ///< #[sqlx(skip)]
  bool json = false;                          ///< #[sqlx(json)] or json(nullable)
  bool json_nullable = false;                 ///< #[sqlx(json(nullable))]
  bool embed = false;                         ///< #[diesel(embed)]
};

/// A field of a struct, as declared.
struct RustField {
  std::string name;       ///< r# removed; "0", "1", ... in tuple structs
  std::string type_text;  ///< as written, white space collapsed
  RustType type;          ///< kOther holding type_text when it did not parse
  FieldAttributes attrs;
  SourceSpan span;  ///< the field's name (its type in tuple structs)
};

/// A struct declared in the crate.
struct RustStruct {
  std::string name;
  std::string crate_name;  ///< [package] name of its Cargo.toml, '-' as '_'
  std::string module;      ///< crate-relative: "models::billing"; "" at the root
  std::vector<RustField> fields;
  std::vector<Derive> derives;  ///< sorted, unique
  bool tuple_struct = false;
  bool generic = false;
  std::optional<std::string> rename_all;  ///< #[sqlx(rename_all = "...")]
  bool sqlx_default = false;              ///< struct-level #[sqlx(default)]
  bool sqlx_transparent = false;          ///< #[sqlx(transparent)]
  /// #[diesel(table_name = ...)] or #[table_name = "..."], as written.
  std::optional<std::string> diesel_table;
  SourceSpan diesel_table_span;
  SourceSpan span;  ///< the struct's name

  bool Has(Derive d) const;
  /// Derives FromRow, Queryable, QueryableByName, Selectable, Insertable or
  /// AsChangeset: rows are read into it or written from it.
  bool IsRowContract() const;
  /// Only written (Insertable / AsChangeset), never read.
  bool IsWriteOnly() const;
  /// "models::billing::Invoice".
  std::string QualifiedName() const;
};

/// A column of a diesel table! block.
struct DieselColumn {
  std::string name;           ///< SQL name: #[sql_name = "..."] or the Rust name
  std::string rust_name;      ///< as written in the block
  std::string sql_type_text;  ///< "Nullable<Int8>"
  RustType sql_type;          ///< parsed; kOther when it did not parse
  SourceSpan span;            ///< the column's name
};

/// One table of a diesel table! block (schema.rs).
struct DieselTable {
  std::string schema;     ///< "" for the default schema (`myschema.users` sets it)
  std::string name;       ///< SQL name: #[sql_name = "..."] or the Rust name
  std::string rust_name;  ///< as written
  std::vector<std::string> primary_key;
  std::vector<DieselColumn> columns;
  std::string module;
  SourceSpan span;  ///< the table's name
};

/// How a query call site names its row type.
enum class QueryCallKind {
  kQueryAsMacro,           ///< sqlx::query_as!(Struct, "...")
  kQueryAsUncheckedMacro,  ///< sqlx::query_as_unchecked!(Struct, "...")
  kQueryMacro,             ///< sqlx::query!("...") (anonymous record)
  kQueryAsFunction,        ///< sqlx::query_as::<_, Struct>("...")
};

std::string_view QueryCallKindName(QueryCallKind kind);  ///< "query_as!", ...

/// A place where SQL text fills a row type.
struct QueryCall {
  QueryCallKind kind = QueryCallKind::kQueryAsMacro;
  std::string target;  ///< the struct path as written ("Invoice", "models::Invoice"); "" for query!
  /// The SQL literal; nullopt when the SQL is not a string literal.
  std::optional<RustString> sql;
  std::string crate_name;
  std::string module;
  SourceSpan span;      ///< the macro or function name
  SourceSpan sql_span;  ///< the literal, when there is one
  std::string path;     ///< the file (display path)

  /// sqlx's macros read type and nullability overrides ("id!: i64") from
  /// column aliases; query_as::<_, T>() does not.
  bool ReadsOverrides() const { return kind != QueryCallKind::kQueryAsFunction; }
};

/// A column of a query in sqlx's offline cache.
struct OfflineColumn {
  std::string name;
  std::string type_info;  ///< "Int8", "Text", "Timestamptz"; a custom type's name
  std::optional<bool> nullable;
};

/// One `.sqlx/query-<hash>.json` file (`cargo sqlx prepare`).
struct OfflineQuery {
  std::string path;
  std::string db_name;  ///< "PostgreSQL", "SQLite", "MySQL"
  std::string query;
  std::string hash;
  std::vector<OfflineColumn> columns;
};

/// `type Name = Target;`
struct TypeAlias {
  std::string name;
  std::string module;
  RustType target;
  SourceSpan span;
};

/// Something in the crate that says which database it talks to.
struct DialectHint {
  Dialect dialect;
  std::string evidence;  ///< "Cargo.toml: sqlx feature \"postgres\""
};

/// Something the extractor could not read; shown in the summary, not fatal.
struct SourceNote {
  SourceSpan span;
  std::string message;
};

/// Everything runwarden read from a Rust crate or workspace. Built by
/// LoadRustCrate (disk) or ExtractRustFile (text, for tests).
struct RustCrate {
  std::string root;  ///< the directory as given
  std::vector<RustStruct> structs;
  std::vector<DieselTable> diesel_tables;
  std::vector<QueryCall> queries;
  std::vector<OfflineQuery> offline_queries;
  std::vector<TypeAlias> aliases;
  std::vector<DialectHint> dialect_hints;
  std::vector<SourceNote> notes;
  /// The first syntax error of each Rust file that has one (also in notes).
  std::vector<SourceSpan> syntax_errors;
  std::vector<std::string> rust_files;  ///< display paths, in the order read
  /// Texts of the Rust files, for reporters that quote lines.
  SourceSet sources;

  /// Structs named `name` (the last segment of a path).
  std::vector<const RustStruct*> FindStructs(std::string_view name) const;
};

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_RUST_CRATE_H_
