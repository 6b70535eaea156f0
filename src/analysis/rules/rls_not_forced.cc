#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class RlsNotForcedRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "rls-not-forced", Severity::kWarning, RuleTarget::kRowLevelSecurity,
        "Row-level security is enabled but not forced, so the table's owner "
        "bypasses it."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      if (!t.rls_enabled || t.rls_forced) return;
      const std::string owner = t.owner.empty() ? "its owner" : "its owner " + t.owner;
      Finding& f = out.Report(
          TableSpan(ctx, t),
          "row-level security on " + t.name.ToString() + " is not forced: " + owner +
              " sees and changes every tenant's rows",
          "applications often connect as the role that ran the migrations, which owns the tables;\n"
          "  ALTER TABLE " +
              t.name.ToString() + " FORCE ROW LEVEL SECURITY;");
      TableEvidence(f, t, tt);
      if (!t.owner.empty()) f.evidence.emplace_back("owner", t.owner);
    });
  }
};

}  // namespace

const Rule& RlsNotForced() {
  static const RlsNotForcedRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
