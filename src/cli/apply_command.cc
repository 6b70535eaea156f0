#include <CLI/CLI.hpp>

#include <iostream>

#include "base/file_reader.h"
#include "base/text.h"
#include "base/version.h"
#include "cli/command.h"
#include "cli/execution.h"
#include "cli/live_schema.h"
#include "cli/load.h"
#include "cli/output.h"
#include "cli/planning.h"
#include "cli/schema_context.h"
#include "db/target.h"
#include "plan/plan_file.h"
#include "plan/plan_match.h"

namespace runwarden::cli {

namespace {

class ApplyCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Executes an approved plan file, and only if it still describes what would run: the\n"
        "runbook's digest, the parameters (secrets are given again with --param and checked\n"
        "against their hashes), the target's identity and schema fingerprint (read again now)\n"
        "and runwarden's version must be those the plan was made with; any difference refuses\n"
        "with what changed. Every decision goes to a hash-chained audit log.\n"
        "Exit 0 completed; 1 refused, halted or declined; 2 bad input; 3 a step failed and its\n"
        "transaction was rolled back (or a commit is in doubt); 130 interrupted.");
    sub.add_option("plan", plan_path_, "The plan file (runwarden plan -o)")->required();
    target_.Add(sub, "The database to run on (PostgreSQL DSN or SQLite file)", "--target,--db");
    target_.option()->required();
    sub.add_option("--param", params_,
                   "A parameter value, NAME=VALUE: secrets must be given again (repeatable)");
    sub.add_option("--expect-hash", expect_hash_,
                   "Run only if the plan's hash is this one (the hash the approver approved)");
    sub.add_option("--runbook", runbook_path_,
                   "The runbook file, when it is no longer where the plan says");
    sub.add_option("--config", config_, "Configuration file (default: ./runwarden.toml)");
    execution_.Add(sub);
  }

  ExitCode Run() override {
    auto text = DiskFileReader().Read(plan_path_, 64 << 20);
    if (!text.ok()) {
      PrintError(text.status());
      return ExitCode::kUsage;
    }
    std::string hash;
    auto plan = plan::ReadPlan(*text, plan_path_, &hash);
    if (!plan.ok()) {
      PrintError(plan.status());
      return ExitCode::kUsage;
    }
    if (!expect_hash_.empty() && expect_hash_ != hash) {
      PrintError(ExecutionError("refused: the plan's hash is " + hash + ", not the approved " +
                                expect_hash_)
                     .WithHint("run the plan that was approved, or have this one approved"));
      return ExitCode::kFindings;
    }
    if (plan->Halted()) {
      PrintError(ExecutionError("refused: the plan is " + plan->FinalStatus())
                     .WithHint("runwarden show " + plan_path_ +
                               " lists the remediation; make a new plan after it"));
      return ExitCode::kFindings;
    }

    plan::CurrentInputs now;
    for (const std::string& p : params_) {
      const size_t eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        PrintError(UsageError("--param " + p.substr(0, eq) + ": expected NAME=VALUE"));
        return ExitCode::kUsage;
      }
      now.values[p.substr(0, eq)] = p.substr(eq + 1);
    }
    SourceSet sources;
    auto rb = LoadRunbookFile(runbook_path_.empty() ? plan->runbook_path : runbook_path_, sources);
    if (!rb.ok()) {
      PrintError(rb.status(), sources);
      return ExitCode::kUsage;
    }
    now.runbook_digest = rb->digest;
    now.tool_version = kVersion;
    bool interrupted = false;
    auto live = ReadLiveSchema(target_.target(), &interrupted);
    if (!live.ok()) {
      PrintError(live.status());
      return interrupted ? ExitCode::kInterrupted : ExitCode::kUsage;
    }
    const db::TargetDescription& t = live->target;
    now.target = {std::string(db::BackendName(t.backend)),
                  t.host,
                  t.port,
                  t.database,
                  t.user,
                  t.path,
                  live->server_version};
    now.schema_fingerprint = live->schema.Fingerprint();
    auto schema = MakeSchemaContext(std::move(live->schema), config_, "");
    if (!schema.ok()) {
      PrintError(schema.status());
      return ExitCode::kUsage;
    }
    const std::vector<std::string> changes = plan::CompareWithPlan(*plan, now);
    if (!changes.empty()) {
      std::cerr << "error: refused: the plan no longer describes what would run\n";
      for (const std::string& c : changes) std::cerr << "  - " << c << "\n";
      std::cerr << "  help: make a new plan (runwarden plan) and have it approved\n";
      return ExitCode::kFindings;
    }

    Execution run;
    run.plan = &*plan;
    run.plan_hash = hash;
    run.plan_text = *text;
    run.values = plan::RunValues(*plan, now);
    for (const auto& [name, value] : run.values) {
      if (EqualsIgnoreCase(name, plan->tenant_parameter)) run.tenant = value;
    }
    run.tenant_setting = rb->tenant.context_setting;
    run.tenant_columns = TenantColumns(**schema);
    run.target = target_.target();
    return Execute(run, execution_);
  }

 private:
  std::string plan_path_;
  DatabaseOption target_;
  std::vector<std::string> params_;
  std::string expect_hash_;
  std::string runbook_path_;
  std::string config_;
  ExecutionOptions execution_;
};

}  // namespace

std::unique_ptr<Command> MakeApplyCommand() { return std::make_unique<ApplyCommand>(); }

}  // namespace runwarden::cli
