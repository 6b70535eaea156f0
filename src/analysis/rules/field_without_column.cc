// A field whose column is not among the columns its mapping provides.
// sqlx's FromRow fails every row ("no column found for name: ..."); diesel
// fails to insert or load. #[sqlx(default)] (on the field or the struct)
// and #[sqlx(skip)] make a missing column fine. Mappings whose column list
// may be incomplete (a table missing from the schema under `*`, a naming
// convention guess) are not reported. A common cause gets its own hint:
// sqlx's override markers ("id!") are only read by the query macros, so with
// query_as::<_, T>() the column is literally named "id!".
#include "analysis/rules/contract_rules.h"
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::ContractKind;

// A column whose name is `column` plus sqlx override markers.
const contracts::MappedColumn* MarkedColumn(const contracts::Mapping& m,
                                            const std::string& column) {
  for (const contracts::MappedColumn& c : m.columns) {
    const std::string& n = c.column.name;
    if (n.size() > column.size() && n.starts_with(column) &&
        (n[column.size()] == '!' || n[column.size()] == '?' || n[column.size()] == ':')) {
      return &c;
    }
  }
  return nullptr;
}

class FieldWithoutColumnRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "field-without-column", Severity::kError, RuleTarget::kContracts,
        "A Rust field has no column to read from (unless #[sqlx(default)] or #[sqlx(skip)])."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const contracts::Mapping& m : ctx.contracts->mappings()) {
      if (!m.columns_complete || m.kind == ContractKind::kQueryRecord) continue;
      for (const contracts::FieldBinding& b : m.fields) {
        if (b.column_index || b.missing_ok) continue;
        std::string message =
            FieldLabel(m, b) + " reads column " + b.column + ", but " +
            (m.query ? "the query does not return it" : m.target + " has no such column");
        std::string help;
        if (m.kind == ContractKind::kDieselTable) {
          help =
              "remove the column from the table! block or add it to the table (regenerate "
              "schema.rs with diesel print-schema)";
        } else if (const contracts::MappedColumn* marked = MarkedColumn(m, b.column);
                   marked && m.query && !m.query->ReadsOverrides()) {
          help = "the query names it \"" + marked->column.name +
                 "\": sqlx reads override markers only in query!/query_as!, so with "
                 "query_as::<_, T>() alias it plainly (AS " +
                 b.column + ")";
        } else if (m.query) {
          help = "select it (... AS " + b.column +
                 "), rename the field with #[sqlx(rename = "
                 "\"...\")], or mark it #[sqlx(default)] if it may be absent";
        } else {
          help = "rename the field with #[diesel(column_name = ...)], or add the column";
        }
        Finding& f = out.Report(b.span, std::move(message), std::move(help));
        FieldEvidence(f, m, b, nullptr);
      }
    }
  }
};

}  // namespace

const Rule& FieldWithoutColumn() {
  static const FieldWithoutColumnRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
