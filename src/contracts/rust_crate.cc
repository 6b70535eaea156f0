#include "contracts/rust_crate.h"

#include <algorithm>

namespace runwarden::contracts {

std::string_view DialectName(Dialect dialect) {
  switch (dialect) {
    case Dialect::kPostgres:
      return "PostgreSQL";
    case Dialect::kSqlite:
      return "SQLite";
  }
  return "?";
}

std::string_view DeriveName(Derive derive) {
  switch (derive) {
    case Derive::kSqlxFromRow:
      return "FromRow";
    case Derive::kSqlxType:
      return "sqlx::Type";
    case Derive::kDieselQueryable:
      return "Queryable";
    case Derive::kDieselQueryableByName:
      return "QueryableByName";
    case Derive::kDieselSelectable:
      return "Selectable";
    case Derive::kDieselInsertable:
      return "Insertable";
    case Derive::kDieselAsChangeset:
      return "AsChangeset";
  }
  return "?";
}

std::string_view QueryCallKindName(QueryCallKind kind) {
  switch (kind) {
    case QueryCallKind::kQueryAsMacro:
      return "query_as!";
    case QueryCallKind::kQueryAsUncheckedMacro:
      return "query_as_unchecked!";
    case QueryCallKind::kQueryMacro:
      return "query!";
    case QueryCallKind::kQueryAsFunction:
      return "query_as::<_, T>()";
  }
  return "?";
}

bool RustStruct::Has(Derive d) const {
  return std::find(derives.begin(), derives.end(), d) != derives.end();
}

bool RustStruct::IsRowContract() const {
  return Has(Derive::kSqlxFromRow) || Has(Derive::kDieselQueryable) ||
         Has(Derive::kDieselQueryableByName) || Has(Derive::kDieselSelectable) ||
         Has(Derive::kDieselInsertable) || Has(Derive::kDieselAsChangeset);
}

bool RustStruct::IsWriteOnly() const {
  return (Has(Derive::kDieselInsertable) || Has(Derive::kDieselAsChangeset)) &&
         !Has(Derive::kSqlxFromRow) && !Has(Derive::kDieselQueryable) &&
         !Has(Derive::kDieselQueryableByName) && !Has(Derive::kDieselSelectable);
}

std::string RustStruct::QualifiedName() const {
  return module.empty() ? name : module + "::" + name;
}

std::vector<const RustStruct*> RustCrate::FindStructs(std::string_view name) const {
  std::vector<const RustStruct*> out;
  for (const RustStruct& s : structs) {
    if (s.name == name) out.push_back(&s);
  }
  return out;
}

}  // namespace runwarden::contracts
