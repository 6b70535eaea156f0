#ifndef RUNWARDEN_CLI_PLANNING_H_
#define RUNWARDEN_CLI_PLANNING_H_

#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/source_text.h"
#include "cli/exit_code.h"
#include "cli/live_schema.h"
#include "cli/load.h"
#include "cli/schema_context.h"
#include "plan/plan.h"
#include "plan/plan_builder.h"
#include "runbook/runbook.h"

namespace runwarden::cli {

/// A plan as `plan` and `run` make it, with everything it was made from.
struct Planned {
  SourceSet sources;
  std::optional<runbook::Runbook> runbook;
  std::unique_ptr<SchemaContext> schema;  ///< null without --schema or --target
  plan::PlanInputs inputs;
  plan::Plan plan;
  /// Every parameter value by name, secrets included (never written out).
  std::map<std::string, std::string> values;
  std::string tenant;  ///< the run's tenant, "" without a tenant parameter
  /// How many Rust contracts were read (--rust), when a crate was checked.
  std::optional<size_t> contracts_loaded;
};

/// The options `plan` and `run` share, and the making of the plan: the
/// runbook read, the schema loaded (--schema) or read from the target
/// (--target), the rules run, the plan built and, with a target,
/// pre-validated there without side effects.
class PlanOptions {
 public:
  /// Registers the options on `sub`. `target_help` describes --target.
  void Add(CLI::App& sub, const std::string& target_help);
  bool has_target() const { return target_.given(); }
  const std::string& target() const { return target_.target(); }
  /// The crate given with --rust, "" for none.
  const std::string& rust_path() const { return request_.rust_path; }

  /// Makes the plan. On bad input it prints the error (with the source
  /// line) and returns the exit code to end with; kOk otherwise.
  ExitCode Make(Planned& out) const;

 private:
  ExitCode PreValidate(Planned& out) const;

  std::string runbook_;
  std::string tenant_;
  std::vector<std::string> params_;
  std::string schema_;
  DatabaseOption target_;
  std::string role_;
  ContractsRequest request_;
  std::string config_;
  std::vector<std::string> allow_;
  std::vector<std::string> reasons_;
};

/// Tenant key columns of a schema's tenancy ("tenant_id", "org_id"),
/// lower-cased: what the executor checks returned rows against.
std::set<std::string> TenantColumns(const SchemaContext& schema);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_PLANNING_H_
