#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class TenantKeyNullableRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"tenant-key-nullable", Severity::kWarning, RuleTarget::kSchema,
                                "A table's tenant key, or the foreign key that scopes it, may be "
                                "NULL, so rows can belong to no tenant."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachTenantTable(ctx, [&](const schema::Table& t, const TableTenancy& tt) {
      if (!tt.weak) return;
      std::string message, fix;
      if (tt.kind == TenancyKind::kDirect) {
        message = "tenant key " + tt.key_column + " of " + t.name.ToString() + " is nullable";
        fix = "  ALTER TABLE " + t.name.ToString() + " ALTER COLUMN " + tt.key_column +
              " SET NOT NULL;";
      } else {
        std::string hop;
        for (const FkHop& h : tt.path) {
          if (!h.nullable) continue;
          for (const auto& c : h.columns) hop += (hop.empty() ? "" : ", ") + h.from.name + "." + c;
        }
        message = t.name.ToString() + " is scoped to a tenant only through nullable " + hop;
        fix = "make the foreign key column NOT NULL, or give the table its own tenant key";
      }
      Finding& f = out.Report(TableSpan(ctx, t), message,
                              "a row with NULL there belongs to no tenant: tenant filters never "
                              "match it and a policy with `IS NULL OR` shows it to everyone;\n" +
                                  fix);
      TableEvidence(f, t, tt);
    });
  }
};

}  // namespace

const Rule& TenantKeyNullable() {
  static const TenantKeyNullableRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
