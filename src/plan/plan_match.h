#ifndef RUNWARDEN_PLAN_PLAN_MATCH_H_
#define RUNWARDEN_PLAN_PLAN_MATCH_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"

namespace runwarden::plan {

/// What an approved plan is checked against just before it runs.
struct CurrentInputs {
  std::string runbook_digest;  ///< of the runbook file as it is now
  std::string tool_version;    ///< of the runwarden binary that will run it
  /// Parameter values given now (--param), secrets included; planned
  /// values need not be repeated, secrets must be.
  std::map<std::string, std::string> values;
  std::string schema_fingerprint;  ///< of the target's schema, read now
  TargetIdentity target;           ///< the target connected to now
};

/// The value given for parameter `name` among `values`, whose names compare
/// without case as runbook parameter names do; null when none is given.
const std::string* ValueNamed(const std::map<std::string, std::string>& values,
                              std::string_view name);

/// Every difference between what `approved` was made from and `now`, each
/// as a sentence saying what changed ("the runbook changed since the plan
/// was made (digest sha256:ab.. now sha256:cd..)"). Empty when the plan may
/// run. Never prints a secret: a secret that differs is named, not shown.
std::vector<std::string> CompareWithPlan(const Plan& approved, const CurrentInputs& now);

/// The values to run with: the plan's own, and the secrets (and any
/// repeated values) from `now`. Call after CompareWithPlan found nothing.
std::map<std::string, std::string> RunValues(const Plan& approved, const CurrentInputs& now);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_PLAN_MATCH_H_
