#ifndef RUNWARDEN_PLAN_PLAN_H_
#define RUNWARDEN_PLAN_PLAN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/finding.h"
#include "base/source_span.h"
#include "plan/statement_effects.h"

namespace runwarden::plan {

/// The version of the plan file format (docs/plan-format.md).
inline constexpr char kPlanFormat[] = "runwarden-plan/1";

/// A parameter value as the plan records it. Secret values are never stored:
/// only their SHA-256, which `apply` checks the value given again against.
struct PlannedParameter {
  std::string name;
  std::string type;                  ///< "uuid", "text", ...
  std::optional<std::string> value;  ///< unset for secrets and missing values
  std::string secret_sha256;         ///< set for secrets
  bool secret = false;
  bool from_default = false;
};

/// One bind parameter of a statement: $n takes the value of `parameter`.
struct PlannedBind {
  std::string parameter;
  bool like_pattern = false;  ///< % and _ in the value are escaped
};

/// One column a statement returns, as the target described it.
struct PlannedColumn {
  std::string name;
  std::string type;  ///< the server's type name; "" when the target does not say (SQLite)
};

/// What pre-validation against the target found for one statement. Other
/// tenants are counted, never named.
struct StatementValidation {
  std::string outcome;                    ///< "validated", "failed", "not-validated"
  std::string detail;                     ///< the server's error, or why it was not validated
  std::optional<int64_t> estimated_rows;  ///< EXPLAIN's estimate for the top plan node
  /// Writes whose rows were counted (UPDATE, DELETE).
  bool counted = false;
  int64_t rows_of_tenant = 0;         ///< rows of the run's tenant
  int64_t rows_of_other_tenants = 0;  ///< rows of any other tenant
  int64_t other_tenants = 0;          ///< how many other tenants
  int64_t rows_without_tenant = 0;    ///< rows whose tenant key is NULL, or of tables without one
  /// The type the target infers for each bind ($1 first); "" where it does
  /// not infer one (SQLite).
  std::vector<std::string> parameter_types;
  std::vector<PlannedColumn> columns;  ///< the result columns, in order
};

/// One statement exactly as it will be sent: the text never holds a value.
struct PlannedStatement {
  std::string sql;  ///< with $1..$n
  std::vector<PlannedBind> binds;
  StatementEffects effects;
  std::optional<StatementValidation> validation;  ///< set by the dry run
  SourceSpan span;
};

/// One step as it will run.
struct PlannedStep {
  size_t index = 0;  ///< in Runbook::steps
  std::string id;
  std::string kind;     ///< "sql", "shell", "manual"
  std::string section;  ///< "Containment > Sessions"
  std::string scope;    ///< "tenant", "admin", "global"
  std::vector<std::string> needs;
  std::optional<int64_t> timeout_ms;
  std::optional<int64_t> lock_timeout_ms;
  std::string expect;  ///< normalised expect= condition, "" for none
  bool confirm = false;
  std::string rollback;  ///< the compensating step's id, "" for none
  bool irreversible = false;
  std::vector<PlannedStatement> statements;  ///< SQL steps
  /// Shell steps: the argv that runs and the environment variables (names
  /// only) that carry the parameters.
  std::vector<std::string> argv;
  std::vector<std::string> env;
  std::string text;  ///< manual steps: what the operator is asked to do
  SourceSpan span;
};

/// Steps that run together (see step_order.h).
struct PlannedUnit {
  std::string atomic_group;
  bool transactional = true;
  std::vector<PlannedStep> steps;
};

/// What a failure at one step leaves behind.
struct FailureOutcome {
  std::string step;                        ///< the step that fails
  std::vector<std::string> rolled_back;    ///< steps its transaction undoes
  std::vector<std::string> compensations;  ///< steps run to undo earlier ones, in order
  std::vector<std::string> remains;        ///< what nothing takes back, in words
  /// Earlier steps that changed something and stay done: committed without
  /// a rollback= (or marked irreversible), or shell steps.
  int64_t earlier_steps_kept = 0;
};

/// An effect ordered before a step that can still fail or validate.
struct OrderingHazard {
  std::string message;
  SourceSpan effect_span;  ///< the statement or step with the effect
  SourceSpan later_span;   ///< the statement or step that runs after it
  std::string proposal;    ///< the safe order, in words
  /// Tenant rows of the run leave the database before the check that
  /// proves their isolation passed: the order gate halts on it.
  bool tenant_data_before_check = false;
};

/// The rule name an operator gives to --allow to accept a hazard that
/// hands tenant data out before its check.
inline constexpr char kTenantDataBeforeCheck[] = "tenant-data-before-check";

/// One check the plan must pass before anything runs.
struct Gate {
  std::string name;    ///< "parameters", "findings", "order", "transactions", "dry-run"
  std::string status;  ///< "passed", "halted", "overridden", "not-run"
  std::string detail;
};

/// A finding accepted for this plan with --allow RULE --reason.
struct Override {
  std::string rule;
  std::string reason;
};

/// What a remediation asks for, pointing at the place to change.
struct Remediation {
  std::string change;
  SourceSpan span;  ///< may be empty (a command-line change)
};

/// Who the plan is for. Never holds a password.
struct TargetIdentity {
  std::string backend;  ///< "postgres", "sqlite", "" for none
  std::string host;
  std::string port;
  std::string database;
  std::string user;
  std::string path;
  std::string server_version;
};

/// Everything `apply` will execute and everything an approver reads: a
/// deterministic function of its inputs, identified by its hash.
struct Plan {
  std::string tool_version;
  std::string runbook_path;
  std::string runbook_digest;
  std::string runbook_id;
  std::string runbook_title;
  std::string severity;
  std::string tenant_parameter;  ///< "" when the runbook has none
  std::vector<PlannedParameter> parameters;
  TargetIdentity target;
  std::string schema_fingerprint;  ///< "" when no schema was loaded
  std::string schema_origin;
  bool contracts_checked = false;  ///< the service's Rust row types were checked
  std::vector<PlannedUnit> units;
  /// Steps that run only to undo another (targets of rollback=).
  std::vector<PlannedStep> compensations;
  std::vector<FailureOutcome> rollback_plan;
  std::vector<OrderingHazard> hazards;
  std::vector<analysis::Finding> findings;
  std::vector<Override> overrides;
  std::vector<Gate> gates;
  std::string dry_run_status = "not-run";  ///< "not-run", "passed", "halted"
  std::string dry_run_detail;
  std::vector<Remediation> remediation;

  /// The parameter called `name` (without case, as runbooks name them).
  const PlannedParameter* Parameter(std::string_view name) const;

  /// "ready" when every gate passed, else "execution_blocked_for_safety".
  std::string FinalStatus() const;
  bool Halted() const;
};

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_PLAN_H_
