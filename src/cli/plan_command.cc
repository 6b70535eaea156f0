#include <CLI/CLI.hpp>

#include <optional>

#include "analysis/lint.h"
#include "analysis/registry.h"
#include "analysis/scope/analyzed_statement.h"
#include "analysis/suppression.h"
#include "base/version.h"
#include "cli/command.h"
#include "cli/interrupt.h"
#include "cli/live_schema.h"
#include "cli/load.h"
#include "cli/output.h"
#include "cli/schema_context.h"
#include "db/target.h"
#include "exec/dry_run.h"
#include "plan/plan_builder.h"
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
    sub.add_option("runbook", runbook_, "Markdown runbook (- for standard input)")->required();
    sub.add_option("--tenant", tenant_, "The tenant of the run (the runbook's tenant parameter)");
    sub.add_option("--param", params_, "A parameter value, NAME=VALUE (repeatable)");
    CLI::Option* schema = sub.add_option("--schema", schema_, "DDL file or folder of migrations");
    target_.Add(sub,
                "The database the plan is for (PostgreSQL DSN or SQLite file): its schema is read "
                "from the catalog, and every statement is pre-validated there without side "
                "effects",
                "--target,--db");
    schema->excludes(target_.option());
    target_.option()->excludes(schema);
    sub.add_option("--role", role_, "Role the statements run as (with --schema)");
    sub.add_option("--rust", request_.rust_path,
                   "Also check the Rust row types of this crate against the schema");
    sub.add_option("--config", config_,
                   "Configuration file (default: ./runwarden.toml if present)");
    sub.add_option("--allow", allow_,
                   "Accept the error findings of this rule for this plan (repeatable; each with a "
                   "--reason)");
    sub.add_option("--reason", reasons_, "Why the --allow before it is acceptable");
    sub.add_option("-o,--output", plan_path_, "Write the plan file here");
    sub.add_option("--format", format_, "Report format on standard output")
        ->check(CLI::IsMember({"text", "json", "sarif"}))
        ->capture_default_str();
    sub.add_option("--color", color_, "Colour the text report")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->capture_default_str();
  }

  ExitCode Run() override {
    if (allow_.size() != reasons_.size()) {
      PrintError(UsageError("every --allow needs a --reason")
                     .WithHint("--allow missing-tenant-filter --reason \"the table is global "
                               "reference data\""));
      return ExitCode::kUsage;
    }
    plan::PlanInputs in;
    for (size_t i = 0; i < allow_.size(); ++i) {
      if (analysis::FindRule(allow_[i]) == nullptr) {
        PrintError(UsageError("--allow " + allow_[i] + ": no rule has that id")
                       .WithHint("runwarden rules lists them"));
        return ExitCode::kUsage;
      }
      if (reasons_[i].empty()) {
        PrintError(UsageError("--allow " + allow_[i] + " has an empty --reason"));
        return ExitCode::kUsage;
      }
      in.overrides.push_back({allow_[i], reasons_[i]});
    }
    for (const std::string& p : params_) {
      const size_t eq = p.find('=');
      if (eq == std::string::npos || eq == 0) {
        PrintError(UsageError("--param " + p + ": expected NAME=VALUE"));
        return ExitCode::kUsage;
      }
      in.params[p.substr(0, eq)] = p.substr(eq + 1);
    }
    if (!role_.empty() && schema_.empty()) {
      PrintError(UsageError("--role needs --schema")
                     .WithHint("with --target, the statements run as the role connected"));
      return ExitCode::kUsage;
    }

    SourceSet sources;
    auto rb = LoadRunbookFile(runbook_, sources);
    if (!rb.ok()) {
      PrintError(rb.status(), sources);
      return ExitCode::kUsage;
    }
    std::unique_ptr<SchemaContext> schema;
    if (!schema_.empty()) {
      auto loaded = LoadSchemaContext(schema_, config_, role_, sources);
      if (!loaded.ok()) {
        PrintError(loaded.status(), sources);
        return ExitCode::kUsage;
      }
      schema = std::move(*loaded);
    } else if (target_.given()) {
      bool interrupted = false;
      auto live = ReadLiveSchema(target_.target(), &interrupted);
      if (!live.ok()) {
        PrintError(live.status());
        return interrupted ? ExitCode::kInterrupted : ExitCode::kUsage;
      }
      const db::TargetDescription& t = live->target;
      in.target = {std::string(db::BackendName(t.backend)),
                   t.host,
                   t.port,
                   t.database,
                   t.user,
                   t.path,
                   live->server_version};
      auto made = MakeSchemaContext(std::move(live->schema), config_, "");
      if (!made.ok()) {
        PrintError(made.status());
        return ExitCode::kUsage;
      }
      schema = std::move(*made);
    }
    auto cfg = schema ? Result<config::Config>(schema->config) : LoadProjectConfig(config_);
    if (!cfg.ok()) {
      PrintError(cfg.status());
      return ExitCode::kUsage;
    }
    if (!request_.rust_path.empty() && !schema) {
      PrintError(UsageError("--rust needs --schema or --target"));
      return ExitCode::kUsage;
    }

    analysis::RuleContext ctx;
    ctx.runbook = &*rb;
    std::vector<analysis::scope::AnalyzedStatement> statements;
    std::optional<contracts::Contracts> rust;
    if (schema) {
      analysis::scope::AnalysisOptions options;
      options.role_cannot_bypass_rls = schema->role_cannot_bypass_rls;
      statements =
          analysis::scope::AnalyzeRunbook(*rb, schema->loaded.schema, schema->tenancy, options);
      ctx.schema = &schema->loaded.schema;
      ctx.tenancy = &schema->tenancy;
      ctx.tenant_config = &schema->config.tenant;
      ctx.statements = &statements;
      in.schema_fingerprint = schema->loaded.schema.Fingerprint();
      in.schema_origin = schema->loaded.schema.origin;
      if (!request_.rust_path.empty()) {
        auto c = LoadContracts(request_, *cfg, schema->loaded.schema, sources);
        if (!c.ok()) {
          PrintError(c.status(), sources);
          return ExitCode::kUsage;
        }
        rust.emplace(std::move(c).value());
        ctx.contracts = &*rust;
        in.contracts_checked = true;
      }
    }
    std::vector<analysis::Suppressed> suppressed;
    in.findings = analysis::ApplyConfig(analysis::RunRules(ctx), *cfg, &suppressed);
    in.runbook = &*rb;
    in.tenant = tenant_;
    in.tenant_given = !tenant_.empty();
    in.tool_version = kVersion;

    auto built = plan::BuildPlan(in);
    if (!built.ok()) {
      PrintError(built.status(), sources);
      return ExitCode::kUsage;
    }
    if (target_.given()) {
      if (ExitCode code = PreValidate(*rb, *schema, in, *built); code != ExitCode::kOk) {
        return code;
      }
    }
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
  // The dry run against --target, on a connection of its own.
  ExitCode PreValidate(const runbook::Runbook& rb, const SchemaContext& schema,
                       const plan::PlanInputs& in, plan::Plan& plan) {
    exec::DryRunOptions options;
    for (const plan::PlannedParameter& p : plan.parameters) {
      if (p.value) options.values[p.name] = *p.value;
    }
    for (const auto& [name, value] : in.params) options.values.try_emplace(name, value);
    if (const runbook::Parameter* t = rb.TenantParameter()) {
      if (auto it = options.values.find(t->name); it != options.values.end()) {
        options.tenant = it->second;
      }
    }
    options.tenant_setting = rb.tenant.context_setting;
    options.key_of = [&schema](std::string_view schema_name, std::string_view table) {
      const schema::Table* t = schema.loaded.schema.FindTable(schema_name, table);
      if (t == nullptr) return std::string();
      const analysis::TableTenancy* tt = schema.tenancy.Find(t->name);
      const bool keyed = tt != nullptr && (tt->kind == analysis::TenancyKind::kDirect ||
                                           tt->kind == analysis::TenancyKind::kRoot);
      return keyed ? tt->key_column : std::string();
    };
    auto conn = db::Open(target_.target());
    if (!conn.ok()) {
      PrintError(conn.status());
      return ExitCode::kUsage;
    }
    CancelOnInterrupt guard(**conn);
    Status s = exec::DryRun(plan, **conn, options);
    if (guard.interrupted()) {
      PrintError(ExecutionError("interrupted while validating the plan against " +
                                (*conn)->Describe().ToString())
                     .WithHint("the validation was rolled back; nothing was changed"));
      return ExitCode::kInterrupted;
    }
    if (!s.ok()) {
      PrintError(s);
      return ExitCode::kUsage;
    }
    return ExitCode::kOk;
  }

  std::string runbook_;
  std::string tenant_;
  std::vector<std::string> params_;
  std::string schema_;
  DatabaseOption target_;
  std::string role_;
  ContractsRequest request_;
  std::string config_;
  std::vector<std::string> allow_;
  std::vector<std::string> reasons_;
  std::string plan_path_;
  std::string format_ = "text";
  std::string color_ = "auto";
};

}  // namespace

std::unique_ptr<Command> MakePlanCommand() { return std::make_unique<PlanCommand>(); }

}  // namespace runwarden::cli
