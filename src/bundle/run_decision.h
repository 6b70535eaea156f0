#ifndef RUNWARDEN_BUNDLE_RUN_DECISION_H_
#define RUNWARDEN_BUNDLE_RUN_DECISION_H_

#include <string>
#include <vector>

#include "audit/reader.h"

namespace runwarden::bundle {

/// What a run decided, read from its audit log: what a replay must match
/// to reproduce it.
struct RunDecision {
  std::string final_status;
  std::string failed_step;
  std::vector<std::string> halted_gates;
  /// Each finding of the phases as "rule at file:line:col", or for a
  /// finding located at the database itself "rule on the target: message";
  /// sorted.
  std::vector<std::string> findings;
  /// Each SQL or manual step as "id: status", in order. Shell steps are
  /// left out: a replay never runs them.
  std::vector<std::string> steps;
  std::vector<std::string> shell_steps;  ///< ids of the shell steps
};

RunDecision DecisionOf(const audit::AuditLog& log);

/// How `replay` differs from `original`, one sentence each; empty when the
/// replay reproduced the run.
std::vector<std::string> Differences(const RunDecision& original, const RunDecision& replay);

}  // namespace runwarden::bundle

#endif  // RUNWARDEN_BUNDLE_RUN_DECISION_H_
