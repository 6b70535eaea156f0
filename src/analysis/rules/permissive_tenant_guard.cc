#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

using schema::PolicyCommand;

bool Overlap(PolicyCommand a, PolicyCommand b) {
  return a == PolicyCommand::kAll || b == PolicyCommand::kAll || a == b;
}

class PermissiveTenantGuardRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"permissive-tenant-guard", Severity::kError,
                                RuleTarget::kRowLevelSecurity,
                                "The tenant guard is a permissive policy, and another permissive "
                                "policy widens it."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const std::string setting = TenantSetting(ctx);
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      if (tt.kind != TenancyKind::kDirect) return;
      auto guards = [&](const schema::Policy& p) {
        return p.using_expr &&
               AnalyzePolicyExpression(p.using_expr->tree, tt.key_column, setting).guards_key;
      };
      const schema::Policy* guard = nullptr;
      for (const schema::Policy& p : t.policies) {
        if (!guards(p)) continue;
        if (!p.permissive) return;  // a restrictive guard cannot be widened
        if (!guard) guard = &p;
      }
      if (!guard) return;
      for (const schema::Policy& other : t.policies) {
        if (&other == guard || !other.permissive || guards(other) ||
            !Overlap(other.command, guard->command)) {
          continue;
        }
        Finding& f = out.Report(
            PolicySpan(ctx, t, *guard),
            "tenant guard " + guard->name + " on " + t.name.ToString() + " is permissive, and " +
                other.name + " (" + (other.using_expr ? other.using_expr->text : "no USING") +
                ") is OR-ed with it: rows of other tenants pass through " + other.name,
            "permissive policies are combined with OR; recreate the guard as a restrictive policy "
            "(ALTER POLICY cannot change that) so that every other policy is AND-ed with it:\n"
            "  DROP POLICY " +
                guard->name + " ON " + t.name.ToString() +
                ";\n"
                "  CREATE POLICY " +
                guard->name + " ON " + t.name.ToString() + " AS RESTRICTIVE USING (" +
                (guard->using_expr ? guard->using_expr->text : std::string("...")) + ");");
        f.related.push_back({PolicySpan(ctx, t, other), "widening policy " + other.name});
        TableEvidence(f, t, tt);
        f.evidence.emplace_back("guard", guard->name);
        f.evidence.emplace_back("widened_by", other.name);
      }
    });
  }
};

}  // namespace

const Rule& PermissiveTenantGuard() {
  static const PermissiveTenantGuardRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
