#ifndef RUNWARDEN_SCHEMA_SCHEMA_H_
#define RUNWARDEN_SCHEMA_SCHEMA_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_span.h"
#include "sql/tree.h"

namespace runwarden::schema {

/// A schema-qualified name as PostgreSQL stores it (unquoted identifiers
/// folded to lower case, quoted ones as written).
struct QualifiedName {
  std::string schema = "public";
  std::string name;

  /// "public.orders"; parts that need quoting are double-quoted.
  std::string ToString() const;
  friend auto operator<=>(const QualifiedName&, const QualifiedName&) = default;
};

enum class Identity { kNone, kAlways, kByDefault };

struct Column {
  std::string name;
  /// The type as PostgreSQL's format_type() prints it, so that offline and
  /// live schemas compare equal: "bigint", "uuid", "character varying(255)",
  /// "timestamp with time zone", "numeric(10,2)", "text[]", "public.mood".
  std::string type;
  bool not_null = false;
  std::optional<std::string> default_expr;
  Identity identity = Identity::kNone;
  bool generated = false;  ///< GENERATED ALWAYS AS (...) STORED
  SourceSpan span;
};

/// A primary key or unique constraint.
struct KeyConstraint {
  std::string name;
  std::vector<std::string> columns;
};

struct ForeignKey {
  std::string name;
  std::vector<std::string> columns;
  QualifiedName referenced;
  /// Empty when the DDL leaves them to the referenced primary key.
  std::vector<std::string> referenced_columns;
  SourceSpan span;
};

struct Index {
  std::string name;
  /// Column names, or expression text for expression keys.
  std::vector<std::string> keys;
  bool unique = false;
  std::string predicate;  ///< partial index WHERE clause, as text
};

enum class TableKind { kTable, kPartitioned, kForeign };

/// A parsed SQL expression kept both as text and as a parse tree (the tree
/// of `SELECT (<text>)`'s target, so offsets are within `text` after
/// subtracting `tree_offset`).
struct Expression {
  std::string text;
  sql::Node tree;
  std::shared_ptr<const sql::Tree> tree_owner;
  size_t tree_offset = 0;  ///< byte offset of `text` inside the parsed string
  SourceSpan span;         ///< where the text starts in its source, when known
};

enum class PolicyCommand { kAll, kSelect, kInsert, kUpdate, kDelete };

struct Policy {
  std::string name;
  PolicyCommand command = PolicyCommand::kAll;
  bool permissive = true;
  /// Role names; empty means PUBLIC.
  std::vector<std::string> roles;
  std::optional<Expression> using_expr;
  std::optional<Expression> check_expr;
  SourceSpan span;
};

struct Table {
  QualifiedName name;
  TableKind kind = TableKind::kTable;
  std::vector<Column> columns;
  std::optional<KeyConstraint> primary_key;
  std::vector<KeyConstraint> unique_keys;
  std::vector<ForeignKey> foreign_keys;
  std::vector<Index> indexes;
  std::string partition_by;                   ///< "LIST (tenant_id)" for partitioned tables
  std::optional<QualifiedName> partition_of;  ///< the parent, for partitions
  /// For partitions: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
  /// "FOR VALUES IN (...)", "FOR VALUES WITH (...)" or "DEFAULT", as written
  /// (DDL) or as pg_get_expr prints it (catalog); empty when unknown. Not part
  /// of the fingerprint: the schema snapshot needs it to attach partitions.
  std::string partition_bound;
  std::vector<QualifiedName> partitions;  ///< children, for partitioned tables
  bool rls_enabled = false;
  bool rls_forced = false;
  std::string owner;  ///< empty when unknown
  /// Citus distribution column, when the table is distributed.
  std::string distribution_column;
  std::vector<Policy> policies;
  SourceSpan span;

  const Column* FindColumn(std::string_view name) const;
  Column* FindColumn(std::string_view name);
};

struct View {
  QualifiedName name;
  std::string definition;  ///< the SELECT, as text
  bool materialized = false;
  bool security_invoker = false;
  std::string owner;
  /// The SELECT's parse tree (missing when it did not parse).
  sql::Node tree;
  std::shared_ptr<const sql::Tree> tree_owner;
  SourceSpan span;
};

struct EnumType {
  QualifiedName name;
  std::vector<std::string> values;
};

struct Role {
  std::string name;
  bool superuser = false;
  bool bypass_rls = false;
  bool login = false;
  bool inherit = true;
  std::vector<std::string> member_of;  ///< roles it is granted
};

/// The role a live connection runs as, with what it inherits.
struct SessionRole {
  std::string name;
  bool superuser = false;   ///< also when inherited through membership
  bool bypass_rls = false;  ///< also when inherited through membership
  /// Roles whose rights it has through pg_auth_members (transitively, with
  /// INHERIT), nearest first.
  std::vector<std::string> inherited;
};

/// A statement of a DDL file that could not be used: rejected by the
/// parser, or referring to something the model does not have. Loading goes on
/// with the rest.
struct LoadProblem {
  enum class Kind { kSyntax, kNotApplied };
  Kind kind;
  std::string message;
  SourceSpan span;
};

/// The model of a target's schema, from DDL or from a live catalog; the same
/// type either way, so every check works on both.
class Schema {
 public:
  std::map<QualifiedName, Table> tables;
  std::map<QualifiedName, View> views;
  std::map<QualifiedName, EnumType> enums;
  std::map<std::string, Role> roles;
  /// Schemas searched for unqualified names, in order.
  std::vector<std::string> search_path = {"public"};
  /// Where the model came from, for reports: a file, a folder, a target.
  std::string origin;
  /// False for engines that have no row-level security (SQLite): the
  /// row-level security rules do not apply, and reports say so.
  bool row_level_security = true;
  /// Set for schemas read from a live database: who runwarden connected as.
  /// Not part of the fingerprint.
  std::optional<SessionRole> session_role;
  /// Set for schemas read from DDL: statements that could not be used.
  std::vector<LoadProblem> load_problems;

  /// The table `name` in `schema_name`, or, when `schema_name` is empty,
  /// in the first schema of the search path that has it.
  const Table* FindTable(std::string_view schema_name, std::string_view name) const;
  Table* FindTable(std::string_view schema_name, std::string_view name);
  const Table* FindTable(const QualifiedName& name) const;
  const View* FindView(std::string_view schema_name, std::string_view name) const;

  /// SHA-256 over a canonical form of the model (sorted by name, independent
  /// of the order statements were written in, of source locations and of
  /// `origin`). Plans record it to detect schema drift.
  std::string Fingerprint() const;
};

std::string_view PolicyCommandName(PolicyCommand command);  ///< ALL, SELECT, ...
std::string_view TableKindName(TableKind kind);

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_SCHEMA_H_
