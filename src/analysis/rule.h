#ifndef RUNWARDEN_ANALYSIS_RULE_H_
#define RUNWARDEN_ANALYSIS_RULE_H_

#include <string>
#include <string_view>
#include <vector>

#include "analysis/finding.h"
#include "analysis/scope/analyzed_statement.h"
#include "analysis/tenancy.h"
#include "config/config.h"
#include "contracts/contracts.h"
#include "runbook/runbook.h"
#include "schema/schema.h"

namespace runwarden::analysis {

/// What a rule looks at; a rule runs only when its target is loaded.
enum class RuleTarget {
  kRunbook,  ///< the runbook alone
  kSchema,   ///< the schema model (from DDL or a live database)
  /// The row-level security of the schema model: not run on engines without
  /// it (SQLite), where isolation rests on statement analysis.
  kRowLevelSecurity,
  kRunbookSchema,  ///< statements of the runbook against the schema
  /// Scope decisions of statements (of runbooks or application SQL) against
  /// the schema.
  kStatementScope,
  kLiveSchema,  ///< a schema read from a live database (session role)
  kContracts,   ///< Rust contracts mapped to the schema (and a binary's layouts)
};

/// The fixed description of a rule, shown in docs, SARIF and `--help`.
struct RuleInfo {
  std::string_view id;  ///< kebab-case, stable forever once released
  Severity default_severity;
  RuleTarget target;
  std::string_view summary;  ///< one line: what the rule catches
};

/// Everything rules may read. Members are null when not loaded.
struct RuleContext {
  const runbook::Runbook* runbook = nullptr;
  const schema::Schema* schema = nullptr;
  /// How each table of `schema` belongs to a tenant (set with `schema`).
  const Tenancy* tenancy = nullptr;
  /// Tenant key names, roots and the context setting in effect.
  const config::TenantConfig* tenant_config = nullptr;
  /// The schema the team believes in (from DDL), when a live schema is
  /// compared with it.
  const schema::Schema* expected_schema = nullptr;
  /// Rust row types mapped to `schema` (contracts/contracts.h).
  const contracts::Contracts* contracts = nullptr;
  /// The tenant-scope decision of every statement checked, when a schema is
  /// loaded (runwarden lint --schema, runwarden check-sql).
  const std::vector<scope::AnalyzedStatement>* statements = nullptr;
};

/// Collects one rule's findings, filling in its id and default severity.
class Reporter {
 public:
  Reporter(const RuleInfo& info, std::vector<Finding>& out) : info_(info), out_(out) {}

  /// Adds a finding at the rule's default severity; returns it so the caller
  /// can attach evidence or related locations.
  Finding& Report(SourceSpan span, std::string message, std::string help);

 private:
  const RuleInfo& info_;
  std::vector<Finding>& out_;
};

/// A check. One rule per file under analysis/rules/, listed in registry.cc.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  virtual void Check(const RuleContext& context, Reporter& reporter) const = 0;
};

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_RULE_H_
