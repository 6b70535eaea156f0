#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class TenantTableWithoutPolicyRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "tenant-table-without-policy", Severity::kWarning, RuleTarget::kRowLevelSecurity,
        "Row-level security is on but the table has no policy, so no tenant "
        "can see its rows."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      if (!t.rls_enabled || !t.policies.empty()) return;
      Finding& f = out.Report(
          TableSpan(ctx, t),
          "row-level security is on for " + t.name.ToString() +
              " but it has no policy: every row is "
              "hidden from every role that does not bypass it",
          "when such a table works in production, the application runs as the owner or a BYPASSRLS "
          "role and nothing isolates tenants; add a tenant policy:\n"
          "  CREATE POLICY tenant_guard ON " +
              t.name.ToString() + " AS RESTRICTIVE USING (" +
              (tt.key_column.empty() ? "tenant_id" : tt.key_column) +
              " = NULLIF(current_setting('" + TenantSetting(ctx) + "', true), '')::uuid);");
      TableEvidence(f, t, tt);
    });
  }
};

}  // namespace

const Rule& TenantTableWithoutPolicy() {
  static const TenantTableWithoutPolicyRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
