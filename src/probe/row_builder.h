#ifndef RUNWARDEN_PROBE_ROW_BUILDER_H_
#define RUNWARDEN_PROBE_ROW_BUILDER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "probe/probe_session.h"
#include "probe/synthetic_values.h"
#include "schema/schema.h"

namespace runwarden::probe {

/// What the catalog says about one relation, as the role under test sees it.
struct RelationMeta {
  bool can_select = false;
  bool can_insert = false;
  bool can_update = false;
  bool can_delete = false;
  /// Enabled user triggers on the relation or its partitions.
  std::vector<std::string> triggers;
  bool has_rules = false;       ///< CREATE RULE rules (tables only)
  std::string partition_bound;  ///< pg_get_expr(relpartbound), partitions only

  /// Why the probe must not write to the relation ("" when it may): a
  /// trigger or rule could advance a sequence, which no rollback undoes.
  std::string NoWriteReason() const;
};

/// A synthetic row: columns and their values (bound as text), in order.
struct SyntheticRow {
  std::vector<std::string> columns;
  db::Params values;
  /// Set when a GENERATED ALWAYS identity column is given a value.
  bool overriding_system_value = false;
};

/// INSERT INTO "s"."t" ("c", ...) [OVERRIDING SYSTEM VALUE] VALUES ($1, ...),
/// with " RETURNING " + `returning` when it is not empty.
std::string InsertSql(const schema::QualifiedName& table, const SyntheticRow& row,
                      const std::string& returning);

/// Makes rows for the probe: every NOT NULL column gets a value, columns
/// whose default is unsafe (nextval, identity, unknown functions) get an
/// explicit one, a partition's key columns its bound's values, and each
/// foreign key a row the current tenant can see in the referenced table,
/// found or (recursively, at most three levels deep) inserted and kept.
/// Borrows everything it is given.
class RowBuilder {
 public:
  RowBuilder(ProbeSession& session, const schema::Schema& schema,
             const std::vector<std::string>& tenant_keys, ValueMaker& values);

  /// The catalog facts of `name` (cached).
  Result<RelationMeta> Meta(const schema::QualifiedName& name);

  /// A row for `table` with `fixed` values (the tenant key among them). The
  /// tenant context must be the row's tenant. nullopt with `problem` set
  /// when no row can be made.
  Result<std::optional<SyntheticRow>> Build(const schema::Table& table,
                                            const std::map<std::string, std::string>& fixed,
                                            std::string* problem, int depth = 0);

  /// The first of the tenant keys that `table` has, or "".
  std::string TenantKeyOf(const schema::Table& table) const;

 private:
  // Values of `want` columns of a row of `table` matching `fixed`, found or
  // inserted; nullopt with `problem` set when there is none.
  Result<std::optional<std::vector<db::Value>>> Referenced(
      const schema::Table& table, const std::map<std::string, std::string>& fixed,
      const std::vector<std::string>& want, std::string* problem, int depth);

  ProbeSession& session_;
  const schema::Schema& schema_;
  const std::vector<std::string>& tenant_keys_;
  ValueMaker& values_;
  std::map<schema::QualifiedName, RelationMeta> meta_;
};

}  // namespace runwarden::probe

#endif  // RUNWARDEN_PROBE_ROW_BUILDER_H_
