#ifndef RUNWARDEN_ANALYSIS_RULES_CONTRACT_RULES_H_
#define RUNWARDEN_ANALYSIS_RULES_CONTRACT_RULES_H_

// Helpers shared by the rules that check Rust contracts against columns.

#include <string>

#include "analysis/rule.h"

namespace runwarden::analysis::rules {

/// Calls `f(mapping, binding, column)` for every field of every mapping
/// that reads or writes an existing column.
template <typename F>
void ForEachBoundField(const RuleContext& ctx, F&& f) {
  for (const contracts::Mapping& m : ctx.contracts->mappings()) {
    for (const contracts::FieldBinding& b : m.fields) {
      if (b.column_index) f(m, b, m.columns[*b.column_index]);
    }
  }
}

/// How findings name a field: "BillingUpdate.amount_cents", "table!
/// invoices column kind", "query! column n".
std::string FieldLabel(const contracts::Mapping& m, const contracts::FieldBinding& b);

/// How findings name a column: "public.invoices.total_cents" when it is a
/// table's column unchanged, else "column <name>".
std::string ColumnLabel(const contracts::MappedColumn& c);

/// The Rust type as the message shows it: "Option<i64>", or for a
/// table! column its diesel type ("Nullable<Int8>").
std::string ShownRustType(const contracts::FieldBinding& b);

/// The SQL type as the message shows it, with NOT NULL when known:
/// "bigint NOT NULL".
std::string ShownSqlType(const contracts::MappedColumn& c);

/// Adds the evidence every field finding carries: struct, field, column,
/// both types, where the column's nullability comes from, the mapping and
/// its confidence. Also points a related location at the column.
void FieldEvidence(Finding& f, const contracts::Mapping& m, const contracts::FieldBinding& b,
                   const contracts::MappedColumn* c);

}  // namespace runwarden::analysis::rules

#endif  // RUNWARDEN_ANALYSIS_RULES_CONTRACT_RULES_H_
