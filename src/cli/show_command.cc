#include <CLI/CLI.hpp>

#include "base/file_reader.h"
#include "base/sha256.h"
#include "cli/command.h"
#include "cli/output.h"
#include "plan/plan_file.h"
#include "report/plan_report.h"

namespace runwarden::cli {

namespace {

class ShowCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Prints a plan file written by runwarden plan -o: its decision tree, the steps in\n"
        "order with their statements and binds, the rollback plan, hazards and gates. The\n"
        "plan's hash is checked first: a plan changed after it was written is refused (exit 2).");
    sub.add_option("plan", path_, "Plan file (JSON)")->required();
    sub.add_option("--format", format_, "Report format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
    sub.add_option("--color", color_, "Colour the text report")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
  }

  ExitCode Run() override {
    auto text = DiskFileReader().Read(path_, 64 << 20);
    if (!text.ok()) {
      PrintError(text.status());
      return ExitCode::kUsage;
    }
    std::string hash;
    auto read = plan::ReadPlan(*text, path_, &hash);
    if (!read.ok()) {
      PrintError(read.status());
      return ExitCode::kUsage;
    }
    // The runbook the plan was made from, for the source lines of findings.
    // Only when it is still the file the plan was made from.
    SourceSet sources;
    if (auto rb = DiskFileReader().Read(read->runbook_path, 16 << 20);
        rb.ok() && Sha256Hex(*rb) == read->runbook_digest) {
      sources[read->runbook_path] = std::make_shared<SourceText>(read->runbook_path, *rb);
    }
    const std::string out = format_ == "json"
                                ? report::PlanJson(*read, hash)
                                : report::PlanText(*read, hash, sources, StdoutColor(color_));
    if (Status s = WriteOutput("", out); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return read->Halted() ? ExitCode::kFindings : ExitCode::kOk;
  }

 private:
  std::string path_;
  std::string format_ = "text";
  std::string color_ = "auto";
};

}  // namespace

std::unique_ptr<Command> MakeShowCommand() { return std::make_unique<ShowCommand>(); }

}  // namespace runwarden::cli
