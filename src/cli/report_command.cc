// runwarden report: the reports of a run, from its audit log: the decision
// tree (json, text) and the post-incident report (md, html), with the plan
// kept beside the log when it is the plan the run executed.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <optional>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "base/file_reader.h"
#include "cli/command.h"
#include "cli/execution.h"
#include "cli/output.h"
#include "report/decision_tree.h"
#include "report/incident_report.h"

namespace runwarden::cli {

namespace {

/// The plan file beside `log_path`, checked against the run's plan hash.
report::PlanBeside PlanFor(const std::string& log_path, const std::string& plan_hash) {
  const std::string path = PlanBesideLog(log_path);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    return report::CheckPlanBeside(path, std::nullopt, plan_hash);
  auto text = DiskFileReader().Read(path, 64 << 20);
  if (!text.ok()) {
    report::PlanBeside p;
    p.state = report::PlanBeside::State::kUnreadable;
    p.path = path;
    p.problem = text.status().message();
    return p;
  }
  return report::CheckPlanBeside(path, *text, plan_hash);
}

class ReportCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "md and html: the post-incident report (summary, timeline, what changed, findings and\n"
        "overrides, the decision tree, remediation, and blank root cause and follow-ups), with\n"
        "the plan kept beside the log (x.audit.jsonl -> x.plan.json) when its hash is the run's.\n"
        "json and text: the run's decision tree. The HTML is one self-contained file.\n"
        "Exit 0 when the log verifies, 1 when it does not (the report is still written, with a\n"
        "warning at the top), 2 when the file cannot be read or is not an audit log.\n"
        "See docs/report.md.");
    sub.add_option("log", path_, "Audit log of the run (JSON Lines)")->required();
    sub.add_option("--format", format_,
                   "md or html: the incident report; json or text: the "
                   "decision tree")
        ->check(CLI::IsMember({"md", "html", "json", "text"}))
        ->capture_default_str();
    sub.add_option("-o,--output", output_, "Write the report to this file (default: stdout)")
        ->type_name("FILE");
  }

  ExitCode Run() override {
    auto log = audit::ReadLog(path_);
    if (!log.ok()) {
      PrintError(log.status());
      return ExitCode::kUsage;
    }
    const audit::RunTree tree = audit::BuildRunTree(*log);
    std::string out;
    if (format_ == "json") {
      out = report::RunDecisionTreeJson(*log, tree);
    } else if (format_ == "text") {
      out = report::RunDecisionTreeText(*log, tree);
    } else {
      const report::PlanBeside plan = PlanFor(path_, tree.run ? tree.run->plan_hash : "");
      out = format_ == "html" ? report::IncidentReportHtml(*log, tree, plan)
                              : report::IncidentReportMarkdown(*log, tree, plan);
    }
    if (Status s = WriteOutput(output_, out); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    if (!log->verify.intact) {
      std::fprintf(
          stderr, "warning: %s does not verify (line %d: %s); the report says so at the top\n",
          path_.c_str(), log->verify.first_bad_line.value_or(0), log->verify.problem.c_str());
      return ExitCode::kFindings;
    }
    return ExitCode::kOk;
  }

 private:
  std::string path_;
  std::string format_ = "md";
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> MakeReportCommand() { return std::make_unique<ReportCommand>(); }

}  // namespace runwarden::cli
