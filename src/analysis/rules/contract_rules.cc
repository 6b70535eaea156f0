#include "analysis/rules/contract_rules.h"

namespace runwarden::analysis::rules {

using contracts::ContractKind;

std::string FieldLabel(const contracts::Mapping& m, const contracts::FieldBinding& b) {
  switch (m.kind) {
    case ContractKind::kStruct:
      return m.contract + "." + b.path;
    case ContractKind::kDieselTable:
      return m.contract + " column " + b.path;
    case ContractKind::kQueryRecord:
      return "query! column " + b.path;
  }
  return b.path;
}

std::string ColumnLabel(const contracts::MappedColumn& c) {
  return c.column.is_table_column ? c.column.origin : "column " + c.column.name;
}

std::string ShownRustType(const contracts::FieldBinding& b) { return b.rust_type_text; }

std::string ShownSqlType(const contracts::MappedColumn& c) {
  std::string out = c.column.type.empty() ? "unknown type" : c.column.type;
  if (c.column.nullability == contracts::Nullability::kNotNull) out += " NOT NULL";
  if (c.column.nullability == contracts::Nullability::kNullable) out += " NULL";
  return out;
}

void FieldEvidence(Finding& f, const contracts::Mapping& m, const contracts::FieldBinding& b,
                   const contracts::MappedColumn* c) {
  f.evidence.emplace_back(m.kind == ContractKind::kDieselTable ? "table!" : "struct", m.contract);
  f.evidence.emplace_back("field", b.path);
  f.evidence.emplace_back("column", b.column);
  f.evidence.emplace_back("rust_type", ShownRustType(b));
  if (b.value_type_source != "field type" && !b.value_type_source.empty()) {
    f.evidence.emplace_back("decoded_as",
                            b.value_type.ToString() + " (" + b.value_type_source + ")");
  }
  if (c) {
    f.evidence.emplace_back("sql_type", ShownSqlType(*c));
    f.evidence.emplace_back("column_origin", c->column.origin);
    if (!c->column.why.empty()) f.evidence.emplace_back("nullability", c->column.why);
    if (c->span.valid()) f.related.push_back({c->span, "the column " + c->column.name});
  }
  for (const auto& [k, v] : m.evidence) f.evidence.emplace_back(k, v);
}

}  // namespace runwarden::analysis::rules
