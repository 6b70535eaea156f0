#ifndef RUNWARDEN_PLAN_PLAN_FILE_H_
#define RUNWARDEN_PLAN_PLAN_FILE_H_

#include <string>

#include "base/result.h"
#include "plan/plan.h"

namespace runwarden::plan {

/// A plan as written to disk and its hash (docs/plan-format.md).
struct PlanFile {
  std::string text;  ///< canonical JSON: sorted keys, two-space indent, final newline
  std::string hash;  ///< "sha256:<hex>" over the compact canonical form without plan_hash
};

/// Serialises `plan`. The same plan always gives the same bytes and hash.
PlanFile WritePlan(const Plan& plan);

/// Reads a plan file shown to users as `path`, checking its format version
/// and that its plan_hash matches its content: a plan edited after it was
/// written is refused. Errors name the file and say what to do.
Result<Plan> ReadPlan(const std::string& text, const std::string& path,
                      std::string* hash = nullptr);

}  // namespace runwarden::plan

#endif  // RUNWARDEN_PLAN_PLAN_FILE_H_
