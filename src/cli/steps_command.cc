#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/load.h"
#include "cli/output.h"
#include "report/steps_report.h"

namespace runwarden::cli {

namespace {

class StepsCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "List a runbook's parameters and steps exactly as runwarden reads them: ids, sections,\n"
        "locations, attributes, each SQL statement with its bind parameters, each shell script\n"
        "with the environment variables its placeholders became, and manual checklist items.");
    sub.add_option("runbook", path_, "Markdown runbook file (- for standard input)")->required();
    sub.add_option("--format", format_, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    sub.add_option("-o,--output", output_, "Write to this file instead of stdout");
  }

  ExitCode Run() override {
    SourceSet sources;
    auto rb = LoadRunbookFile(path_, sources);
    if (!rb.ok()) {
      PrintError(rb.status(), sources);
      return ExitCode::kUsage;
    }
    const std::string text = format_ == "json" ? report::StepsJson(*rb) : report::StepsText(*rb);
    if (Status s = WriteOutput(output_, text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return ExitCode::kOk;
  }

 private:
  std::string path_;
  std::string format_ = "text";
  std::string output_;
};

}  // namespace

std::unique_ptr<Command> MakeStepsCommand() { return std::make_unique<StepsCommand>(); }

}  // namespace runwarden::cli
