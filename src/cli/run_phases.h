#ifndef RUNWARDEN_CLI_RUN_PHASES_H_
#define RUNWARDEN_CLI_RUN_PHASES_H_

#include <optional>
#include <vector>

#include "cli/schema_context.h"
#include "exec/apply.h"
#include "plan/plan.h"

namespace runwarden::cli {

/// The phases of the plan's decision as a run records them in its audit
/// log: each phase of plan::DecisionPhases with what it found
/// (docs/audit-log-format.md). `schema` is the schema the run was checked
/// against (null for none); `contracts_loaded` the number of Rust contracts
/// read, when a crate was checked.
std::vector<exec::PhaseRecord> RunPhases(const plan::Plan& plan, const SchemaContext* schema,
                                         std::optional<size_t> contracts_loaded);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_RUN_PHASES_H_
