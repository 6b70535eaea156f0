// For INSERT and UPDATE, new rows must pass the policies' checks: the
// permissive ones OR-ed together, the restrictive ones AND-ed on top. A
// policy's check is its WITH CHECK, or its USING when a policy for ALL or
// UPDATE has none; an INSERT policy without WITH CHECK accepts any row.
#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

using schema::PolicyCommand;

class PolicyMissingWithCheckRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"policy-missing-with-check", Severity::kError,
                                RuleTarget::kRowLevelSecurity,
                                "New rows are not checked against the tenant, so a row can be "
                                "inserted or moved into another tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const std::string setting = TenantSetting(ctx);
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      if (tt.kind != TenancyKind::kDirect || !t.rls_enabled) return;
      for (PolicyCommand command : {PolicyCommand::kInsert, PolicyCommand::kUpdate}) {
        auto checks_tenant = [&](const schema::Policy& p) {
          const schema::Expression* check = CheckExpression(p);
          return check && AnalyzePolicyExpression(check->tree, tt.key_column, setting).guards_key;
        };
        bool any_permissive = false, all_permissive_check = true, restrictive_checks = false;
        const schema::Policy* culprit = nullptr;
        for (const schema::Policy& p : t.policies) {
          if (!AppliesTo(p, command)) continue;
          if (p.permissive) {
            any_permissive = true;
            if (!checks_tenant(p)) {
              all_permissive_check = false;
              if (!culprit) culprit = &p;
            }
          } else {
            restrictive_checks = restrictive_checks || checks_tenant(p);
          }
        }
        if (!any_permissive || all_permissive_check || restrictive_checks || !culprit) continue;
        const std::string verb(schema::PolicyCommandName(command));
        Finding& f = out.Report(
            PolicySpan(ctx, t, *culprit),
            "policy " + culprit->name + " on " + t.name.ToString() + " lets " + verb +
                " write rows whose " + tt.key_column + " is another tenant's",
            "add a check on the new row, best as a restrictive policy:\n"
            "  CREATE POLICY tenant_check ON " +
                t.name.ToString() + " AS RESTRICTIVE FOR " + verb + " WITH CHECK (" +
                tt.key_column + " = NULLIF(current_setting('" + setting + "', true), '')::uuid);");
        TableEvidence(f, t, tt);
        f.evidence.emplace_back("policy", culprit->name);
        f.evidence.emplace_back("command", verb);
      }
    });
  }
};

}  // namespace

const Rule& PolicyMissingWithCheck() {
  static const PolicyMissingWithCheckRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
