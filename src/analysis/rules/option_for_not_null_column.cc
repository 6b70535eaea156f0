// The other direction of the brief's example: the Rust type says a value
// may be missing (Option<i64>) where the column is NOT NULL. It decodes, so
// nothing fails, but the type lies about the data: callers handle a None
// that cannot happen, or worse, treat it as "not set" and write defaults.
// Only rows read into Rust count; for diesel Insertable an Option means
// "use the column's DEFAULT" and is fine.
#include "analysis/rules/contract_rules.h"
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::ContractKind;
using contracts::Direction;
using contracts::Nullability;

class OptionForNotNullColumnRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"option-for-not-null-column", Severity::kWarning,
                                RuleTarget::kContracts,
                                "A Rust field is an Option, but the column it reads is NOT NULL."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachBoundField(ctx, [&](const contracts::Mapping& m, const contracts::FieldBinding& b,
                               const contracts::MappedColumn& c) {
      // query! records have no declared Option: sqlx derives it.
      if (m.kind == ContractKind::kQueryRecord || m.direction != Direction::kRead || !b.optional ||
          c.column.nullability != Nullability::kNotNull) {
        return;
      }
      const std::string inner = b.value_type.ToString();
      Finding& f = out.Report(
          b.span,
          "Rust expects " + ShownRustType(b) + " for " + FieldLabel(m, b) + ", but " +
              ColumnLabel(c) + " is NOT NULL (" + c.column.why + ")",
          m.kind == ContractKind::kDieselTable
              ? "drop Nullable<> from the table! column (diesel print-schema writes what the "
                "database says)"
              : "use " + inner +
                    ": the column always has a value, and an Option invites code that treats "
                    "None as 'not set'");
      FieldEvidence(f, m, b, &c);
    });
  }
};

}  // namespace

const Rule& OptionForNotNullColumn() {
  static const OptionForNotNullColumnRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
