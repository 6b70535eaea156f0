// Feeds arbitrary bytes two ways: as a plan file to ReadPlan (format and
// hash checks, JSON shape), and as a runbook through everything
// `runwarden plan` does offline: parse, lint, order the steps, classify the
// statements, plan rollbacks and hazards, gate, write the plan file. The
// written plan must read back (its hash holds) and write again to the same
// bytes; anything else aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "analysis/lint.h"
#include "plan/plan_builder.h"
#include "plan/plan_file.h"
#include "runbook/parser.h"

namespace plan = runwarden::plan;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  static_cast<void>(plan::ReadPlan(text, "fuzz.json"));

  auto rb = runwarden::runbook::ParseRunbook(text, "fuzz.md");
  if (!rb.ok()) return 0;
  runwarden::analysis::RuleContext ctx;
  ctx.runbook = &*rb;
  plan::PlanInputs in;
  in.runbook = &*rb;
  in.findings = runwarden::analysis::RunRules(ctx);
  in.tenant = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  in.tenant_given = rb->TenantParameter() != nullptr;
  in.tool_version = "fuzz";
  auto built = plan::BuildPlan(in);
  if (!built.ok()) return 0;
  const plan::PlanFile file = plan::WritePlan(*built);
  std::string hash;
  auto read = plan::ReadPlan(file.text, "fuzz.json", &hash);
  if (!read.ok() || hash != file.hash) std::abort();
  if (plan::WritePlan(*read).text != file.text) std::abort();
  return 0;
}
