#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class RlsDisabledOnTenantTableRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"rls-disabled-on-tenant-table", Severity::kError,
                                RuleTarget::kRowLevelSecurity,
                                "A table holding tenant data has row-level security turned off."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      if (t.rls_enabled || t.partition_of) return;  // partitions: partition-without-rls
      Finding& f = out.Report(
          TableSpan(ctx, t),
          "row-level security is off on " + t.name.ToString() + ", which holds tenant data (" +
              std::string(TenancyKindName(tt.kind)) + ")",
          "any query that forgets its tenant filter reads or changes every tenant's rows; run\n"
          "  ALTER TABLE " +
              t.name.ToString() +
              " ENABLE ROW LEVEL SECURITY;\n"
              "  ALTER TABLE " +
              t.name.ToString() +
              " FORCE ROW LEVEL SECURITY;\n"
              "and add a RESTRICTIVE tenant policy");
      if (tt.kind == TenancyKind::kRoot) f.severity = Severity::kWarning;
      TableEvidence(f, t, tt);
    });
  }
};

}  // namespace

const Rule& RlsDisabledOnTenantTable() {
  static const RlsDisabledOnTenantTableRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
