#ifndef RUNWARDEN_ANALYSIS_SCOPE_TENANT_VALUE_H_
#define RUNWARDEN_ANALYSIS_SCOPE_TENANT_VALUE_H_

#include <string>

#include "analysis/scope/statement_scope.h"
#include "sql/tree.h"

namespace runwarden::analysis::scope {

/// What an expression is, seen from the tenant's side.
enum class ValueKind {
  kOther,       ///< a column, a function, anything else
  kTenant,      ///< the run's tenant: its bind parameter or the context setting
  kLiteral,     ///< a constant written in the SQL
  kOtherParam,  ///< a bind parameter that does not carry the run's tenant
};

struct ValueClass {
  ValueKind kind = ValueKind::kOther;
  std::string text;  ///< the literal, or "$2", for messages
};

/// Classifies `expr`, looking through casts, NULLIF(x, '') and string
/// concatenations with empty pieces (how a placeholder inside quotes is bound).
ValueClass ClassifyValue(sql::Node expr, const TenantValue& tenant);

/// Strips type casts: `x::uuid` is `x`.
sql::Node StripCasts(sql::Node expr);

}  // namespace runwarden::analysis::scope

#endif  // RUNWARDEN_ANALYSIS_SCOPE_TENANT_VALUE_H_
