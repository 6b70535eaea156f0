#ifndef RUNWARDEN_ANALYSIS_POLICY_FACTS_H_
#define RUNWARDEN_ANALYSIS_POLICY_FACTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "schema/schema.h"
#include "sql/tree.h"

namespace runwarden::analysis {

/// What a policy expression says about the tenant, decided on its parse tree.
/// "The tenant value" is the tenant setting read with current_setting()
/// (bare, cast, or inside NULLIF/COALESCE), or a function without arguments
/// whose name mentions the tenant (app.current_tenant()).
struct PolicyFacts {
  bool always_true = false;  ///< true, 1 = 1, 'a' = 'a', x OR true, ...
  /// Every row that passes has key_column = the tenant value: the
  /// comparison is a conjunct of the whole expression.
  bool guards_key = false;
  bool reads_tenant = false;  ///< the tenant value appears somewhere
  /// Columns other than the key compared with the tenant value by =.
  std::vector<std::string> other_columns;
  /// A column compared with the tenant value by <>, !=, IS DISTINCT FROM or
  /// NOT (... = ...).
  bool inequality = false;
  /// A branch of an OR is true when no tenant is set (the setting IS NULL,
  /// = '', NULLIF(...) IS NULL, COALESCE(..., '') = '').
  bool fails_open = false;
  /// current_setting(setting) cast to a non-text type without NULLIF: raises
  /// an error once a transaction-local setting reads ''.
  bool unguarded_cast = false;
};

PolicyFacts AnalyzePolicyExpression(sql::Node expr, std::string_view key_column,
                                    std::string_view setting);

/// The effective expressions of a policy for a command: USING for reading
/// existing rows, the check for new rows (WITH CHECK, or USING when a
/// policy for ALL or UPDATE has no WITH CHECK, or "anything" for a policy
/// without either).
bool AppliesTo(const schema::Policy& policy, schema::PolicyCommand command);
const schema::Expression* CheckExpression(const schema::Policy& policy);

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_POLICY_FACTS_H_
