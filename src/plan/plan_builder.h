#ifndef RUNWARDEN_PLAN_PLAN_BUILDER_H_
#define RUNWARDEN_PLAN_PLAN_BUILDER_H_

#include <map>
#include <string>
#include <vector>

#include "analysis/finding.h"
#include "base/result.h"
#include "plan/plan.h"
#include "plan/step_order.h"
#include "runbook/runbook.h"

namespace runwarden::plan {

/// What a plan is made from. The caller runs the analysis (runbook rules,
/// statement scope, schema, contracts) and passes its findings.
struct PlanInputs {
  const runbook::Runbook* runbook = nullptr;
  /// --param NAME=VALUE, by parameter name as written on the command line.
  std::map<std::string, std::string> params;
  /// --tenant: the value of the runbook's tenant parameter.
  std::string tenant;
  bool tenant_given = false;
  std::vector<analysis::Finding> findings;
  /// --allow RULE --reason: findings of these rules do not halt the plan.
  std::vector<Override> overrides;
  TargetIdentity target;
  std::string schema_fingerprint;
  std::string schema_origin;
  bool contracts_checked = false;
  std::string tool_version;
};

/// Builds the plan: parameter values checked and recorded (secrets as their
/// SHA-256), steps ordered into units, statements classified, the rollback
/// plan, ordering hazards, and the gates with remediation. A halted plan is
/// a Plan whose gates say so, not an error. Errors are for inputs that make
/// no sense: a --param or --tenant for a parameter the runbook does not
/// have.
Result<Plan> BuildPlan(const PlanInputs& inputs);

/// What each step's failure leaves behind (rollback_plan.cc).
std::vector<FailureOutcome> PlanRollbacks(const std::vector<PlannedUnit>& units);

/// Effects ordered before statements of the same transaction that can still
/// fail or validate (hazards.cc).
std::vector<OrderingHazard> FindOrderingHazards(const std::vector<PlannedUnit>& units);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_PLAN_BUILDER_H_
