#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

using schema::PolicyCommand;

class PolicyAlwaysTrueRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"policy-always-true", Severity::kError,
                                RuleTarget::kRowLevelSecurity,
                                "A permissive policy lets every row through and no restrictive "
                                "tenant guard narrows it."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const std::string setting = TenantSetting(ctx);
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      for (const schema::Policy& p : t.policies) {
        if (!p.permissive || !p.using_expr) continue;
        if (!AnalyzePolicyExpression(p.using_expr->tree, tt.key_column, setting).always_true)
          continue;
        // A restrictive guard for the same commands keeps it safe: the
        // recommended pattern is a permissive grant plus restrictive guards.
        bool narrowed = false;
        for (const schema::Policy& g : t.policies) {
          if (g.permissive || !g.using_expr) continue;
          const bool covers = g.command == PolicyCommand::kAll || g.command == p.command;
          narrowed =
              narrowed ||
              (covers &&
               AnalyzePolicyExpression(g.using_expr->tree, tt.key_column, setting).guards_key);
        }
        if (narrowed) continue;
        Finding& f = out.Report(
            PolicySpan(ctx, t, p),
            "policy " + p.name + " on " + t.name.ToString() + " is always true (" +
                p.using_expr->text + "): every tenant sees every row",
            "compare the tenant key with the tenant setting, and make the guard RESTRICTIVE:\n"
            "  CREATE POLICY tenant_guard ON " +
                t.name.ToString() + " AS RESTRICTIVE USING (" +
                (tt.key_column.empty() ? "tenant_id" : tt.key_column) +
                " = NULLIF(current_setting('" + setting + "', true), '')::uuid);");
        TableEvidence(f, t, tt);
        f.evidence.emplace_back("policy", p.name);
        f.evidence.emplace_back("using", p.using_expr->text);
      }
    });
  }
};

}  // namespace

const Rule& PolicyAlwaysTrue() {
  static const PolicyAlwaysTrueRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
