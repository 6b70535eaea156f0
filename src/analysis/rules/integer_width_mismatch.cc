// Integers of different widths. Reading a wider column into a narrower
// integer (i32 from bigint, including sqlx's "x!: i32" overrides) overflows
// as soon as a value passes 2^31: an error. A wider Rust integer than the
// column (i64 from integer) holds every value but sqlx and diesel decode
// only the exact width, so it fails to decode or needs a cast: a warning.
// For rows written (diesel Insertable) the danger is reversed: a Rust value
// wider than the column fails to insert once it is large.
#include "analysis/rules/contract_rules.h"
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::Direction;
using contracts::TypeFit;

class IntegerWidthMismatchRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "integer-width-mismatch", Severity::kError, RuleTarget::kContracts,
        "A Rust integer is narrower (error) or wider (warning) than the column it maps to."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const contracts::TypeEnvironment env = ctx.contracts->type_environment();
    ForEachBoundField(ctx, [&](const contracts::Mapping& m, const contracts::FieldBinding& b,
                               const contracts::MappedColumn& c) {
      if (c.column.type.empty()) return;
      const contracts::TypeVerdict v = contracts::CheckType(b.value_type, c.column.type, env);
      if (v.fit != TypeFit::kIntegerNarrowing && v.fit != TypeFit::kIntegerWidening) return;
      const bool write = m.direction == Direction::kWrite;
      // Reading narrows when Rust is smaller; writing overflows when Rust is larger.
      const bool dangerous = (v.fit == TypeFit::kIntegerNarrowing) != write;
      const std::string decoded = b.value_type.ToString();
      std::string message = FieldLabel(m, b) + " is " + decoded;
      if (b.value_type_source.starts_with("override")) message += " (" + b.value_type_source + ")";
      message += ", but " + ColumnLabel(c) + " is " + c.column.type;
      std::string help;
      if (write) {
        help = dangerous ? "values that do not fit " + c.column.type + " fail to insert; use " +
                               v.suggestion + " or widen the column"
                         : "use " + v.suggestion + " to match the column";
      } else {
        help = dangerous ? "values above the range of " + decoded + " overflow; use " +
                               v.suggestion + " (or cast in SQL only if the values are bounded)"
                         : "use " + v.suggestion + ": " + v.reason;
      }
      Finding& f = out.Report(b.span, std::move(message), std::move(help));
      f.severity = dangerous ? Severity::kError : Severity::kWarning;
      FieldEvidence(f, m, b, &c);
    });
  }
};

}  // namespace

const Rule& IntegerWidthMismatch() {
  static const IntegerWidthMismatchRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
