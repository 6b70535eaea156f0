// Reports occurrences whose tenant-scope problem is join-without-tenant-predicate (see
// scope::ProblemOf and docs/rules/join-without-tenant-predicate.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  return DescribeOccurrence(o) +
         " is joined without a tenant predicate: another relation of the query is pinned to the "
         "run's tenant, this one is not";
}

class JoinWithoutTenantPredicateRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "join-without-tenant-predicate", Severity::kError, RuleTarget::kStatementScope,
        "A joined relation is not pinned to the tenant although another relation of the query is."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kJoinWithoutTenantPredicate, &Message);
  }
};

}  // namespace

const Rule& JoinWithoutTenantPredicate() {
  static const JoinWithoutTenantPredicateRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
