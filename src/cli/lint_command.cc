#include <CLI/CLI.hpp>

#include "analysis/lint.h"
#include "analysis/scope/analyzed_statement.h"
#include "analysis/suppression.h"
#include "cli/command.h"
#include "cli/load.h"
#include "cli/output.h"
#include "cli/schema_context.h"
#include "report/findings_report.h"
#include "report/scope_report.h"

namespace runwarden::cli {

namespace {

class LintCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Check runbooks before anyone runs them: SQL syntax with exact locations, parameters,\n"
        "step ids and dependencies, attributes, placeholders inside string literals, and\n"
        "tenant context that would outlive its transaction. With --schema, every statement is\n"
        "also checked against the schema: each relation it reads or writes must be pinned to\n"
        "the run's tenant (the tenant parameter, or the tenant setting), and each statement\n"
        "gets a verdict: scoped, unscoped, relies-on-rls, admin or not-applicable.");
    sub.add_option("runbook", paths_, "Markdown runbook files (- for standard input)")->required();
    sub.add_option("--schema", schema_,
                   "DDL file or folder of migrations to check statements against");
    sub.add_option("--config", config_,
                   "Configuration file (default: ./runwarden.toml if present); with --schema");
    sub.add_option("--role", role_,
                   "Role the statements run as; forced row-level security counts when it cannot "
                   "bypass it");
    report_.Add(sub);
  }

  ExitCode Run() override {
    SourceSet sources;
    std::vector<analysis::Finding> findings;
    bool input_error = false;
    std::unique_ptr<SchemaContext> schema;
    if (schema_.empty() && (!role_.empty() || !config_.empty())) {
      PrintError(UsageError("--role and --config need --schema"));
      return ExitCode::kUsage;
    }
    if (!schema_.empty()) {
      auto loaded = LoadSchemaContext(schema_, config_, role_, sources);
      if (!loaded.ok()) {
        PrintError(loaded.status(), sources);
        return ExitCode::kUsage;
      }
      schema = std::move(*loaded);
    }
    // Runbooks stay loaded: the statements' positions refer to them.
    std::vector<std::unique_ptr<runbook::Runbook>> runbooks;
    std::vector<analysis::scope::AnalyzedStatement> statements;
    for (const std::string& path : paths_) {
      auto rb = LoadRunbookFile(path, sources);
      if (!rb.ok()) {
        PrintError(rb.status(), sources);
        input_error = true;
        continue;
      }
      runbooks.push_back(std::make_unique<runbook::Runbook>(std::move(*rb)));
      analysis::RuleContext ctx;
      ctx.runbook = runbooks.back().get();
      if (!schema) {
        for (auto& f : analysis::RunRules(ctx)) findings.push_back(std::move(f));
        continue;
      }
      analysis::scope::AnalysisOptions options;
      options.role_cannot_bypass_rls = schema->role_cannot_bypass_rls;
      auto mine = analysis::scope::AnalyzeRunbook(*ctx.runbook, schema->loaded.schema,
                                                  schema->tenancy, options);
      ctx.schema = &schema->loaded.schema;
      ctx.tenancy = &schema->tenancy;
      ctx.tenant_config = &schema->config.tenant;
      ctx.statements = &mine;
      auto found = analysis::RunRules(
          ctx, {analysis::RuleTarget::kRunbook, analysis::RuleTarget::kStatementScope});
      std::vector<analysis::Suppressed> suppressed;
      for (auto& f : analysis::ApplyConfig(std::move(found), schema->config, &suppressed)) {
        findings.push_back(std::move(f));
      }
      for (auto& st : mine) statements.push_back(std::move(st));
    }
    analysis::SortFindings(findings);
    const ExitCode code = report_.Emit(
        findings,
        [&] {
          return schema ? report::ScopeJson(findings, statements) : report::FindingsJson(findings);
        },
        [&](report::Color color) {
          return (schema ? report::StatementsText(statements) : std::string()) +
                 report::FindingsText(findings, sources, color);
        });
    return input_error ? ExitCode::kUsage : code;
  }

 private:
  std::vector<std::string> paths_;
  std::string schema_;
  std::string config_;
  std::string role_;
  ReportOptions report_;
};

}  // namespace

std::unique_ptr<Command> MakeLintCommand() { return std::make_unique<LintCommand>(); }

}  // namespace runwarden::cli
