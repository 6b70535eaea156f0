// What planning costs: the generated runbook of 2,000 SQL blocks (20,000
// statements, bench/runbook_generator.h) turned into a plan offline, against
// the raw pg_query_parse of the same statements (BM_RawPgQueryParse, in
// runbook_parse_bench.cc) in the same run.
//
//   BM_BuildPlan  from a parsed runbook and its lint findings: order the
//                 steps into units, classify every statement, rollback plan,
//                 hazards, gates, and write the plan file with its hash
//   BM_PlanRunbook  the whole offline `runwarden plan`: parse the runbook,
//                 lint it, BuildPlan, WritePlan
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/lint.h"
#include "bench/ratios.h"
#include "bench/runbook_generator.h"
#include "plan/plan_builder.h"
#include "plan/plan_file.h"
#include "runbook/parser.h"

namespace {

namespace analysis = runwarden::analysis;
namespace plan = runwarden::plan;
namespace runbook = runwarden::runbook;
using runwarden::bench::kMaxBytes;
using runwarden::bench::kStatements;

const std::string& Document() {
  static const std::string* const doc =
      new std::string(runwarden::bench::RunbookGenerator().Generate());
  return *doc;
}

// Plans `rb` (whose findings are `findings`) and writes the plan file.
size_t PlanAndWrite(const runbook::Runbook& rb, std::vector<analysis::Finding> findings) {
  plan::PlanInputs in;
  in.runbook = &rb;
  in.findings = std::move(findings);
  in.tenant = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  in.tenant_given = true;
  in.params = {
      {"ORDER_ID", "42"}, {"CUSTOMER_ID", "7"}, {"REASON", "fraud"}, {"INCIDENT", "INC-4211"}};
  in.tool_version = "bench";
  auto built = plan::BuildPlan(in);
  if (!built.ok()) std::abort();
  return plan::WritePlan(*built).text.size();
}

struct Parsed {
  runbook::Runbook rb;
  std::vector<analysis::Finding> findings;
};

const Parsed& GetParsed() {
  static const Parsed* const p = [] {
    runbook::ParseOptions options;
    options.max_bytes = kMaxBytes;
    auto rb = runbook::ParseRunbook(Document(), "full-playbook.md", options);
    if (!rb.ok()) std::abort();
    auto* out = new Parsed{std::move(*rb), {}};
    analysis::RuleContext ctx;
    ctx.runbook = &out->rb;
    out->findings = analysis::RunRules(ctx);
    return out;
  }();
  return *p;
}

void SetCounters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kStatements);
}

void BM_BuildPlan(benchmark::State& state) {
  const Parsed& p = GetParsed();
  for (auto _ : state) benchmark::DoNotOptimize(PlanAndWrite(p.rb, p.findings));
  SetCounters(state);
}

void BM_PlanRunbook(benchmark::State& state) {
  const std::string& doc = Document();
  runbook::ParseOptions options;
  options.max_bytes = kMaxBytes;
  for (auto _ : state) {
    auto rb = runbook::ParseRunbook(doc, "full-playbook.md", options);
    if (!rb.ok()) {
      state.SkipWithError("ParseRunbook failed");
      break;
    }
    analysis::RuleContext ctx;
    ctx.runbook = &*rb;
    benchmark::DoNotOptimize(PlanAndWrite(*rb, analysis::RunRules(ctx)));
  }
  SetCounters(state);
}

BENCHMARK(BM_BuildPlan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlanRunbook)->Unit(benchmark::kMillisecond);
RUNWARDEN_BENCH_RATIO(BM_BuildPlan, BM_RawPgQueryParse);
RUNWARDEN_BENCH_RATIO(BM_PlanRunbook, BM_RawPgQueryParse);

}  // namespace
