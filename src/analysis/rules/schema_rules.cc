#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

SourceSpan TableSpan(const RuleContext& ctx, const schema::Table& table) {
  if (table.span.valid()) return table.span;
  return SourceSpan{ctx.schema->origin, {}, {}};
}

SourceSpan PolicySpan(const RuleContext& ctx, const schema::Table& table,
                      const schema::Policy& policy) {
  if (policy.span.valid()) return policy.span;
  return TableSpan(ctx, table);
}

SourceSpan UsingSpan(const RuleContext& ctx, const schema::Table& table,
                     const schema::Policy& policy) {
  if (policy.using_expr && policy.using_expr->span.valid()) return policy.using_expr->span;
  return PolicySpan(ctx, table, policy);
}

std::string TenantSetting(const RuleContext& ctx) {
  if (ctx.runbook) return ctx.runbook->tenant.context_setting;
  if (ctx.tenant_config) return ctx.tenant_config->setting;
  return "app.current_tenant_id";
}

void TableEvidence(Finding& f, const schema::Table& table, const TableTenancy& tenancy) {
  f.evidence.emplace_back("table", table.name.ToString());
  f.evidence.emplace_back("tenancy", std::string(TenancyKindName(tenancy.kind)));
  if (!tenancy.key_column.empty()) f.evidence.emplace_back("tenant_key", tenancy.key_column);
  f.evidence.emplace_back("why", tenancy.evidence);
}

}  // namespace runwarden::analysis::rules
