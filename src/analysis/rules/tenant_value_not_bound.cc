// Reports occurrences whose tenant-scope problem is tenant-value-not-bound (see
// scope::ProblemOf and docs/rules/tenant-value-not-bound.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  return (o.literal_text.empty() ? std::string("a value") : o.literal_text) +
         " stands for the tenant of " + DescribeOccurrence(o) +
         " instead of the run's tenant parameter";
}

class TenantValueNotBoundRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"tenant-value-not-bound", Severity::kError,
                                RuleTarget::kStatementScope,
                                "The tenant key is compared with a literal or another parameter "
                                "instead of the run's tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kTenantValueNotBound, &Message);
  }
};

}  // namespace

const Rule& TenantValueNotBound() {
  static const TenantValueNotBoundRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
