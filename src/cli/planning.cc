#include "cli/planning.h"

#include "analysis/lint.h"
#include "analysis/registry.h"
#include "analysis/scope/analyzed_statement.h"
#include "analysis/suppression.h"
#include "base/text.h"
#include "base/version.h"
#include "cli/approved_plan.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "db/target.h"
#include "exec/dry_run.h"
#include "plan/plan_match.h"

namespace runwarden::cli {

void PlanOptions::Add(CLI::App& sub, const std::string& target_help) {
  sub.add_option("runbook", runbook_, "Markdown runbook (- for standard input)")->required();
  sub.add_option("--tenant", tenant_, "The tenant of the run (the runbook's tenant parameter)");
  sub.add_option("--param", params_, "A parameter value, NAME=VALUE (repeatable)");
  CLI::Option* schema = sub.add_option("--schema", schema_, "DDL file or folder of migrations");
  target_.Add(sub, target_help, "--target,--db");
  target_.option()->excludes(schema);
  sub.add_option("--role", role_, "Role the statements run as (with --schema)");
  sub.add_option("--rust", request_.rust_path,
                 "Also check the Rust row types of this crate against the schema");
  sub.add_option("--config", config_, "Configuration file (default: ./runwarden.toml if present)");
  sub.add_option("--allow", allow_,
                 "Accept the error findings of this rule for this plan, or the ordering hazard "
                 "tenant-data-before-check (repeatable; each with a --reason)");
  sub.add_option("--reason", reasons_, "Why the --allow before it is acceptable");
}

ExitCode PlanOptions::Make(Planned& out) const {
  plan::PlanInputs& in = out.inputs;
  if (allow_.size() != reasons_.size()) {
    PrintError(UsageError("every --allow needs a --reason")
                   .WithHint("--allow missing-tenant-filter --reason \"the table is global "
                             "reference data\""));
    return ExitCode::kUsage;
  }
  for (size_t i = 0; i < allow_.size(); ++i) {
    if (analysis::FindRule(allow_[i]) == nullptr && allow_[i] != plan::kTenantDataBeforeCheck) {
      PrintError(UsageError("--allow " + allow_[i] + ": no rule has that id")
                     .WithHint(std::string("runwarden rules lists them; the ordering hazard is ") +
                               plan::kTenantDataBeforeCheck));
      return ExitCode::kUsage;
    }
    if (reasons_[i].empty()) {
      PrintError(UsageError("--allow " + allow_[i] + " has an empty --reason"));
      return ExitCode::kUsage;
    }
    in.overrides.push_back({allow_[i], reasons_[i]});
  }
  if (ExitCode code = ParseParams(params_, in.params); code != ExitCode::kOk) return code;
  if (!role_.empty() && schema_.empty()) {
    PrintError(UsageError("--role needs --schema")
                   .WithHint("with --target, the statements run as the role connected"));
    return ExitCode::kUsage;
  }

  auto rb = LoadRunbookFile(runbook_, out.sources);
  if (!rb.ok()) {
    PrintError(rb.status(), out.sources);
    return ExitCode::kUsage;
  }
  out.runbook.emplace(std::move(*rb));
  if (!schema_.empty()) {
    auto loaded = LoadSchemaContext(schema_, config_, role_, out.sources);
    if (!loaded.ok()) {
      PrintError(loaded.status(), out.sources);
      return ExitCode::kUsage;
    }
    out.schema = std::move(*loaded);
  } else if (target_.given()) {
    bool interrupted = false;
    auto live = ReadLiveSchema(target_.target(), &interrupted);
    if (!live.ok()) {
      PrintError(live.status());
      return interrupted ? ExitCode::kInterrupted : ExitCode::kUsage;
    }
    in.target = IdentityOf(*live);
    auto made = MakeSchemaContext(std::move(live->schema), config_, "");
    if (!made.ok()) {
      PrintError(made.status());
      return ExitCode::kUsage;
    }
    out.schema = std::move(*made);
  }
  auto cfg = out.schema ? Result<config::Config>(out.schema->config) : LoadProjectConfig(config_);
  if (!cfg.ok()) {
    PrintError(cfg.status());
    return ExitCode::kUsage;
  }
  if (!request_.rust_path.empty() && !out.schema) {
    PrintError(UsageError("--rust needs --schema or --target"));
    return ExitCode::kUsage;
  }

  const runbook::Runbook& runbook = *out.runbook;
  analysis::RuleContext ctx;
  ctx.runbook = &runbook;
  std::vector<analysis::scope::AnalyzedStatement> statements;
  std::optional<contracts::Contracts> rust;
  if (out.schema) {
    const SchemaContext& schema = *out.schema;
    analysis::scope::AnalysisOptions options;
    options.role_cannot_bypass_rls = schema.role_cannot_bypass_rls;
    statements =
        analysis::scope::AnalyzeRunbook(runbook, schema.loaded.schema, schema.tenancy, options);
    ctx.schema = &schema.loaded.schema;
    ctx.tenancy = &schema.tenancy;
    ctx.tenant_config = &schema.config.tenant;
    ctx.statements = &statements;
    in.schema_fingerprint = schema.loaded.schema.Fingerprint();
    in.schema_origin = schema.loaded.schema.origin;
    if (!request_.rust_path.empty()) {
      auto c = LoadContracts(request_, *cfg, schema.loaded.schema, out.sources);
      if (!c.ok()) {
        PrintError(c.status(), out.sources);
        return ExitCode::kUsage;
      }
      rust.emplace(std::move(c).value());
      out.contracts_loaded = rust->contract_count();
      ctx.contracts = &*rust;
      in.contracts_checked = true;
    }
  }
  std::vector<analysis::Suppressed> suppressed;
  in.findings = analysis::ApplyConfig(analysis::RunRules(ctx), *cfg, &suppressed);
  in.runbook = &runbook;
  in.tenant = tenant_;
  in.tenant_given = !tenant_.empty();
  in.tool_version = kVersion;

  auto built = plan::BuildPlan(in);
  if (!built.ok()) {
    PrintError(built.status(), out.sources);
    return ExitCode::kUsage;
  }
  out.plan = std::move(*built);
  for (const plan::PlannedParameter& p : out.plan.parameters) {
    if (p.value) out.values[p.name] = *p.value;
  }
  for (const auto& [name, value] : in.params) out.values.try_emplace(name, value);
  if (const runbook::Parameter* t = runbook.TenantParameter()) {
    if (const std::string* v = plan::ValueNamed(out.values, t->name)) out.tenant = *v;
  }
  if (target_.given()) return PreValidate(out);
  return ExitCode::kOk;
}

// The dry run against --target, on a connection of its own.
ExitCode PlanOptions::PreValidate(Planned& out) const {
  const SchemaContext& schema = *out.schema;
  exec::DryRunOptions options;
  options.values = out.values;
  options.tenant = out.tenant;
  options.tenant_setting = out.runbook->tenant.context_setting;
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
  Status s = exec::DryRun(out.plan, **conn, options);
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

std::set<std::string> TenantColumns(const SchemaContext& schema) {
  std::set<std::string> out;
  for (const auto& [name, t] : schema.tenancy.tables) {
    if (t.kind == analysis::TenancyKind::kDirect && !t.secondary_key && !t.key_column.empty()) {
      out.insert(AsciiLower(t.key_column));
    }
  }
  return out;
}

}  // namespace runwarden::cli
