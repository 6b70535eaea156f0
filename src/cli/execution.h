#ifndef RUNWARDEN_CLI_EXECUTION_H_
#define RUNWARDEN_CLI_EXECUTION_H_

#include <CLI/CLI.hpp>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "cli/exit_code.h"
#include "cli/schema_context.h"
#include "exec/apply.h"
#include "plan/plan.h"

namespace runwarden::cli {

/// The options of the commands that execute a plan (apply, run, resume).
struct ExecutionOptions {
  bool yes = false;
  std::vector<std::string> confirm;
  std::string log_path;  ///< "" for runwarden-runs/<runbook>-<time>.audit.jsonl

  void Add(CLI::App& sub);
};

/// One execution of an approved plan.
struct Execution {
  const plan::Plan* plan = nullptr;
  std::string plan_hash;
  std::string plan_text;                      ///< the plan file's bytes, kept beside the audit log
  std::map<std::string, std::string> values;  ///< secrets included
  std::string tenant;
  std::string tenant_setting;
  std::set<std::string> tenant_columns;
  std::string target;                  ///< as given on the command line
  std::set<std::string> already_done;  ///< resume: steps committed before
  std::string resume_log;              ///< resume: the log to continue
  std::string previous_head;           ///< resume: its head before this run
  /// The phases of the plan's decision, recorded before the gates.
  std::vector<exec::PhaseRecord> phases;
  /// What a reproduction bundle keeps when the run halts or fails: the
  /// runbook's text, the schema checked against (with its configuration),
  /// the Rust crate checked (--rust) and its files relative to it.
  std::string runbook_text;
  std::shared_ptr<const SchemaContext> schema;
  std::string rust_path;
  std::map<std::string, std::string> rust_files;
  /// A replay in a sandbox (runwarden replay): shell steps skipped,
  /// questions answered, no bundle written.
  bool replay = false;
};

/// Takes the run lock, opens the audit log, runs the plan with the
/// operator at the terminal, and reports. Exit 0 completed; 1 declined or
/// refused (the run lock is held); 3 failed and rolled back, or in doubt;
/// 130 interrupted; 2 when the target or the log cannot be used.
ExitCode Execute(const Execution& run, const ExecutionOptions& options);

/// The file beside a run's audit log with `suffix` ("x.audit.jsonl" ->
/// "x" + suffix).
std::string BesideLog(const std::string& log_path, const std::string& suffix);

/// Where the plan of a run is kept: beside its audit log
/// ("x.audit.jsonl" -> "x.plan.json"), for resume.
std::string PlanBesideLog(const std::string& log_path);

}  // namespace runwarden::cli

#endif  // RUNWARDEN_CLI_EXECUTION_H_
