#ifndef RUNWARDEN_ANALYSIS_RULES_SCHEMA_RULES_H_
#define RUNWARDEN_ANALYSIS_RULES_SCHEMA_RULES_H_

// Helpers shared by the rules that look at a schema model.

#include <string>
#include <vector>

#include "analysis/policy_facts.h"
#include "analysis/rule.h"

namespace runwarden::analysis::rules {

/// Where a table-level finding points: the table's definition, or the
/// schema's origin (a live target) when there is no file location.
SourceSpan TableSpan(const RuleContext& ctx, const schema::Table& table);

/// Where a policy finding points.
SourceSpan PolicySpan(const RuleContext& ctx, const schema::Table& table,
                      const schema::Policy& policy);

/// The tenant context setting in effect.
std::string TenantSetting(const RuleContext& ctx);

/// Calls `f(table, tenancy)` for every tenant-scoped table (root, direct,
/// indirect), in name order.
template <typename F>
void ForEachTenantTable(const RuleContext& ctx, F&& f) {
  for (const auto& [name, table] : ctx.schema->tables) {
    const TableTenancy* t = ctx.tenancy->Find(name);
    if (t && t->tenant_scoped()) f(table, *t);
  }
}

/// Calls `f(table, tenancy, policy, facts)` for every policy with a USING
/// expression on a tenant-scoped table, with what that expression says of
/// the table's tenant key and the tenant setting.
template <typename F>
void ForEachTenantPolicyUsing(const RuleContext& ctx, F&& f) {
  const std::string setting = TenantSetting(ctx);
  ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
    for (const schema::Policy& p : t.policies) {
      if (!p.using_expr) continue;
      f(t, tt, p, AnalyzePolicyExpression(p.using_expr->tree, tt.key_column, setting));
    }
  });
}

/// Where a finding about a policy's USING expression points: the
/// expression, else the policy.
SourceSpan UsingSpan(const RuleContext& ctx, const schema::Table& table,
                     const schema::Policy& policy);

/// Adds the evidence every table finding carries.
void TableEvidence(Finding& f, const schema::Table& table, const TableTenancy& tenancy);

}  // namespace runwarden::analysis::rules

#endif  // RUNWARDEN_ANALYSIS_RULES_SCHEMA_RULES_H_
