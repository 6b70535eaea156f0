#include <CLI/CLI.hpp>

#include "cli/approved_plan.h"
#include "cli/command.h"
#include "cli/execution.h"
#include "cli/live_schema.h"
#include "cli/output.h"

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
    ApprovedPlan approved;
    if (ExitCode code = ReadApprovedPlan(plan_path_, approved); code != ExitCode::kOk) return code;
    if (!expect_hash_.empty() && expect_hash_ != approved.hash) {
      PrintError(ExecutionError("refused: the plan's hash is " + approved.hash +
                                ", not the approved " + expect_hash_)
                     .WithHint("run the plan that was approved, or have this one approved"));
      return ExitCode::kFindings;
    }
    if (approved.plan.Halted()) {
      PrintError(ExecutionError("refused: the plan is " + approved.plan.FinalStatus())
                     .WithHint("runwarden show " + plan_path_ +
                               " lists the remediation; make a new plan after it"));
      return ExitCode::kFindings;
    }
    Execution run;
    const NowRequest now{runbook_path_, target_.target(), params_, config_, true};
    if (ExitCode code = CheckAgainstNow(approved, now, run); code != ExitCode::kOk) return code;
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
