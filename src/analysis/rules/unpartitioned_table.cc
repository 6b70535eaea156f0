#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class UnpartitionedTableRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"unpartitioned-table", Severity::kWarning, RuleTarget::kSchema,
                                "A table has no tenant key and no foreign-key path to one, and is "
                                "not declared global."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const auto& [name, t] : ctx.schema->tables) {
      const TableTenancy* tt = ctx.tenancy->Find(name);
      if (!tt || tt->kind != TenancyKind::kUnscoped) continue;
      Finding& f =
          out.Report(TableSpan(ctx, t),
                     name.ToString() + " is not partitioned by tenant (risk " +
                         std::string(RiskName(tt->risk)) + "): " + tt->evidence,
                     "give it a tenant key column, or declare it shared in runwarden.toml:\n"
                     "  [tenant]\n  global = [\"" +
                         name.ToString() + "\"]");
      if (tt->risk == Risk::kMedium) f.severity = Severity::kInfo;
      f.evidence.emplace_back("table", name.ToString());
      f.evidence.emplace_back("risk", std::string(RiskName(tt->risk)));
    }
  }
};

}  // namespace

const Rule& UnpartitionedTable() {
  static const UnpartitionedTableRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
