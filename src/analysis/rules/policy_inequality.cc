#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class PolicyInequalityRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "policy-inequality", Severity::kError, RuleTarget::kRowLevelSecurity,
        "A policy compares the tenant with <>, != or IS DISTINCT FROM, which "
        "matches every other tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachTenantPolicyUsing(ctx, [&](const schema::Table& t, const TableTenancy& tt,
                                      const schema::Policy& p, const PolicyFacts& facts) {
      if (!facts.inequality) return;
      Finding& f = out.Report(
          UsingSpan(ctx, t, p),
          "policy " + p.name + " on " + t.name.ToString() +
              " matches rows whose tenant is NOT the current one: " + p.using_expr->text,
          "an inequality selects every other tenant's rows; use = to pin the row to the tenant");
      TableEvidence(f, t, tt);
      f.evidence.emplace_back("policy", p.name);
    });
  }
};

}  // namespace

const Rule& PolicyInequality() {
  static const PolicyInequalityRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
