#include <CLI/CLI.hpp>

#include <optional>

#include "analysis/lint.h"
#include "analysis/suppression.h"
#include "analysis/tenancy.h"
#include "cli/command.h"
#include "cli/live_schema.h"
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
        "lexical order), or from the catalog of a live database (--db), decides how every table\n"
        "belongs to a tenant (root, direct through a tenant key, indirect through foreign keys,\n"
        "global, or unpartitioned), and checks the row-level security posture of every tenant\n"
        "table and policy. With --db it also judges the role it connects as (superuser,\n"
        "BYPASSRLS, owner of tables whose policies are not forced), and with --db and --schema\n"
        "together it reports where the database differs from the schema file (schema-drift).\n"
        "Targets: postgres:// URIs, libpq keyword strings, \"\" for the PG* environment and\n"
        "~/.pgpass, sqlite:PATH or a .db file. Passwords never appear in any output.\n"
        "Configuration comes from runwarden.toml (tenant keys, roots, global tables,\n"
        "severities, ignores with reasons). With --rust, also checks the crate's row types as\n"
        "runwarden contracts does.");
    sub.add_option("--schema", schema_,
                   "DDL file or folder of migrations; with --db, the schema the database should "
                   "have");
    db_.Add(sub, "Read the schema from this live database (PostgreSQL DSN or SQLite file)");
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
    if (schema_.empty() && !db_.given()) {
      PrintError(UsageError("scan needs --schema FILE, --db TARGET, or both")
                     .WithHint("runwarden scan --schema schema.sql, or runwarden scan --db "
                               "postgres://app@db.example/app"));
      return ExitCode::kUsage;
    }
    SourceSet sources;
    auto cfg = LoadProjectConfig(config_);
    if (!cfg.ok()) {
      PrintError(cfg.status());
      return ExitCode::kUsage;
    }
    std::optional<schema::LoadedSchema> file;
    if (!schema_.empty()) {
      auto loaded = LoadSchemaFile(schema_, sources);
      if (!loaded.ok()) {
        PrintError(loaded.status(), sources);
        return ExitCode::kUsage;
      }
      file = std::move(loaded).value();
    }
    std::optional<schema::Schema> live;
    if (db_.given()) {
      bool interrupted = false;
      auto read = ReadLiveSchema(db_.target(), &interrupted);
      if (!read.ok()) {
        PrintError(read.status());
        return interrupted ? ExitCode::kInterrupted : ExitCode::kUsage;
      }
      live = std::move(read->schema);
    }
    const schema::Schema& scanned = live ? *live : file->schema;
    if (request_.rust_path.empty() &&
        (!request_.binary_path.empty() || !request_.dialect.empty())) {
      PrintError(UsageError("--binary and --dialect need --rust"));
      return ExitCode::kUsage;
    }
    std::optional<contracts::Contracts> rust;
    if (!request_.rust_path.empty()) {
      auto c = LoadContracts(request_, *cfg, scanned, sources);
      if (!c.ok()) {
        PrintError(c.status(), sources);
        return ExitCode::kUsage;
      }
      rust.emplace(std::move(c).value());
    }
    const analysis::Tenancy tenancy = analysis::ClassifyTenancy(scanned, cfg->tenant);
    analysis::RuleContext ctx;
    ctx.schema = &scanned;
    if (live && file) ctx.expected_schema = &file->schema;
    ctx.tenancy = &tenancy;
    ctx.tenant_config = &cfg->tenant;
    if (rust) ctx.contracts = &*rust;

    report::ScanInput in;
    in.schema = &scanned;
    in.load_stats = live ? nullptr : &file->stats;
    in.tenancy = &tenancy;
    in.table_detail = tables_;
    in.findings = analysis::ApplyConfig(analysis::RunRules(ctx), *cfg, &in.suppressed);

    return report_.Emit(
        in.findings, [&] { return report::ScanJson(in); },
        [&](report::Color color) { return report::ScanText(in, sources, color); });
  }

 private:
  std::string schema_;
  ContractsRequest request_;
  DatabaseOption db_;
  std::string config_;
  bool tables_ = false;
  ReportOptions report_;
};

}  // namespace

std::unique_ptr<Command> MakeScanCommand() { return std::make_unique<ScanCommand>(); }

}  // namespace runwarden::cli
