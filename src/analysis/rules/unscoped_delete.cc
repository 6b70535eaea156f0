// Reports occurrences whose tenant-scope problem is unscoped-delete (see
// scope::ProblemOf and docs/rules/unscoped-delete.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  return std::string(o.access == scope::Access::kTruncate ? "TRUNCATE" : "DELETE") + " of " +
         DescribeOccurrence(o) + " is not limited to the run's tenant";
}

class UnscopedDeleteRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "unscoped-delete", Severity::kError, RuleTarget::kStatementScope,
        "A DELETE or TRUNCATE removes rows that are not pinned to the run's tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kUnscopedDelete, &Message);
  }
};

}  // namespace

const Rule& UnscopedDelete() {
  static const UnscopedDeleteRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
