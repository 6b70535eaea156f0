#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/output.h"
#include "cli/planning.h"
#include "plan/plan_file.h"
#include "report/findings_report.h"
#include "report/plan_report.h"

namespace runwarden::cli {

namespace {

class PlanCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Builds the plan runwarden apply will execute, and nothing else: parameter values\n"
        "checked (secrets kept only as their SHA-256), steps ordered by needs= and document\n"
        "order with atomic groups kept whole, every statement classified (in or outside a\n"
        "transaction, effects a rollback cannot undo, data handed out), what a failure at each\n"
        "step leaves behind, ordering hazards, and the gates. With --schema or --target, every\n"
        "statement's tenant scope and the schema's posture are checked too. The plan file\n"
        "(-o) is canonical JSON: the same inputs give the same bytes and the same hash, which\n"
        "is what an approver approves. Exit 0 when the plan is ready, 1 when a gate halts it\n"
        "(execution_blocked_for_safety, with remediation), 2 on bad input.");
    options_.Add(sub,
                 "The database the plan is for (PostgreSQL DSN or SQLite file): its schema is "
                 "read from the catalog, and every statement is pre-validated there without side "
                 "effects");
    sub.add_option("-o,--output", plan_path_, "Write the plan file here");
    sub.add_option("--format", format_, "Report format on standard output")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    sub.add_option("--color", color_, "Colour the text report")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
  }

  ExitCode Run() override {
    Planned planned;
    if (ExitCode code = options_.Make(planned); code != ExitCode::kOk) return code;
    const plan::Plan* built = &planned.plan;
    const SourceSet& sources = planned.sources;
    const plan::PlanFile file = plan::WritePlan(*built);
    if (!plan_path_.empty()) {
      if (Status s = WriteOutput(plan_path_, file.text); !s.ok()) {
        PrintError(s);
        return ExitCode::kUsage;
      }
    }
    std::string text;
    if (format_ == "json") {
      text = report::PlanJson(*built, file.hash);
    } else if (format_ == "sarif") {
      text = report::FindingsSarif(built->findings);
    } else {
      text = report::PlanText(*built, file.hash, sources, StdoutColor(color_));
      if (!plan_path_.empty()) text += "Plan written to " + plan_path_ + "\n";
    }
    if (Status s = WriteOutput("", text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return built->Halted() ? ExitCode::kFindings : ExitCode::kOk;
  }

 private:
  PlanOptions options_;
  std::string plan_path_;
  std::string format_ = "text";
  std::string color_ = "auto";
};

}  // namespace

std::unique_ptr<Command> MakePlanCommand() { return std::make_unique<PlanCommand>(); }

}  // namespace runwarden::cli
