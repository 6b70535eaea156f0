#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/command.h"
#include "cli/execution.h"
#include "cli/output.h"
#include "cli/planning.h"
#include "cli/run_bundle.h"
#include "cli/run_phases.h"
#include "plan/plan_file.h"
#include "report/plan_report.h"

namespace runwarden::cli {

namespace {

class RunCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Plans the runbook against the target and, when every gate passes, executes that plan\n"
        "at once: runwarden plan followed by runwarden apply, with the same gates, the same\n"
        "pre-validation without side effects and the same audit log. The plan is printed first\n"
        "and kept beside the audit log. A plan that halts runs nothing and is recorded all the\n"
        "same; a run that halts, fails or ends in doubt also leaves a reproduction bundle beside\n"
        "its log for runwarden replay. Exit 0 completed; 1 halted, declined or refused (the\n"
        "run lock is held); 2 bad input; 3 a step failed and its transaction was rolled back,\n"
        "or a commit is in doubt; 130 interrupted.");
    options_.Add(sub, "The database to run on (PostgreSQL DSN or SQLite file)");
    sub.add_option("-o,--output", plan_path_, "Also write the plan file here");
    sub.add_option("--color", color_, "Colour the plan report")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
    execution_.Add(sub);
  }

  ExitCode Run() override {
    if (!options_.has_target()) {
      PrintError(UsageError("run needs --target: the database to run on")
                     .WithHint("to only look at the plan, use runwarden plan"));
      return ExitCode::kUsage;
    }
    Planned planned;
    if (ExitCode code = options_.Make(planned); code != ExitCode::kOk) return code;
    const plan::PlanFile file = plan::WritePlan(planned.plan);
    if (!plan_path_.empty()) {
      if (Status s = WriteOutput(plan_path_, file.text); !s.ok()) {
        PrintError(s);
        return ExitCode::kUsage;
      }
    }
    if (Status s = WriteOutput(
            "", report::PlanText(planned.plan, file.hash, planned.sources, StdoutColor(color_)));
        !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    Execution run;
    run.plan = &planned.plan;
    run.plan_hash = file.hash;
    run.plan_text = file.text;
    run.values = planned.values;
    run.tenant = planned.tenant;
    run.tenant_setting = planned.runbook->tenant.context_setting;
    run.tenant_columns = TenantColumns(*planned.schema);
    run.target = options_.target();
    run.phases = RunPhases(planned.plan, planned.schema.get(), planned.contracts_loaded);
    run.runbook_text = planned.runbook->source ? planned.runbook->source->text() : "";
    run.rust_path = options_.rust_path();
    run.rust_files = CrateFiles(run.rust_path, planned.sources);
    run.schema = std::move(planned.schema);
    return Execute(run, execution_);
  }

 private:
  PlanOptions options_;
  std::string plan_path_;
  std::string color_ = "auto";
  ExecutionOptions execution_;
};

}  // namespace

std::unique_ptr<Command> MakeRunCommand() { return std::make_unique<RunCommand>(); }

}  // namespace runwarden::cli
