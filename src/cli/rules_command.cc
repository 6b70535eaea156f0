#include <CLI/CLI.hpp>

#include "analysis/registry.h"
#include "cli/command.h"
#include "cli/output.h"

namespace runwarden::cli {

namespace {

std::string RulesText() {
  std::string out;
  size_t width = 0;
  for (const analysis::Rule* r : analysis::AllRules()) width = std::max(width, r->info().id.size());
  for (const analysis::Rule* r : analysis::AllRules()) {
    const auto& info = r->info();
    const std::string sev(analysis::SeverityName(info.default_severity));
    out += std::string(info.id) + std::string(width - info.id.size() + 2, ' ') + sev +
           std::string(9 - sev.size(), ' ') + std::string(info.summary) + "\n";
  }
  return out;
}

std::string RulesMarkdown() {
  std::string out = "| rule | severity | what it catches |\n|---|---|---|\n";
  for (const analysis::Rule* r : analysis::AllRules()) {
    const auto& info = r->info();
    out += "| [`" + std::string(info.id) + "`](docs/rules/" + std::string(info.id) + ".md) | " +
           std::string(analysis::SeverityName(info.default_severity)) + " | " +
           std::string(info.summary) + " |\n";
  }
  return out;
}

class RulesCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "The table is the rule registry itself; docs/rules/<id>.md explains each rule.\n"
        "--format md prints the Markdown table README.md shows between its rules markers.");
    sub.add_option("--format", format_, "Output format (md and markdown are the same)")
        ->check(CLI::IsMember({"text", "md", "markdown"}))
        ->capture_default_str();
  }

  ExitCode Run() override {
    if (Status s = WriteOutput("", format_ != "text" ? RulesMarkdown() : RulesText()); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return ExitCode::kOk;
  }

 private:
  std::string format_ = "text";
};

}  // namespace

std::unique_ptr<Command> MakeRulesCommand() { return std::make_unique<RulesCommand>(); }

}  // namespace runwarden::cli
