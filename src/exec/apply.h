#ifndef RUNWARDEN_EXEC_APPLY_H_
#define RUNWARDEN_EXEC_APPLY_H_

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "db/connection.h"
#include "exec/journal.h"
#include "exec/operator.h"
#include "plan/plan.h"

namespace runwarden::exec {

/// One phase of the decision that led to the run (plan::DecisionPhases),
/// recorded after run-start with what it found (docs/audit-log-format.md).
struct PhaseRecord {
  std::string name, action, status, detail;
  nlohmann::ordered_json findings = nlohmann::ordered_json::object();
};

/// What a run needs besides the plan.
struct ApplyOptions {
  /// The approved plan's hash (recorded; the caller checked it).
  std::string plan_hash;
  /// Every parameter's value by name, secrets included: the plan holds only
  /// their hashes. Secret values never reach the journal or the operator.
  std::map<std::string, std::string> values;
  /// The run's tenant ("" without a tenant parameter) and the setting the
  /// target's policies read it from.
  std::string tenant;
  std::string tenant_setting = "app.current_tenant_id";
  /// Tenant key column names of the schema ("tenant_id", "org_id"): a
  /// returned row of a tenant step whose such column holds another tenant
  /// halts the run and rolls its transaction back.
  std::set<std::string> tenant_columns;
  /// --yes: steps marked confirm, and every step of a SEV-1 runbook, run
  /// without asking (recorded as such).
  bool yes = false;
  /// --confirm STEP: manual steps confirmed in advance (for runs without a
  /// terminal).
  std::set<std::string> confirmed;
  /// Limits for steps that set none (timeout=, lock_timeout=).
  std::chrono::milliseconds statement_timeout{std::chrono::minutes(5)};
  std::chrono::milliseconds lock_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds shell_timeout{std::chrono::minutes(10)};
  size_t shell_output_limit = 64 * 1024;
  /// Who and where, for the run-start record.
  std::string host;
  std::string target;  ///< the target as printed, never with a password
  /// Set (from a signal handler) to stop: the open transaction is rolled
  /// back and the run ends "interrupted".
  const std::atomic<bool>* interrupted = nullptr;
  /// Steps already committed by an earlier, interrupted run of the same
  /// plan (resume): they are skipped, never run twice.
  std::set<std::string> already_done;
  /// Checks the caller made just before the run (the plan still matches,
  /// the run lock): recorded as gates after the plan's own.
  std::vector<plan::Gate> checks;
  /// The phases of the decision, recorded before the gates.
  std::vector<PhaseRecord> phases;
  /// A replay in a sandbox database (runwarden replay): shell steps are
  /// recorded as skipped and never run (they reach real systems), and the
  /// questions of manual and confirm steps are answered yes "via replay".
  /// Never set for a run on a real target.
  bool replay = false;
};

/// How a run ended.
struct RunOutcome {
  /// "completed", "execution_blocked_for_safety" (the plan halted: its
  /// phases, gates and remediation are recorded and nothing runs),
  /// "failed_rolled_back" (a step failed; its transaction was
  /// rolled back and compensations ran), "declined" (the operator said no,
  /// or could not be asked), "interrupted", "in_doubt" (the connection was
  /// lost during COMMIT: resume asks the database).
  std::string final_status;
  std::string failed_step;  ///< the step that failed or was declined
  std::string message;      ///< why, free of secret values
  std::vector<std::string> steps_done;
};

/// Runs `plan` on `connection` exactly as planned: unit by unit, each
/// transactional unit in one transaction whose first statement sets the
/// tenant context transaction-locally (set_config(setting, $1, true)), a
/// savepoint per step in multi-step units, each step's statement and lock
/// timeouts, every value bound, the step's expect= checked on its last
/// statement, and returned rows of tenant steps checked to belong to the
/// tenant. A failure rolls the whole unit back, then runs the declared
/// compensations of the steps already done, newest first. Questions
/// (manual steps, confirm, SEV-1) are asked before the unit's transaction
/// opens. Every decision goes to `journal`: the commit is recorded durably
/// as intended before COMMIT and as done after.
/// A halted plan is recorded and never run.
/// Returns an error only when the journal cannot be written (the run stops
/// at once, its transaction rolled back: nothing runs unrecorded).
Result<RunOutcome> Apply(const plan::Plan& plan, db::Connection& connection,
                         const ApplyOptions& options, Journal& journal, Operator& op);

}  // namespace runwarden::exec

#endif  // RUNWARDEN_EXEC_APPLY_H_
