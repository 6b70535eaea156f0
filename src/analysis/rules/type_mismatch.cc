// A Rust type that cannot hold the column's values (text into i64, numeric
// into f64, timestamp with time zone into NaiveDateTime): an error, the
// decode fails. A String for a column that only has a text form (uuid,
// numeric, enums, json, dates) is a warning: it reads only through a ::text
// cast and drops the type's checks. The table is in docs/contracts.md;
// types runwarden does not know (user types with their own Decode) are not
// reported. Integer widths are integer-width-mismatch's.
#include "analysis/rules/contract_rules.h"
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::TypeFit;

class TypeMismatchRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "type-mismatch", Severity::kError, RuleTarget::kContracts,
        "A Rust field's type cannot hold (error) or only loosely holds (warning) its column's "
        "SQL type."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const contracts::TypeEnvironment env = ctx.contracts->type_environment();
    ForEachBoundField(ctx, [&](const contracts::Mapping& m, const contracts::FieldBinding& b,
                               const contracts::MappedColumn& c) {
      if (c.column.type.empty()) return;
      const contracts::TypeVerdict v = contracts::CheckType(b.value_type, c.column.type, env);
      if (v.fit != TypeFit::kMismatch && v.fit != TypeFit::kMismatchWarning) return;
      std::string message = FieldLabel(m, b) + " is " + b.value_type.ToString();
      if (!b.value_type_source.empty() && b.value_type_source != "field type") {
        message += " (" + b.value_type_source + ")";
      }
      message += ", but " + ColumnLabel(c) + " is " + c.column.type + ": " + v.reason;
      std::string help = v.suggestion.empty() ? "use a Rust type that decodes " + c.column.type
                                              : "use " + v.suggestion;
      if (v.fit == TypeFit::kMismatchWarning && v.reason.find("::text") != std::string::npos) {
        help += ", or cast the column to text in the query (" + c.column.name + "::text)";
      }
      Finding& f = out.Report(b.span, std::move(message), std::move(help));
      f.severity = v.fit == TypeFit::kMismatch ? Severity::kError : Severity::kWarning;
      FieldEvidence(f, m, b, &c);
    });
  }
};

}  // namespace

const Rule& TypeMismatch() {
  static const TypeMismatchRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
