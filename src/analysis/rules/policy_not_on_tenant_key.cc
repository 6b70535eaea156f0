#include "analysis/policy_facts.h"
#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class PolicyNotOnTenantKeyRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "policy-not-on-tenant-key", Severity::kError, RuleTarget::kRowLevelSecurity,
        "A policy compares the tenant with a column that is not the table's "
        "tenant key."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachTenantPolicyUsing(ctx, [&](const schema::Table& t, const TableTenancy& tt,
                                      const schema::Policy& p, const PolicyFacts& facts) {
      if (tt.kind != TenancyKind::kDirect || tt.key_column.empty()) return;
      if (facts.other_columns.empty() || facts.guards_key) return;
      Finding& f = out.Report(
          UsingSpan(ctx, t, p),
          "policy " + p.name + " on " + t.name.ToString() + " compares the tenant with " +
              facts.other_columns.front() + ", not with the tenant key " + tt.key_column,
          "a tenant id that happens to equal a value of " + facts.other_columns.front() +
              " (a user id, a row id) unlocks rows of another tenant; compare " + tt.key_column +
              " instead");
      TableEvidence(f, t, tt);
      f.evidence.emplace_back("policy", p.name);
      f.evidence.emplace_back("compared_column", facts.other_columns.front());
    });
  }
};

}  // namespace

const Rule& PolicyNotOnTenantKey() {
  static const PolicyNotOnTenantKeyRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
