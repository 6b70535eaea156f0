// Reports occurrences whose tenant-scope problem is or-weakens-tenant-filter (see
// scope::ProblemOf and docs/rules/or-weakens-tenant-filter.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  return "this OR lets rows of other tenants of " + DescribeOccurrence(o) +
         " through: one branch pins the tenant, another does not";
}

class OrWeakensTenantFilterRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"or-weakens-tenant-filter", Severity::kError,
                                RuleTarget::kStatementScope,
                                "A tenant filter sits in one branch of an OR, so the other branch "
                                "lets other tenants' rows through."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kOrWeakensTenantFilter, &Message);
  }
};

}  // namespace

const Rule& OrWeakensTenantFilter() {
  static const OrWeakensTenantFilterRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
