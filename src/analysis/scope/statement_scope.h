#ifndef RUNWARDEN_ANALYSIS_SCOPE_STATEMENT_SCOPE_H_
#define RUNWARDEN_ANALYSIS_SCOPE_STATEMENT_SCOPE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/tenancy.h"
#include "schema/schema.h"
#include "sql/tree.h"

namespace runwarden::analysis::scope {

/// What a statement does with tenant data, as a whole.
enum class Verdict {
  kScoped,         ///< every tenant row it touches is pinned to the run's tenant
  kUnscoped,       ///< some tenant row is not pinned: a possible cross-tenant leak
  kReliesOnRls,    ///< not pinned in the SQL, but forced row-level security pins it
  kAdmin,          ///< reads catalogs or works across tenants on purpose (scope=admin)
  kNotApplicable,  ///< touches no tenant data (session settings, global tables)
};
std::string_view VerdictName(Verdict verdict);  ///< "scoped", "relies-on-rls", ...

/// Which value in a statement's text is "the run's tenant".
struct TenantValue {
  /// Bind parameter numbers ($n) that carry the run's tenant.
  std::vector<int> params;
  /// Every bind parameter counts as the tenant (application SQL, whose
  /// parameters runwarden cannot name).
  bool any_param = false;
  /// The transaction setting that carries the tenant (current_setting(...)).
  std::string setting = "app.current_tenant_id";
  /// How a suggested predicate writes the tenant: "<TENANT_ID>", or
  /// "current_setting('app.current_tenant_id')" for application SQL.
  std::string display = "<TENANT_ID>";
  /// Names of the bind parameters for messages: param_names[0] is $1.
  std::vector<std::string> param_names;
};

/// The step scope a statement runs in (runbook steps declare it; application
/// SQL is always tenant scope).
enum class StepScope { kTenant, kAdmin, kGlobal };

/// Everything the analyzer reads besides the statement. Not owned.
struct ScopeContext {
  const schema::Schema* schema = nullptr;
  const Tenancy* tenancy = nullptr;
  TenantValue tenant;
  StepScope step_scope = StepScope::kTenant;
  /// The statement runs under a role that cannot bypass row-level security,
  /// with the tenant context set in its transaction.
  bool rls_applies = false;
};

/// What kind of relation an occurrence names.
enum class RelationClass {
  kTenantTable,  ///< rows belong to tenants (root, direct or indirect)
  kOtherTable,   ///< a global or unscoped table of the schema
  kCatalog,      ///< a system catalog or statistics view (pg_stat_activity, ...)
  kUnknown,      ///< not in the schema
};

/// How an occurrence's rows are used.
enum class Access { kRead, kInsert, kUpdate, kDelete, kMerge, kCopyOut, kCopyIn, kTruncate };
std::string_view AccessName(Access access);

/// How an occurrence of a tenant table is tied to the tenant.
enum class Pin {
  kNone,     ///< not at all
  kTenant,   ///< to the run's tenant, by the SQL
  kLiteral,  ///< to a value written in the SQL or another parameter
  kRls,      ///< by forced row-level security only
};

/// One relation named by a statement (also inside views, CTEs, subqueries).
struct Occurrence {
  std::string relation;  ///< as written: "sessions", "public.sessions"
  std::string alias;     ///< as written; empty when none
  std::string via_view;  ///< the view it was read through, when expanded from one
  int64_t location = 0;  ///< parse-tree location of the name in the statement
  RelationClass relation_class = RelationClass::kUnknown;
  const schema::Table* table = nullptr;   ///< set for schema tables
  const TableTenancy* tenancy = nullptr;  ///< set for schema tables
  Access access = Access::kRead;
  Pin pin = Pin::kNone;
  /// The column the run's tenant was compared with, when it is not the
  /// tenant key (author_id = <TENANT_ID>).
  std::string tenant_on_column;
  /// Where an OR lets rows of other tenants through (a branch that pins and
  /// a branch that does not), when that is why it is not pinned.
  std::optional<int64_t> weakened_at;
  /// Where a literal (or another parameter) stands for the tenant.
  std::optional<int64_t> literal_at;
  std::string literal_text;  ///< the literal, or "$2 (CUSTOMER)"
  /// Another relation of the same query is pinned: the join lacks the
  /// predicate that would carry the pin over.
  bool sibling_pinned = false;
  /// Rows read here are copied by INSERT ... SELECT.
  bool feeds_insert = false;
  /// For writes: the tenant filter is on another relation of the statement.
  bool filter_elsewhere = false;
  /// For writes: what is wrong beyond a missing filter (ON CONFLICT, SET key).
  std::string write_note;
  /// Read through a view that runs with its owner's rights, where the
  /// caller's row-level security does not apply.
  bool through_definer_view = false;
  /// The name to qualify columns with in a suggested predicate.
  std::string qualifier() const { return alias.empty() ? relation : alias; }
};

/// The one rule an occurrence that leaks is reported by.
enum class ProblemKind {
  kNone,
  kUnknownRelation,
  kAdminStatementInTenantStep,
  kTenantValueNotBound,
  kOrWeakensTenantFilter,
  kTenantFilterOnWrongColumn,
  kUnscopedUpdate,
  kUnscopedDelete,
  kInsertSelectCrossesTenants,
  kJoinWithoutTenantPredicate,
  kMissingTenantFilter,
};

/// The id of the rule that reports `kind` ("" for kNone).
std::string_view ProblemRuleId(ProblemKind kind);

/// Which rule reports `occurrence` in a step of `step_scope` (kNone when it
/// does not leak).
ProblemKind ProblemOf(const Occurrence& occurrence, StepScope step_scope);

/// The scope decision for one statement.
struct StatementScope {
  Verdict verdict = Verdict::kNotApplicable;
  std::vector<Occurrence> occurrences;
  /// The predicate that pins occurrence `i` (empty when none is needed or
  /// none can be written).
  std::vector<std::string> fixes;
  /// Statement kind for reports: "SELECT", "UPDATE", "TRUNCATE", ...
  std::string kind;
};

/// Decides the tenant scope of one parsed statement (a wrapped node such as
/// {"SelectStmt": {...}}). Never fails: unknown shapes are not pinned.
StatementScope AnalyzeStatement(sql::Node statement, const ScopeContext& context);

/// True when some occurrence of `scope` is reported by a rule in a step of
/// `step_scope`: the statement fails the check.
bool HasProblem(const StatementScope& scope, StepScope step_scope);

std::string_view PinName(Pin pin);                           ///< "tenant", "rls", ...
std::string_view RelationClassName(RelationClass relation);  ///< "tenant table", ...

}  // namespace runwarden::analysis::scope

#endif  // RUNWARDEN_ANALYSIS_SCOPE_STATEMENT_SCOPE_H_
