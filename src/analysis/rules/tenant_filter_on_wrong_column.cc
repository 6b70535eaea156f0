// Reports occurrences whose tenant-scope problem is tenant-filter-on-wrong-column (see
// scope::ProblemOf and docs/rules/tenant-filter-on-wrong-column.md).
#include "analysis/rules/rules.h"
#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

namespace {

std::string Message(const scope::AnalyzedStatement& /*statement*/, const scope::Occurrence& o) {
  if (!o.tenant_on_column.empty()) {
    return "the run's tenant is compared with " + o.qualifier() + "." + o.tenant_on_column +
           ", which is not the tenant key of " + DescribeOccurrence(o) +
           (o.tenancy && !o.tenancy->key_column.empty() ? " (" + o.tenancy->key_column + ")" : "");
  }
  return "the tenant filter is on another relation of the statement, not on " +
         DescribeOccurrence(o) + ", which it writes";
}

class TenantFilterOnWrongColumnRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"tenant-filter-on-wrong-column", Severity::kError,
                                RuleTarget::kStatementScope,
                                "The tenant filter compares the wrong column, or lands on another "
                                "relation than the one written."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ReportScopeProblems(ctx, out, scope::ProblemKind::kTenantFilterOnWrongColumn, &Message);
  }
};

}  // namespace

const Rule& TenantFilterOnWrongColumn() {
  static const TenantFilterOnWrongColumnRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
