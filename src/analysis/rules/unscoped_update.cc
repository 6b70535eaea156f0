// Reports occurrences whose tenant-scope problem is unscoped-update (see
// scope::ProblemOf and docs/rules/unscoped-update.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  const std::string what = o.access == scope::Access::kMerge    ? "MERGE into "
                           : o.access == scope::Access::kInsert ? "the upsert into "
                                                                : "UPDATE of ";
  return what + DescribeOccurrence(o) + " is not limited to the run's tenant" +
         (o.write_note.empty() ? "" : ": " + o.write_note);
}

class UnscopedUpdateRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "unscoped-update", Severity::kError, RuleTarget::kStatementScope,
        "An UPDATE, MERGE or upsert changes rows that are not pinned to the run's tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kUnscopedUpdate, &Message);
  }
};

}  // namespace

const Rule& UnscopedUpdate() {
  static const UnscopedUpdateRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
