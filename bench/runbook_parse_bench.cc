// How much the runbook layer costs on top of PostgreSQL's own parser.
//
// One generated runbook of 20,000 SQL statements in 2,000 fenced blocks is
// measured four ways in the same process: raw pg_query_parse per statement
// (the baseline), raw pg_query_parse per block (what runwarden calls), the
// whole ParseRunbook, and ParseRunbook plus every lint rule. The raw
// benchmarks parse exactly the bound texts ParseRunbook produced, so the
// comparison is of the same SQL. After the table, main prints the ratios of
// ParseRunbook to the raw baselines from the medians of the same run.
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "analysis/lint.h"
#include "bench/ratios.h"
#include "bench/runbook_generator.h"
#include "runbook/parser.h"
#include "runbook/runbook.h"

namespace {

namespace analysis = runwarden::analysis;
namespace runbook = runwarden::runbook;
using runwarden::bench::kBlocks;
using runwarden::bench::kMaxBytes;
using runwarden::bench::kStatements;
using runwarden::bench::RunbookGenerator;

// The document and what the first parse of it found: the statements'
// bound texts (what runwarden hands to libpg_query) and, per block, those
// texts joined as runwarden joins them.
struct Workload {
  std::string document;
  std::vector<std::string> statements;
  std::vector<std::string> blocks;
};

const Workload& GetWorkload() {
  static const Workload* const workload = [] {
    auto* w = new Workload;
    w->document = RunbookGenerator().Generate();
    runbook::ParseOptions options;
    options.max_bytes = kMaxBytes;
    auto rb = runbook::ParseRunbook(w->document, "bench.md", options);
    if (!rb.ok()) {
      std::fprintf(stderr, "generated runbook does not parse: %s\n",
                   rb.status().ToString().c_str());
      std::exit(1);
    }
    int syntax_errors = 0;
    for (const runbook::Step& step : rb->steps) {
      if (step.kind != runbook::StepKind::kSql) continue;
      std::string joined;
      for (const runbook::Statement& st : step.statements) {
        if (st.syntax_error) ++syntax_errors;
        w->statements.push_back(st.bound_text);
        joined += st.bound_text;
        joined += ";\n";
      }
      w->blocks.push_back(std::move(joined));
    }
    // A generator bug would silently change what is measured: refuse it.
    if (w->statements.size() != kStatements || w->blocks.size() != kBlocks || syntax_errors) {
      std::fprintf(stderr, "generated runbook has %zu statements in %zu blocks (%d bad)\n",
                   w->statements.size(), w->blocks.size(), syntax_errors);
      std::exit(1);
    }
    std::printf("runbook workload: %zu bytes, %zu SQL statements in %zu blocks\n",
                w->document.size(), w->statements.size(), w->blocks.size());
    return w;
  }();
  return *workload;
}

void SetStatementCounters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kStatements);
  state.counters["per_stmt"] = benchmark::Counter(
      kStatements, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_RawPgQueryParse(benchmark::State& state) {
  const Workload& w = GetWorkload();
  for (auto _ : state) {
    for (const std::string& sql : w.statements) {
      PgQueryParseResult r = pg_query_parse(sql.c_str());
      benchmark::DoNotOptimize(r.parse_tree);
      pg_query_free_parse_result(r);
    }
  }
  SetStatementCounters(state);
}

void BM_RawPgQueryParseBlocks(benchmark::State& state) {
  const Workload& w = GetWorkload();
  for (auto _ : state) {
    for (const std::string& sql : w.blocks) {
      PgQueryParseResult r = pg_query_parse(sql.c_str());
      benchmark::DoNotOptimize(r.parse_tree);
      pg_query_free_parse_result(r);
    }
  }
  SetStatementCounters(state);
}

void BM_ParseRunbook(benchmark::State& state) {
  const Workload& w = GetWorkload();
  runbook::ParseOptions options;
  options.max_bytes = kMaxBytes;
  for (auto _ : state) {
    // The copy (a few MB) stands for reading the file; it is well under 1%.
    auto rb = runbook::ParseRunbook(w.document, "bench.md", options);
    benchmark::DoNotOptimize(rb);
  }
  SetStatementCounters(state);
}

void BM_ParseAndLint(benchmark::State& state) {
  const Workload& w = GetWorkload();
  runbook::ParseOptions options;
  options.max_bytes = kMaxBytes;
  for (auto _ : state) {
    auto rb = runbook::ParseRunbook(w.document, "bench.md", options);
    analysis::RuleContext context;
    context.runbook = &*rb;
    std::vector<analysis::Finding> findings = analysis::RunRules(context);
    benchmark::DoNotOptimize(findings);
  }
  SetStatementCounters(state);
}

BENCHMARK(BM_RawPgQueryParse)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RawPgQueryParseBlocks)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseRunbook)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ParseAndLint)->Unit(benchmark::kMillisecond);

RUNWARDEN_BENCH_RATIO(BM_ParseRunbook, BM_RawPgQueryParse);
RUNWARDEN_BENCH_RATIO(BM_ParseRunbook, BM_RawPgQueryParseBlocks);
RUNWARDEN_BENCH_RATIO(BM_ParseAndLint, BM_RawPgQueryParse);

}  // namespace
