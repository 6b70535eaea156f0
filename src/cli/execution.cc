#include "cli/execution.h"

#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <iostream>

#include "audit/writer.h"
#include "base/text.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "cli/run_bundle.h"
#include "cli/terminal_operator.h"
#include "db/target.h"
#include "exec/apply.h"
#include "exec/audit_journal.h"
#include "exec/run_lock.h"

namespace runwarden::cli {

namespace {

std::string UtcStamp() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

Result<std::string> DefaultLogPath(const plan::Plan& plan) {
  const std::string dir = "runwarden-runs";
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Unavailable("cannot create the folder " + dir + " for the audit log")
        .WithHint("give the log's path with --log");
  }
  return dir + "/" + SafeFileName(plan.runbook_id, "runbook") + "-" + UtcStamp() + "-" +
         std::to_string(getpid()) + ".audit.jsonl";
}

ExitCode ExitFor(const std::string& final_status) {
  if (final_status == "completed") return ExitCode::kOk;
  if (final_status == "declined" || final_status == "execution_blocked_for_safety") {
    return ExitCode::kFindings;
  }
  if (final_status == "interrupted") return ExitCode::kInterrupted;
  return ExitCode::kExecutionFailed;
}

}  // namespace

std::string BesideLog(const std::string& log_path, const std::string& suffix) {
  const std::string log_suffix = ".audit.jsonl";
  if (log_path.size() > log_suffix.size() &&
      log_path.compare(log_path.size() - log_suffix.size(), log_suffix.size(), log_suffix) == 0) {
    return log_path.substr(0, log_path.size() - log_suffix.size()) + suffix;
  }
  return log_path + suffix;
}

std::string PlanBesideLog(const std::string& log_path) { return BesideLog(log_path, ".plan.json"); }

void ExecutionOptions::Add(CLI::App& sub) {
  sub.add_flag("--yes", yes,
               "Run steps marked confirm, and the steps of a SEV-1 runbook, without asking "
               "(recorded in the audit log)");
  sub.add_option("--confirm", confirm,
                 "A manual step already done: confirmed without a terminal (repeatable)");
  sub.add_option("--log", log_path,
                 "Write the audit log here (default: runwarden-runs/<runbook>-<time>.audit.jsonl)");
}

ExitCode Execute(const Execution& run, const ExecutionOptions& options) {
  const plan::Plan& plan = *run.plan;
  const bool resuming = !run.resume_log.empty();
  std::string log_path = resuming ? run.resume_log : options.log_path;
  if (log_path.empty()) {
    auto made = DefaultLogPath(plan);
    if (!made.ok()) {
      PrintError(made.status());
      return ExitCode::kUsage;
    }
    log_path = *made;
  }

  auto conn = db::Open(run.target);
  if (!conn.ok()) {
    PrintError(conn.status());
    return ExitCode::kUsage;
  }
  const std::string identity = OperatorIdentity();
  const std::string holder = identity + " pid " + std::to_string(getpid());
  auto lock = exec::RunLock::Acquire(**conn, plan.runbook_id, run.tenant, holder);
  if (!lock.ok()) {
    PrintError(lock.status());
    return ExitCode::kFindings;
  }

  std::unique_ptr<audit::AuditWriter> writer;
  if (resuming) {
    auto reopened = audit::AuditWriter::Reopen(log_path);
    if (!reopened.ok()) {
      PrintError(reopened.status());
      return ExitCode::kUsage;
    }
    writer = std::move(*reopened);
  } else {
    auto created =
        audit::AuditWriter::Create(log_path, UtcStamp() + "-" + std::to_string(getpid()));
    if (!created.ok()) {
      PrintError(created.status());
      return ExitCode::kUsage;
    }
    writer = std::move(*created);
    if (Status s = WriteOutput(PlanBesideLog(log_path), run.plan_text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
  }
  exec::AuditJournal journal(*writer);
  if (resuming) {
    nlohmann::ordered_json done = nlohmann::ordered_json::array();
    for (const std::string& s : run.already_done) done.push_back(s);
    std::string from;
    for (const plan::PlannedUnit& u : plan.units) {
      for (const plan::PlannedStep& s : u.steps) {
        if (from.empty() && !run.already_done.count(s.id)) from = s.id;
      }
    }
    if (Status s = journal.Record(
            "resume",
            {{"previous_head", run.previous_head}, {"from_step", from}, {"steps_done", done}},
            true);
        !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
  }

  TerminalOperator op;
  CancelOnInterrupt guard(**conn);
  exec::ApplyOptions ao;
  ao.plan_hash = run.plan_hash;
  ao.values = run.values;
  ao.tenant = run.tenant;
  if (!run.tenant_setting.empty()) ao.tenant_setting = run.tenant_setting;
  ao.tenant_columns = run.tenant_columns;
  ao.yes = options.yes;
  ao.confirmed.insert(options.confirm.begin(), options.confirm.end());
  ao.host = identity.substr(identity.find('@') + 1);
  ao.target = (*conn)->Describe().ToString();
  ao.interrupted = &guard.flag();
  ao.already_done = run.already_done;
  ao.phases = run.phases;
  ao.replay = run.replay;
  ao.checks.push_back({"plan-match", "passed",
                       "plan hash " + run.plan_hash +
                           "; the runbook, parameters, target, schema and runwarden's version are "
                           "the plan's"});
  ao.checks.push_back({"run-lock", "passed", "held by " + holder});

  if (plan.Halted()) {
    std::cerr << "Nothing runs: the plan is " << plan.FinalStatus()
              << ". Recording the decision in the audit log.\n";
  } else {
    std::cerr << (resuming ? "Resuming" : "Running") << " plan " << run.plan_hash << " of runbook "
              << plan.runbook_id << " on " << ao.target << "\nAudit log: " << log_path << "\n";
  }
  auto outcome = exec::Apply(plan, **conn, ao, journal, op);
  if (!outcome.ok()) {
    PrintError(ExecutionError("the run stopped: " + outcome.status().message())
                   .WithHint("nothing runs unrecorded: the open transaction was rolled back; "
                             "check the disk holding " +
                             log_path));
    return ExitCode::kExecutionFailed;
  }
  std::cerr << "\nFinal status: " << outcome->final_status << "\n";
  if (!outcome->failed_step.empty()) std::cerr << "Step: " << outcome->failed_step << "\n";
  if (!outcome->message.empty()) std::cerr << "Why: " << outcome->message << "\n";
  std::cerr << "Steps done: " << outcome->steps_done.size() << "\n";
  if (run.replay) return ExitFor(outcome->final_status);  // the sandbox's log goes with it
  std::cerr << "Audit log: " << log_path << " (head " << writer->head() << ")\n"
            << "Verify it with: runwarden audit verify " << log_path << " --expect-head "
            << writer->head() << "\n";
  if (!run.replay && LeavesBundle(outcome->final_status)) {
    auto bundle = WriteRunBundle(run, **conn, log_path, writer->head(), *outcome);
    if (bundle.ok()) {
      std::cerr << "Reproduction bundle: " << *bundle << "\n"
                << "Replay it in a sandbox with: runwarden replay " << *bundle << "\n";
    } else {
      Status s = bundle.status();
      PrintError(s.WithHint("the run itself is recorded in full in " + log_path +
                            "; only the bundle is missing"));
    }
  }
  if (outcome->final_status == "in_doubt" || outcome->final_status == "interrupted" ||
      outcome->final_status == "failed_rolled_back") {
    std::cerr << "Continue with: runwarden resume " << log_path << " --target <TARGET>\n";
  }
  return ExitFor(outcome->final_status);
}

}  // namespace runwarden::cli
