// A column that is fetched but read by no field: SELECT * into a struct
// that declares fewer fields, or a table column a table! block does not
// declare. Nothing breaks, so it is information: the query moves data
// nobody uses (a wide jsonb, a secret), or the struct lost a field it was
// meant to carry. Only mappings whose columns are all meant to be read
// count (queries and table! blocks, not a struct that selects a subset of
// a table through diesel).
#include "analysis/rules/contract_rules.h"
#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using contracts::ContractKind;

class ColumnNotReadRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"column-not-read", Severity::kInfo, RuleTarget::kContracts,
                                "A query returns a column that no field of its Rust type reads."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const contracts::Mapping& m : ctx.contracts->mappings()) {
      if (!m.report_unread) continue;
      for (size_t i : m.UnreadColumns()) {
        const contracts::MappedColumn& c = m.columns[i];
        const bool table_block = m.kind == ContractKind::kDieselTable;
        const SourceSpan span = !table_block && c.span.valid() ? c.span : m.span;
        Finding& f = out.Report(
            span,
            table_block ? m.target + " has column " + c.column.name + " that " + m.contract +
                              " does not declare"
                        : "the query returns column " + c.column.name + " that " + m.contract +
                              " does not read",
            table_block
                ? "regenerate schema.rs (diesel print-schema) if the column "
                  "is meant to be used"
                : "select only the columns " + m.contract + " reads, or add a field for it");
        f.evidence.emplace_back(table_block ? "table!" : "struct", m.contract);
        f.evidence.emplace_back("column", c.column.name);
        if (!c.column.type.empty()) f.evidence.emplace_back("sql_type", c.column.type);
        f.evidence.emplace_back("column_origin", c.column.origin);
        for (const auto& [k, v] : m.evidence) f.evidence.emplace_back(k, v);
        if (m.span.valid() && !table_block)
          f.related.push_back({m.span, m.contract + " is declared here"});
      }
    }
  }
};

}  // namespace

const Rule& ColumnNotRead() {
  static const ColumnNotReadRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
