#ifndef RUNWARDEN_PLAN_DECISION_PHASES_H_
#define RUNWARDEN_PLAN_DECISION_PHASES_H_

#include <string>
#include <vector>

#include "analysis/finding.h"
#include "plan/plan.h"

namespace runwarden::plan {

/// One phase of the decision a plan records: the runbook read and linted,
/// the schema analysed, the service's Rust contracts checked, every
/// statement's tenant scope checked, the dry run against the target, the
/// steps ordered into transactions. The plan report prints them and a run
/// records them in its audit log.
struct DecisionPhase {
  std::string name;    ///< runbook, schema, contracts, isolation, dry_run, transaction_plan
  std::string action;  ///< what was done, in words
  /// passed, warnings, failed (an error finding), overridden (accepted with
  /// --allow), halted, not-run (nothing loaded to look at)
  std::string status;
  std::string detail;
  std::vector<const analysis::Finding*> findings;  ///< point into the plan
};

/// The phases of `plan`, in order. Findings go to the phase of the rule that
/// produced them (its RuleTarget); a phase that had nothing loaded to look
/// at is not-run rather than passed.
std::vector<DecisionPhase> DecisionPhases(const Plan& plan);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_DECISION_PHASES_H_
