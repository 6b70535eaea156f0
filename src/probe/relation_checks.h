#ifndef RUNWARDEN_PROBE_RELATION_CHECKS_H_
#define RUNWARDEN_PROBE_RELATION_CHECKS_H_

#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "probe/probe.h"
#include "probe/probe_session.h"
#include "probe/row_builder.h"
#include "probe/synthetic_values.h"
#include "schema/schema.h"

namespace runwarden::probe {

/// One relation to probe, as selected from the schema.
struct ProbeTarget {
  schema::QualifiedName name;
  RelationKind kind = RelationKind::kTable;
  const schema::Table* table = nullptr;  ///< tables and partitions
  const schema::View* view = nullptr;    ///< views and materialized views
  std::string key;                       ///< tenant key column, "" when none
  std::string key_type;                  ///< its format_type()
};

/// What CrossTenant learned about tenant B's rows in a relation.
struct TenantRows {
  bool b_visible = false;  ///< B sees at least one row of its own there
  std::string why_none;    ///< when it does not: why
};

/// Who the probe runs as, for the catalog's explanation of a leak.
struct RoleFacts {
  std::string name;
  bool superuser = false;   ///< the role itself, not through membership
  bool bypass_rls = false;  ///< the role itself, not through membership
  std::vector<std::string> inherited;
};

/// The checks of one relation. The tenant-crossing checks (read, update,
/// delete, insert) run in CrossTenant; the no-context checks are run by the
/// caller for all relations at once (NoContext), because the "setting never
/// set" state exists only before the first set_config of the transaction.
class RelationChecks {
 public:
  RelationChecks(ProbeSession& session, const schema::Schema& schema, const ProbeOptions& options,
                 const RoleFacts& role, RowBuilder& rows, ValueMaker& values);

  /// Starts `probe` for `target`: name, kind, key, catalog facts. Returns
  /// false when nothing more can be checked (no key, no SELECT privilege);
  /// `probe` then has its verdict.
  Result<bool> Start(const ProbeTarget& target, RelationProbe& probe);

  /// Tenant A's context against tenant B's rows; inserts B's rows when there
  /// are none. Fills `rows`.
  Status CrossTenant(const ProbeTarget& target, RelationProbe& probe, TenantRows& rows);

  /// SELECT EXISTS (SELECT 1 FROM relation) in the current (empty) context,
  /// recorded as `check`.
  Status NoContext(const ProbeTarget& target, RelationProbe& probe, Check check,
                   const std::string& state);

  /// Sets probe.verdict and probe.reason from the checks and the catalog.
  void Decide(const ProbeTarget& target, RelationProbe& probe, const TenantRows& rows) const;

 private:
  Result<std::optional<TenantPair>> PairFor(const ProbeTarget& target);
  Bypass StaticBypass(const ProbeTarget& target) const;
  std::string BypassSentence(const ProbeTarget& target, Bypass bypass) const;
  Status InsertCheck(const ProbeTarget& target, const RelationMeta& meta, const TenantPair& pair,
                     RelationProbe& probe, std::optional<SyntheticRow>& row_b);
  Status WriteCheck(Check check, const ProbeTarget& target, const RelationMeta& meta,
                    const TenantPair& pair, bool b_visible, const std::string& no_write,
                    RelationProbe& probe);

  ProbeSession& session_;
  const schema::Schema& schema_;
  const ProbeOptions& options_;
  const RoleFacts& role_;
  RowBuilder& rows_;
  ValueMaker& values_;
  /// Tenant pairs by key type, and by the table a tenant key references.
  std::map<std::string, TenantPair> by_type_;
  std::map<schema::QualifiedName, std::optional<TenantPair>> by_parent_;
  /// The first pair whose B has rows, by key type: views use it.
  std::map<std::string, TenantPair> proven_;
  /// Why tenant B has no rows in the relation being checked (CrossTenant).
  std::string no_rows_for_b_;
};

}  // namespace runwarden::probe

#endif  // RUNWARDEN_PROBE_RELATION_CHECKS_H_
