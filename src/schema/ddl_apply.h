#ifndef RUNWARDEN_SCHEMA_DDL_APPLY_H_
#define RUNWARDEN_SCHEMA_DDL_APPLY_H_

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/source_text.h"
#include "schema/ddl_loader.h"
#include "sql/tree.h"

namespace runwarden::schema {

/// One statement to apply: its parse tree and where its text is.
struct DdlStatement {
  sql::Node root;  ///< e.g. {"CreateStmt": {...}}
  std::shared_ptr<const sql::Tree> tree;
  size_t offset;  ///< byte offset of the statement in the file
  size_t length;
  size_t location_base;  ///< node locations count from this file offset
};

/// Applies DDL statements to a schema model, in order, the way PostgreSQL
/// would: CREATE/ALTER/DROP TABLE, constraints, RLS switches, owners,
/// partitions, policies, views, indexes, enum types, schemas, roles and
/// renames. Other statements are counted as skipped. A statement about an
/// object the model does not have is recorded as a LoadProblem.
class DdlApplier {
 public:
  DdlApplier(Schema& schema, LoadStats& stats) : schema_(schema), stats_(stats) {}

  /// Applies one statement of `source`.
  void Apply(const DdlStatement& stmt, const SourceText& source);

 private:
  class Context;
  Schema& schema_;
  LoadStats& stats_;
  /// search_path as the DDL set it (pg_dump sets it empty and qualifies
  /// every name); used to resolve names while loading only.
  std::vector<std::string> load_search_path_ = {"public"};
  /// Sequences the DDL created. The model keeps none, but pg_dump changes
  /// their owner with ALTER TABLE, which must not count as a problem.
  std::set<QualifiedName> sequences_;

  friend class Context;
};

}  // namespace runwarden::schema

#endif  // RUNWARDEN_SCHEMA_DDL_APPLY_H_
