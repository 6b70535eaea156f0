#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>

#include "audit/reader.h"
#include "cli/approved_plan.h"
#include "cli/command.h"
#include "cli/execution.h"
#include "cli/live_schema.h"
#include "cli/output.h"
#include "db/target.h"
#include "exec/resume.h"

namespace runwarden::cli {

namespace {

class ResumeCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Continues a run that stopped (a failure, Ctrl-C, a crash, a lost connection) from the\n"
        "first step not known to be done, with the plan kept beside its audit log. The log must\n"
        "verify (a torn last line, the mark of a crash, is dropped); the plan's hash must be the\n"
        "one the run started with; the runbook, parameters, target and runwarden's version are\n"
        "checked as apply checks them. A unit whose commit was in doubt is settled by asking\n"
        "PostgreSQL (txid_status of its recorded transaction). No committed step runs twice.\n"
        "Steps that run outside a transaction and were started but not recorded done run again\n"
        "only with --rerun STEP. The log goes on in the same file.");
    sub.add_option("log", log_path_, "The audit log of the run")->required();
    target_.Add(sub, "The database the run was on", "--target,--db");
    target_.option()->required();
    sub.add_option("--param", params_, "Secret parameters, again: NAME=VALUE (repeatable)");
    sub.add_option("--rerun", rerun_,
                   "A step outside a transaction that was started and not recorded done: run it "
                   "again (repeatable)");
    sub.add_option("--runbook", runbook_path_, "The runbook, when it is no longer where it was");
    sub.add_flag("--yes", execution_.yes, "As for apply");
    sub.add_option("--confirm", execution_.confirm, "As for apply");
  }

  ExitCode Run() override {
    auto log = audit::ReadLog(log_path_);
    if (!log.ok()) {
      PrintError(log.status());
      return ExitCode::kUsage;
    }
    if (!log->verify.intact) {
      PrintError(
          ExecutionError("refused: the audit log " + log_path_ +
                         " does not verify: " + log->verify.problem)
              .WithHint("runwarden audit verify " + log_path_ + " names the first bad line"));
      return ExitCode::kFindings;
    }
    ApprovedPlan approved;
    if (ExitCode code = ReadApprovedPlan(PlanBesideLog(log_path_), approved);
        code != ExitCode::kOk) {
      return code;
    }
    std::vector<exec::LoggedRecord> records;
    const size_t verified = static_cast<size_t>(log->verify.records);
    for (size_t i = 0; i < log->records.size() && i < verified; ++i) {
      records.push_back({log->records[i].kind, log->records[i].fields});
    }
    Execution run;
    // The run itself may have changed the schema: it is not compared again.
    const NowRequest now{runbook_path_, target_.target(), params_, "", false};
    if (ExitCode code = CheckAgainstNow(approved, now, run); code != ExitCode::kOk) return code;

    auto conn = db::Open(target_.target());
    if (!conn.ok()) {
      PrintError(conn.status());
      return ExitCode::kUsage;
    }
    auto point = exec::FindResumePoint(records, **conn);
    conn->reset();
    if (!point.ok()) {
      PrintError(point.status());
      return ExitCode::kFindings;
    }
    if (point->plan_hash != approved.hash) {
      PrintError(ExecutionError("refused: the run executed plan " + point->plan_hash + ", but " +
                                approved.path + " is plan " + approved.hash));
      return ExitCode::kFindings;
    }
    if (point->final_status == "completed") {
      std::cerr << "The run already completed: nothing to resume.\n";
      return ExitCode::kOk;
    }
    std::vector<std::string> unsettled;
    for (const std::string& s : point->uncertain) {
      if (std::find(rerun_.begin(), rerun_.end(), s) == rerun_.end()) unsettled.push_back(s);
    }
    if (!unsettled.empty()) {
      std::string list;
      for (const std::string& s : unsettled) list += (list.empty() ? "" : ", ") + s;
      PrintError(ExecutionError("refused: step" + std::string(unsettled.size() > 1 ? "s " : " ") +
                                list +
                                " ran outside a transaction and may or may not have taken effect")
                     .WithHint("check, then resume with --rerun STEP to run it again"));
      return ExitCode::kFindings;
    }
    for (const std::string& note : point->notes) std::cerr << note << "\n";

    run.already_done = point->done;
    run.resume_log = log_path_;
    run.previous_head = log->verify.head;
    return Execute(run, execution_);
  }

 private:
  std::string log_path_;
  DatabaseOption target_;
  std::vector<std::string> params_;
  std::vector<std::string> rerun_;
  std::string runbook_path_;
  ExecutionOptions execution_;
};

}  // namespace

std::unique_ptr<Command> MakeResumeCommand() { return std::make_unique<ResumeCommand>(); }

}  // namespace runwarden::cli
