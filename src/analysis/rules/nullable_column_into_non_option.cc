// A column that can be NULL read into a field that cannot hold NULL. sqlx
// fails the decode ("unexpected null; try decoding as an `Option`") and
// diesel panics or errors ("Unexpected null for non-null column") on the
// first NULL row: under load, in production, never in a test with tidy data.
// Nullability comes from the schema (NOT NULL), from outer joins (the outer
// side of LEFT/RIGHT/FULL JOIN), from expressions (count() never NULL,
// aggregates and scalar subqueries can be) and from sqlx's "x!"/"x?"
// overrides; unknown nullability is not reported.
#include "analysis/rules/contract_rules.h"
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::ContractKind;
using contracts::Direction;
using contracts::Nullability;

class NullableColumnIntoNonOptionRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "nullable-column-into-non-option", Severity::kError, RuleTarget::kContracts,
        "A column that can be NULL is read into a Rust field that is not an Option."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    ForEachBoundField(ctx, [&](const contracts::Mapping& m, const contracts::FieldBinding& b,
                               const contracts::MappedColumn& c) {
      if (m.kind == ContractKind::kQueryRecord || m.direction != Direction::kRead || b.optional ||
          c.column.nullability != Nullability::kNullable) {
        return;
      }
      std::string help;
      if (m.kind == ContractKind::kDieselTable) {
        help = "declare it Nullable<" + b.rust_type_text +
               "> in the table! block (diesel print-schema does), or make the column NOT NULL";
      } else {
        help = "declare it Option<" + b.rust_type_text + ">, or make sure the value is never NULL ";
        help += c.column.is_table_column ? "(a NOT NULL constraint on " + c.column.origin + ")"
                                         : "(COALESCE in the query, or an inner join)";
        help += "; the first NULL fails the whole row at run time";
      }
      Finding& f = out.Report(b.span,
                              FieldLabel(m, b) + " is " + ShownRustType(b) + ", but " +
                                  ColumnLabel(c) + " can be NULL (" + c.column.why + ")",
                              std::move(help));
      FieldEvidence(f, m, b, &c);
    });
  }
};

}  // namespace

const Rule& NullableColumnIntoNonOption() {
  static const NullableColumnIntoNonOptionRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
