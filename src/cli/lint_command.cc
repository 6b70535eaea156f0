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
    report_.Add(sub);
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
    if (report_.format == "json") {
      text = report::FindingsJson(findings);
    } else if (report_.format == "sarif") {
      text = report::FindingsSarif(findings);
    } else {
      text = report::FindingsText(findings, sources, report_.TextColor());
    }
    if (Status s = WriteOutput(report_.output, text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    if (input_error) return ExitCode::kUsage;
    return analysis::CountFindings(findings).errors > 0 ? ExitCode::kFindings : ExitCode::kOk;
  }

 private:
  std::vector<std::string> paths_;
  ReportOptions report_;
};

}  // namespace

std::unique_ptr<Command> MakeLintCommand() { return std::make_unique<LintCommand>(); }

}  // namespace runwarden::cli
