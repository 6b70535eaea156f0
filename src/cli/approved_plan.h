#ifndef RUNWARDEN_CLI_APPROVED_PLAN_H_
#define RUNWARDEN_CLI_APPROVED_PLAN_H_

#include <map>
#include <string>
#include <vector>

#include "cli/execution.h"
#include "cli/exit_code.h"
#include "cli/live_schema.h"
#include "plan/plan.h"

namespace runwarden::cli {

/// Parses --param NAME=VALUE options into `out`. A malformed one is printed
/// and kUsage returned; kOk otherwise.
ExitCode ParseParams(const std::vector<std::string>& params,
                     std::map<std::string, std::string>& out);

/// Who a live schema was read from, as a plan records it.
plan::TargetIdentity IdentityOf(const LiveSchema& live);

/// A plan file as apply and resume read it.
struct ApprovedPlan {
  std::string path;
  std::string text;  ///< the file's bytes
  std::string hash;
  plan::Plan plan;
};

/// Reads the plan file at `path`, checking its hash against its content.
/// Prints the error and returns kUsage when it cannot be read.
ExitCode ReadApprovedPlan(const std::string& path, ApprovedPlan& out);

/// What the approved plan is compared with now.
struct NowRequest {
  std::string runbook_path;  ///< "" for the path the plan records
  std::string target;
  std::vector<std::string> params;
  std::string config;
  /// Compare the target's schema fingerprint too (apply); a resumed run
  /// may itself have changed the schema, so resume does not.
  bool compare_schema = true;
};

/// Reads the runbook, the parameters and the live target now, compares
/// them with `approved` (plan::CompareWithPlan) and, when nothing changed,
/// fills what `run` executes with: the plan, its values, the tenant, the
/// tenant setting and key columns, the target. Prints what changed (exit
/// 1) or why the inputs cannot be read (exit 2, 130 when interrupted).
ExitCode CheckAgainstNow(const ApprovedPlan& approved, const NowRequest& request, Execution& run);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_APPROVED_PLAN_H_
