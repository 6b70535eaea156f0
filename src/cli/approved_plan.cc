#include "cli/approved_plan.h"

#include <iostream>

#include "base/file_reader.h"
#include "base/text.h"
#include "base/version.h"
#include "cli/load.h"
#include "cli/output.h"
#include "cli/planning.h"
#include "cli/run_phases.h"
#include "cli/schema_context.h"
#include "db/target.h"
#include "plan/plan_file.h"
#include "plan/plan_match.h"

namespace runwarden::cli {

ExitCode ParseParams(const std::vector<std::string>& params,
                     std::map<std::string, std::string>& out) {
  for (const std::string& p : params) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      PrintError(UsageError("--param " + p.substr(0, eq) + ": expected NAME=VALUE"));
      return ExitCode::kUsage;
    }
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return ExitCode::kOk;
}

plan::TargetIdentity IdentityOf(const LiveSchema& live) {
  const db::TargetDescription& t = live.target;
  return {std::string(db::BackendName(t.backend)),
          t.host,
          t.port,
          t.database,
          t.user,
          t.path,
          live.server_version};
}

ExitCode ReadApprovedPlan(const std::string& path, ApprovedPlan& out) {
  auto text = DiskFileReader().Read(path, 64 << 20);
  if (!text.ok()) {
    PrintError(text.status());
    return ExitCode::kUsage;
  }
  auto plan = plan::ReadPlan(*text, path, &out.hash);
  if (!plan.ok()) {
    PrintError(plan.status());
    return ExitCode::kUsage;
  }
  out.path = path;
  out.text = std::move(*text);
  out.plan = std::move(*plan);
  return ExitCode::kOk;
}

ExitCode CheckAgainstNow(const ApprovedPlan& approved, const NowRequest& request, Execution& run) {
  const plan::Plan& plan = approved.plan;
  plan::CurrentInputs now;
  if (ExitCode code = ParseParams(request.params, now.values); code != ExitCode::kOk) return code;
  SourceSet sources;
  auto rb = LoadRunbookFile(request.runbook_path.empty() ? plan.runbook_path : request.runbook_path,
                            sources);
  if (!rb.ok()) {
    PrintError(rb.status(), sources);
    return ExitCode::kUsage;
  }
  now.runbook_digest = rb->digest;
  now.tool_version = kVersion;
  bool interrupted = false;
  auto live = ReadLiveSchema(request.target, &interrupted);
  if (!live.ok()) {
    PrintError(live.status());
    return interrupted ? ExitCode::kInterrupted : ExitCode::kUsage;
  }
  now.target = IdentityOf(*live);
  now.schema_fingerprint =
      request.compare_schema ? live->schema.Fingerprint() : plan.schema_fingerprint;
  auto schema = MakeSchemaContext(std::move(live->schema), request.config, "");
  if (!schema.ok()) {
    PrintError(schema.status());
    return ExitCode::kUsage;
  }
  const std::vector<std::string> changes = plan::CompareWithPlan(plan, now);
  if (!changes.empty()) {
    std::cerr << "error: refused: the plan no longer describes what would run\n";
    for (const std::string& c : changes) std::cerr << "  - " << c << "\n";
    std::cerr << "  help: make a new plan (runwarden plan) and have it approved\n";
    return ExitCode::kFindings;
  }
  run.plan = &plan;
  run.plan_hash = approved.hash;
  run.plan_text = approved.text;
  run.values = plan::RunValues(plan, now);
  if (const std::string* v = plan::ValueNamed(run.values, plan.tenant_parameter)) run.tenant = *v;
  run.tenant_setting = rb->tenant.context_setting;
  run.tenant_columns = TenantColumns(**schema);
  run.target = request.target;
  run.phases = RunPhases(plan, schema->get(), std::nullopt);
  run.runbook_text = rb->source ? rb->source->text() : "";
  run.schema = std::move(*schema);
  return ExitCode::kOk;
}

}  // namespace runwarden::cli
