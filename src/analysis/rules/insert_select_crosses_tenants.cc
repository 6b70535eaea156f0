// Reports occurrences whose tenant-scope problem is insert-select-crosses-tenants (see
// scope::ProblemOf and docs/rules/insert-select-crosses-tenants.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  if (o.access == scope::Access::kInsert) {
    return "INSERT ... SELECT into " + DescribeOccurrence(o) +
           " does not take its tenant key from the run's tenant" +
           (o.write_note.empty() ? "" : ": " + o.write_note);
  }
  return "INSERT ... SELECT copies rows of " + DescribeOccurrence(o) +
         " that are not pinned to the run's tenant";
}

class InsertSelectCrossesTenantsRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"insert-select-crosses-tenants", Severity::kError,
                                RuleTarget::kStatementScope,
                                "INSERT ... SELECT copies rows that are not pinned to the run's "
                                "tenant, or into another tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kInsertSelectCrossesTenants, &Message);
  }
};

}  // namespace

const Rule& InsertSelectCrossesTenants() {
  static const InsertSelectCrossesTenantsRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
