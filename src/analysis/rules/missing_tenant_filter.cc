// Reports occurrences whose tenant-scope problem is missing-tenant-filter (see
// scope::ProblemOf and docs/rules/missing-tenant-filter.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& st, const scope::Occurrence& o) {
  const std::string verb = o.access == scope::Access::kRead      ? "reads"
                           : o.access == scope::Access::kCopyOut ? "copies out"
                                                                 : "writes";
  return st.scope.kind + " " + verb + " " + DescribeOccurrence(o) +
         " without pinning it to the run's tenant" +
         (o.write_note.empty() ? "" : ": " + o.write_note);
}

class MissingTenantFilterRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "missing-tenant-filter", Severity::kError, RuleTarget::kStatementScope,
        "A statement reads or writes tenant rows without pinning them to the run's tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kMissingTenantFilter, &Message);
  }
};

}  // namespace

const Rule& MissingTenantFilter() {
  static const MissingTenantFilterRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
