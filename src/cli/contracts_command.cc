#include <CLI/CLI.hpp>

#include <optional>
#include "analysis/lint.h"
#include "analysis/suppression.h"

#include "cli/command.h"
#include "cli/live_schema.h"
#include "cli/load.h"
#include "cli/output.h"
#include "report/contracts_report.h"
#include "report/findings_report.h"

namespace runwarden::cli {

namespace {

class ContractsCommand final : public Command {
 public:
  void Setup(CLI::App& sub) override {
    sub.footer(
        "Reads the row types of a Rust crate or workspace (structs deriving sqlx::FromRow or\n"
        "diesel's Queryable, Selectable, Insertable and AsChangeset, diesel table! blocks,\n"
        "sqlx query_as!/query!/query_as::<_, T>() calls with literal SQL, sqlx's offline cache),\n"
        "maps each to the columns it reads or writes, and checks nullability, integer widths\n"
        "and types against the schema. With --binary, also reads the struct layouts of a\n"
        "debug build (full debug information: cargo's dev profile, or -C debuginfo=2) and\n"
        "reports where the binary was built from other source than the crate. The schema comes\n"
        "from a DDL file or folder of migrations (--schema) or from a live database's catalog\n"
        "(--db: postgres:// URIs, libpq keyword strings, \"\" for the PG* environment,\n"
        "sqlite:PATH or a .db file); with --db and no --dialect, the dialect is the database's.");
    sub.add_option("--rust", request_.rust_path, "Rust crate or workspace directory")->required();
    CLI::Option* schema = sub.add_option("--schema", schema_, "DDL file or folder of migrations");
    db_.Add(sub, "Read the schema from this live database instead (PostgreSQL DSN or SQLite file)");
    schema->excludes(db_.option());
    sub.add_option("--binary", request_.binary_path,
                   "A debug build of the crate (ELF with DWARF) to compare with the source");
    sub.add_option("--dialect", request_.dialect,
                   "The database the crate talks to (default: read from Cargo.toml)")
        ->check(CLI::IsMember({"postgres", "sqlite"}));
    sub.add_option("--config", config_,
                   "Configuration file (default: ./runwarden.toml if present)");
    report_.Add(sub);
  }

  ExitCode Run() override {
    SourceSet sources;
    auto cfg = LoadProjectConfig(config_);
    if (!cfg.ok()) {
      PrintError(cfg.status());
      return ExitCode::kUsage;
    }
    if (schema_.empty() == !db_.given()) {
      PrintError(UsageError("contracts needs --schema FILE or --db TARGET")
                     .WithHint("runwarden contracts --rust . --schema migrations/, or runwarden "
                               "contracts --rust . --db postgres://app@db.example/app"));
      return ExitCode::kUsage;
    }
    std::optional<schema::LoadedSchema> file;
    std::optional<LiveSchema> live;
    ContractsRequest request = request_;
    if (db_.given()) {
      bool interrupted = false;
      auto read = ReadLiveSchema(db_.target(), &interrupted);
      if (!read.ok()) {
        PrintError(read.status());
        return interrupted ? ExitCode::kInterrupted : ExitCode::kUsage;
      }
      live = std::move(read).value();
      if (request.dialect.empty()) {
        request.dialect = live->backend == db::BackendKind::kSqlite ? "sqlite" : "postgres";
        request.dialect_evidence = "the database read with --db";
      }
    } else {
      auto loaded = LoadSchemaFile(schema_, sources);
      if (!loaded.ok()) {
        PrintError(loaded.status(), sources);
        return ExitCode::kUsage;
      }
      file = std::move(loaded).value();
    }
    const schema::Schema& schema = live ? live->schema : file->schema;
    auto contracts = LoadContracts(request, *cfg, schema, sources);
    if (!contracts.ok()) {
      PrintError(contracts.status(), sources);
      return ExitCode::kUsage;
    }
    analysis::RuleContext ctx;
    ctx.contracts = &*contracts;

    report::ContractsInput in;
    in.rust_path = request_.rust_path;
    in.contracts = &*contracts;
    in.findings = analysis::ApplyConfig(analysis::RunRules(ctx), *cfg, &in.suppressed);

    return report_.Emit(
        in.findings, [&] { return report::ContractsJson(in); },
        [&](report::Color color) { return report::ContractsText(in, sources, color); });
  }

 private:
  ContractsRequest request_;
  std::string schema_;
  DatabaseOption db_;
  std::string config_;
  ReportOptions report_;
};

}  // namespace

std::unique_ptr<Command> MakeContractsCommand() { return std::make_unique<ContractsCommand>(); }

}  // namespace runwarden::cli
