#include <CLI/CLI.hpp>

#include "analysis/lint.h"
#include "cli/command.h"
#include "cli/load.h"
#include "cli/output.h"
#include "report/findings_report.h"

namespace runwarden::cli {

namespace {

class LintCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Check runbooks before anyone runs them: SQL syntax with exact locations, parameters,\n"
        "step ids and dependencies, attributes, placeholders inside string literals, and\n"
        "tenant context that would outlive its transaction.");
    sub.add_option("runbook", paths_, "Markdown runbook files (- for standard input)")->required();
    sub.add_option("--format", format_, "Report format")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    sub.add_option("-o,--output", output_, "Write the report to this file instead of stdout");
    sub.add_option("--color", color_, "Colour the text report")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
  }

  ExitCode Run() override {
    SourceSet sources;
    std::vector<analysis::Finding> findings;
    bool input_error = false;
    for (const std::string& path : paths_) {
      auto rb = LoadRunbookFile(path, sources);
      if (!rb.ok()) {
        PrintError(rb.status(), sources);
        input_error = true;
        continue;
      }
      analysis::RuleContext ctx;
      ctx.runbook = &*rb;
      for (auto& f : analysis::RunRules(ctx)) findings.push_back(std::move(f));
    }
    analysis::SortFindings(findings);
    std::string text;
    if (format_ == "json") {
      text = report::FindingsJson(findings);
    } else if (format_ == "sarif") {
      text = report::FindingsSarif(findings);
    } else {
      text = report::FindingsText(findings, sources,
                                  output_.empty() ? StdoutColor(color_) : report::Color::kNever);
    }
    if (Status s = WriteOutput(output_, text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    if (input_error) return ExitCode::kUsage;
    return analysis::CountFindings(findings).errors > 0 ? ExitCode::kFindings : ExitCode::kOk;
  }

 private:
  std::vector<std::string> paths_;
  std::string format_ = "text";
  std::string output_;
  std::string color_ = "auto";
};

}  // namespace

std::unique_ptr<Command> MakeLintCommand() { return std::make_unique<LintCommand>(); }

}  // namespace runwarden::cli
