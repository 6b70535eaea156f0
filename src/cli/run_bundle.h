#ifndef RUNWARDEN_CLI_RUN_BUNDLE_H_
#define RUNWARDEN_CLI_RUN_BUNDLE_H_

#include <map>
#include <string>

#include "base/result.h"
#include "base/source_text.h"
#include "cli/execution.h"
#include "db/connection.h"
#include "exec/apply.h"

namespace runwarden::cli {

/// Where the bundle of a run goes: beside its audit log
/// ("x.audit.jsonl" -> "x.bundle").
std::string BundleBesideLog(const std::string& log_path);

/// Whether a run that ended `final_status` leaves a reproduction bundle:
/// a halt, a failure rolled back, or a commit in doubt.
bool LeavesBundle(const std::string& final_status);

/// The files of the Rust crate at `rust_path` a bundle keeps, by path
/// relative to it: the sources the run read (from `sources`) and, from the
/// disk, Cargo.toml and sqlx's offline cache (.sqlx/query-*.json).
std::map<std::string, std::string> CrateFiles(const std::string& rust_path,
                                              const SourceSet& sources);

/// Writes the reproduction bundle of `run`, which ended with `outcome`, to
/// BundleBesideLog(log_path): the runbook, the plan, the parameters
/// (secrets as hashes), the target's schema as DDL (read from
/// `connection`), the configuration, the Rust crate checked, and the audit
/// log with its head. Returns the bundle's path.
Result<std::string> WriteRunBundle(const Execution& run, db::Connection& connection,
                                   const std::string& log_path, const std::string& head,
                                   const exec::RunOutcome& outcome);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_RUN_BUNDLE_H_
