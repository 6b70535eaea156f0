#ifndef RUNWARDEN_CONTRACTS_CONTRACTS_H_
#define RUNWARDEN_CONTRACTS_CONTRACTS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/source_span.h"
#include "contracts/binary_layout.h"
#include "contracts/result_columns.h"
#include "contracts/rust_crate.h"
#include "contracts/type_mapping.h"
#include "schema/schema.h"

namespace runwarden::contracts {

/// Where a contract's columns come from, most trusted first.
enum class MappingSource {
  kQuery,               ///< the SQL of the query_as!/query_as::<_, T>() call that fills it
  kOfflineCache,        ///< sqlx's offline cache, for SQL runwarden could not resolve itself
  kProjectConfig,       ///< [contracts.tables] of runwarden.toml
  kDieselTableName,     ///< #[diesel(table_name = ...)]
  kDieselTableBlock,    ///< a table! block, against the schema's table of the same name
  kDieselDefaultTable,  ///< diesel's default table name (snake_case plural of the struct)
  kNamingConvention,    ///< a table named after the struct (snake_case, plural, Row/Record suffix)
};

std::string_view MappingSourceName(MappingSource source);  ///< "query", "diesel table_name", ...

enum class Confidence { kHigh, kMedium, kLow };
std::string_view ConfidenceName(Confidence c);  ///< "high", "medium", "low"

/// Which way values flow.
enum class Direction {
  kRead,   ///< rows are decoded into the Rust type
  kWrite,  ///< Rust values are written (diesel Insertable / AsChangeset)
};

/// What was mapped.
enum class ContractKind {
  kStruct,       ///< a Rust struct
  kDieselTable,  ///< a table! block (diesel's own view of a table)
  kQueryRecord,  ///< the anonymous record of a query! call with type overrides
};

/// A column a contract reads or writes.
struct MappedColumn {
  ResultColumn column;
  SourceSpan span;  ///< in the query's string literal, or the DDL; may be invalid
};

/// One field (or table! column, or override) bound to a column.
struct FieldBinding {
  std::string path;                    ///< "amount_cents", "address.city" through #[sqlx(flatten)]
  const RustField* field = nullptr;    ///< null for table! columns and query! overrides
  std::string column;                  ///< the column name it reads or writes
  std::optional<size_t> column_index;  ///< into Mapping::columns; nullopt: no such column
  std::string rust_type_text;          ///< the type as the user wrote it
  bool optional = false;               ///< accepts NULL (Option<...>)
  /// The type a non-NULL value is decoded as: the field type without
  /// Option, or what #[sqlx(try_from)], #[sqlx(json)],
  /// #[diesel(deserialize_as)] or an "x: T" override say.
  RustType value_type;
  std::string value_type_source;  ///< "field type", "#[sqlx(try_from = \"i64\")]", ...
  bool missing_ok = false;        ///< #[sqlx(default)]: a missing column is fine
  SourceSpan span;                ///< the field's name (or the override, the table! column)
};

/// A contract mapped to its columns, with the evidence.
struct Mapping {
  ContractKind kind = ContractKind::kStruct;
  std::string contract;  ///< "BillingUpdate", "table! invoices", "query! at src/x.rs:9:13"
  const RustStruct* rust_struct = nullptr;
  const DieselTable* diesel_table = nullptr;
  const QueryCall* query = nullptr;
  MappingSource source = MappingSource::kQuery;
  Confidence confidence = Confidence::kHigh;
  Direction direction = Direction::kRead;
  std::string target;  ///< "public.invoices", "query_as! at src/billing.rs:14:19"
  std::vector<MappedColumn> columns;
  /// Every column of the source is known, so a field without a column is a
  /// real gap (false when `*` met a table missing from the schema, ...).
  bool columns_complete = true;
  /// Columns nobody reads matter (queries, table! blocks), as opposed to a
  /// table a struct selects a subset of.
  bool report_unread = false;
  std::vector<FieldBinding> fields;
  /// Why runwarden believes this mapping, in a stable order.
  std::vector<std::pair<std::string, std::string>> evidence;
  SourceSpan span;  ///< the struct's name, the table! name, or the query! call

  /// Indexes of columns no field reads.
  std::vector<size_t> UnreadColumns() const;
};

/// A contract runwarden could not map, with what it tried.
struct UnmappedContract {
  std::string contract;
  ContractKind kind = ContractKind::kStruct;
  const RustStruct* rust_struct = nullptr;
  std::string reason;
  std::vector<std::string> tried;
  SourceSpan span;
};

/// A source struct and its layout in the binary.
struct BinaryPair {
  const RustStruct* source = nullptr;
  const BinaryStruct* binary = nullptr;
};

/// A struct mapped to a table by the project's configuration.
struct ConfiguredTable {
  std::string contract;  ///< the struct's name
  std::string table;     ///< "schema.table" or "table"
  SourceSpan span;       ///< where the configuration says so
};

/// Options for BuildContracts.
struct ContractsOptions {
  /// The database dialect; detected from the crate when unset.
  std::optional<Dialect> dialect;
  /// Why `dialect` was chosen, when set; "" means the command line.
  std::string dialect_evidence;
  /// Mappings by hand; they take precedence over everything but the SQL of
  /// the struct's own queries.
  std::vector<ConfiguredTable> tables;
};

/// The product of the contracts stage: the crate, the binary (optional),
/// and every contract mapped to its columns. Rules read it through
/// RuleContext::contracts. Owns the crate and the binary layout; points into
/// the schema, which must outlive it. Not copyable (bindings point into
/// the crate).
class Contracts {
 public:
  Contracts(const Contracts&) = delete;
  Contracts& operator=(const Contracts&) = delete;
  Contracts(Contracts&&) noexcept = default;
  Contracts& operator=(Contracts&&) noexcept = default;

  const RustCrate& crate() const { return *crate_; }
  const schema::Schema& schema() const { return *schema_; }
  const BinaryLayout* binary() const { return binary_.get(); }
  Dialect dialect() const { return dialect_; }
  /// Why runwarden chose the dialect ("Cargo.toml: sqlx feature \"postgres\"").
  const std::string& dialect_evidence() const { return dialect_evidence_; }
  const std::vector<Mapping>& mappings() const { return mappings_; }
  const std::vector<UnmappedContract>& unmapped() const { return unmapped_; }
  /// Source structs found in the binary, with their layouts.
  const std::vector<BinaryPair>& binary_pairs() const { return binary_pairs_; }
  /// Contract structs the binary has no layout for (never used by compiled
  /// code, or built from other source).
  const std::vector<const RustStruct*>& missing_in_binary() const { return missing_in_binary_; }
  /// How a type check is done for this crate and schema.
  TypeEnvironment type_environment() const { return {dialect_, schema_, crate_.get()}; }
  /// Number of contracts: row structs (and query_as targets), table!
  /// blocks and query! records.
  size_t contract_count() const;
  /// Number of query! calls whose anonymous record is checked.
  size_t query_record_count() const;

 private:
  friend Contracts BuildContracts(RustCrate crate, std::optional<BinaryLayout> binary,
                                  const schema::Schema& schema, const ContractsOptions& options);
  Contracts() = default;

  std::unique_ptr<RustCrate> crate_;
  const schema::Schema* schema_ = nullptr;
  std::unique_ptr<BinaryLayout> binary_;
  Dialect dialect_ = Dialect::kPostgres;
  std::string dialect_evidence_;
  std::vector<Mapping> mappings_;
  std::vector<UnmappedContract> unmapped_;
  std::vector<BinaryPair> binary_pairs_;
  std::vector<const RustStruct*> missing_in_binary_;
};

/// Maps every contract of `crate` to its columns in `schema`, most trusted
/// source first: the query that fills it (result columns resolved against
/// the schema, sqlx's offline cache for what cannot be resolved), an explicit
/// diesel table_name, diesel's default table name, then a naming convention.
/// (A mapping table in the project configuration is not read yet.) Pairs
/// contract structs with their layouts in `binary` when given.
Contracts BuildContracts(RustCrate crate, std::optional<BinaryLayout> binary,
                         const schema::Schema& schema, const ContractsOptions& options = {});

/// The column a field reads under #[sqlx(rename_all = ...)]: "camelCase",
/// "PascalCase", "snake_case", "SCREAMING_SNAKE_CASE", "kebab-case",
/// "lowercase", "UPPERCASE". Unknown styles leave the name as is.
std::string ApplyRenameAll(std::string_view field_name, std::string_view style);

/// Table names a struct name suggests, most likely first: InvoiceRow ->
/// invoice, invoices; Category -> category, categories.
std::vector<std::string> ConventionalTableNames(std::string_view struct_name);

}  // namespace runwarden::contracts

#endif  // RUNWARDEN_CONTRACTS_CONTRACTS_H_
