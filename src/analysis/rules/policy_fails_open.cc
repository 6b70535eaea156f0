#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class PolicyFailsOpenRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"policy-fails-open", Severity::kError,
                                RuleTarget::kRowLevelSecurity,
                                "A policy lets every row through when no tenant is set."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const std::string setting = TenantSetting(ctx);
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      for (const schema::Policy& p : t.policies) {
        for (const schema::Expression* e :
             {p.using_expr ? &*p.using_expr : nullptr, p.check_expr ? &*p.check_expr : nullptr}) {
          if (!e || !AnalyzePolicyExpression(e->tree, tt.key_column, setting).fails_open) continue;
          Finding& f = out.Report(
              e->span.valid() ? e->span : PolicySpan(ctx, t, p),
              "policy " + p.name + " on " + t.name.ToString() +
                  " passes every row when the tenant setting is empty: " + e->text,
              "after a transaction-local set_config ends, " + setting +
                  " reads '' on that connection; a pooled connection without a tenant then sees "
                  "all tenants. Remove the `... IS NULL OR` branch so that no tenant means no "
                  "rows:\n"
                  "  USING (" +
                  (tt.key_column.empty() ? "tenant_id" : tt.key_column) +
                  " = NULLIF(current_setting('" + setting + "', true), '')::uuid)");
          TableEvidence(f, t, tt);
          f.evidence.emplace_back("policy", p.name);
          break;
        }
      }
    });
  }
};

}  // namespace

const Rule& PolicyFailsOpen() {
  static const PolicyFailsOpenRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
