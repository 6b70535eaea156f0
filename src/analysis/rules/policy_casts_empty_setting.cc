#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class PolicyCastsEmptySettingRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"policy-casts-empty-setting", Severity::kWarning,
                                RuleTarget::kRowLevelSecurity,
                                "A policy casts the tenant setting without NULLIF, which raises an "
                                "error once a transaction-local setting has ended."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const std::string setting = TenantSetting(ctx);
    ForEachTenantPolicyUsing(ctx, [&](const schema::Table& t, const TableTenancy& tt,
                                      const schema::Policy& p, const PolicyFacts& facts) {
      if (!facts.unguarded_cast) return;
      Finding& f = out.Report(
          UsingSpan(ctx, t, p),
          "policy " + p.name + " on " + t.name.ToString() + " casts current_setting('" + setting +
              "') directly: " + p.using_expr->text,
          "after set_config(..., true) ends, the setting reads '' on that connection and the "
          "cast fails with invalid input syntax, breaking every query there (someone will then "
          "\"fix\" it with IS NULL OR and fail open); write\n"
          "  NULLIF(current_setting('" +
              setting + "', true), '')::uuid");
      TableEvidence(f, t, tt);
      f.evidence.emplace_back("policy", p.name);
    });
  }
};

}  // namespace

const Rule& PolicyCastsEmptySetting() {
  static const PolicyCastsEmptySettingRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
