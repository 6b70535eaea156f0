#include <CLI/CLI.hpp>

#include <optional>

#include "analysis/lint.h"
#include "analysis/suppression.h"
#include "analysis/tenancy.h"
#include "cli/command.h"
#include "cli/load.h"
#include "cli/output.h"
#include "report/findings_report.h"
#include "report/scan_report.h"

namespace runwarden::cli {

namespace {

class ScanCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Reads the schema from a pg_dump --schema-only file or a folder of migrations (applied in\n"
        "lexical order), decides how every table belongs to a tenant (root, direct through a\n"
        "tenant key, indirect through foreign keys, global, or unpartitioned), and checks the\n"
        "row-level security posture of every tenant table and policy. Configuration comes from\n"
        "runwarden.toml (tenant keys, roots, global tables, severities, ignores with reasons).\n"
        "With --rust, also checks the crate's row types as runwarden contracts does.");
    sub.add_option("--schema", schema_, "DDL file or folder of migrations")->required();
    sub.add_option("--rust", request_.rust_path,
                   "Also check the Rust contracts of this crate (as runwarden contracts does)");
    sub.add_option("--binary", request_.binary_path,
                   "With --rust: a debug build of the crate to compare with the source");
    sub.add_option("--dialect", request_.dialect,
                   "With --rust: the database the crate talks to (default: from Cargo.toml)")
        ->check(CLI::IsMember({"postgres", "sqlite"}));
    sub.add_option("--config", config_,
                   "Configuration file (default: ./runwarden.toml if present)");
    sub.add_flag("--tables", tables_, "Also print one line per table");
    report_.Add(sub);
  }

  ExitCode Run() override {
    SourceSet sources;
    auto cfg = LoadProjectConfig(config_);
    if (!cfg.ok()) {
      PrintError(cfg.status());
      return ExitCode::kUsage;
    }
    auto loaded = LoadSchemaFile(schema_, sources);
    if (!loaded.ok()) {
      PrintError(loaded.status(), sources);
      return ExitCode::kUsage;
    }
    if (request_.rust_path.empty() &&
        (!request_.binary_path.empty() || !request_.dialect.empty())) {
      PrintError(UsageError("--binary and --dialect need --rust"));
      return ExitCode::kUsage;
    }
    std::optional<contracts::Contracts> rust;
    if (!request_.rust_path.empty()) {
      auto c = LoadContracts(request_, loaded->schema, sources);
      if (!c.ok()) {
        PrintError(c.status(), sources);
        return ExitCode::kUsage;
      }
      rust.emplace(std::move(c).value());
    }
    const analysis::Tenancy tenancy = analysis::ClassifyTenancy(loaded->schema, cfg->tenant);
    analysis::RuleContext ctx;
    ctx.schema = &loaded->schema;
    ctx.tenancy = &tenancy;
    ctx.tenant_config = &cfg->tenant;
    if (rust) ctx.contracts = &*rust;

    report::ScanInput in;
    in.schema = &loaded->schema;
    in.load_stats = &loaded->stats;
    in.tenancy = &tenancy;
    in.table_detail = tables_;
    in.findings = analysis::ApplyConfig(analysis::RunRules(ctx), *cfg, &in.suppressed);

    std::string text;
    if (report_.format == "json") {
      text = report::ScanJson(in);
    } else if (report_.format == "sarif") {
      text = report::FindingsSarif(in.findings);
    } else {
      text = report::ScanText(in, sources, report_.TextColor());
    }
    if (Status s = WriteOutput(report_.output, text); !s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return analysis::CountFindings(in.findings).errors > 0 ? ExitCode::kFindings : ExitCode::kOk;
  }

 private:
  std::string schema_;
  ContractsRequest request_;
  std::string config_;
  bool tables_ = false;
  ReportOptions report_;
};

}  // namespace

std::unique_ptr<Command> MakeScanCommand() { return std::make_unique<ScanCommand>(); }

}  // namespace runwarden::cli
