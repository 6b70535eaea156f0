// Reports occurrences whose tenant-scope problem is unknown-relation (see
// scope::ProblemOf and docs/rules/unknown-relation.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  return DescribeOccurrence(o) + " is not in the schema: renamed or dropped by a migration?";
}

class UnknownRelationRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"unknown-relation", Severity::kError, RuleTarget::kStatementScope,
                                "A statement names a relation the schema does not define, so its "
                                "tenant scope cannot be checked."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kUnknownRelation, &Message);
  }
};

}  // namespace

const Rule& UnknownRelation() {
  static const UnknownRelationRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
