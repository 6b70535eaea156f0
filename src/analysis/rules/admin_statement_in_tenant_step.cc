// Reports occurrences whose tenant-scope problem is admin-statement-in-tenant-step (see
// scope::ProblemOf and docs/rules/admin-statement-in-tenant-step.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  if (o.relation.find(' ') != std::string::npos) {
    return o.relation + " changes the schema of every tenant, in a step of tenant scope";
  }
  return DescribeOccurrence(o) +
         " is a system relation that shows every tenant, in a step of tenant scope";
}

class AdminStatementInTenantStepRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"admin-statement-in-tenant-step", Severity::kError,
                                RuleTarget::kStatementScope,
                                "A step of tenant scope reads system catalogs or runs DDL, which "
                                "sees or changes every tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kAdminStatementInTenantStep, &Message);
  }
};

}  // namespace

const Rule& AdminStatementInTenantStep() {
  static const AdminStatementInTenantStepRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
