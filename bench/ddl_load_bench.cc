// What loading a schema from DDL costs on top of PostgreSQL's own parser.
//
// A generated pg_dump of 1,000 tables (about 2.7 MB: foreign-key chains,
// row-level security and policies, indexes, sequences, views, functions,
// comments and grants) is measured three ways in the same process: one raw
// pg_query_parse of the whole dump (the baseline), LoadDdlText (split,
// parse, apply to the model), and LoadDdlText plus tenancy classification
// and every schema rule, which is what `runwarden scan --schema` does.
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/lint.h"
#include "analysis/tenancy.h"
#include "bench/ratios.h"
#include "config/config.h"
#include "schema/ddl_loader.h"
#include "testutil/schema_generator.h"

namespace {

namespace analysis = runwarden::analysis;
namespace schema = runwarden::schema;

const std::string& Dump() {
  static const std::string* const dump = [] {
    auto* d = new std::string(runwarden::testutil::GenerateDump({}));
    std::printf("schema workload: %zu bytes, 1,000 tables\n", d->size());
    return d;
  }();
  return *dump;
}

void SetTableCounters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * 1000);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(Dump().size()));
}

void BM_RawPgQueryParseDump(benchmark::State& state) {
  const std::string& dump = Dump();
  for (auto _ : state) {
    PgQueryParseResult r = pg_query_parse(dump.c_str());
    if (r.error != nullptr) {
      state.SkipWithError(r.error->message);
      pg_query_free_parse_result(r);
      break;
    }
    benchmark::DoNotOptimize(r.parse_tree);
    pg_query_free_parse_result(r);
  }
  SetTableCounters(state);
}

void BM_LoadDdl(benchmark::State& state) {
  const std::string& dump = Dump();
  for (auto _ : state) {
    auto loaded = schema::LoadDdlText(dump, "large.sql");
    if (!loaded.ok()) {
      state.SkipWithError("LoadDdlText failed");
      break;
    }
    benchmark::DoNotOptimize(loaded->schema);
  }
  SetTableCounters(state);
}

void BM_LoadDdlAndScan(benchmark::State& state) {
  const std::string& dump = Dump();
  const runwarden::config::TenantConfig tenant;
  for (auto _ : state) {
    auto loaded = schema::LoadDdlText(dump, "large.sql");
    if (!loaded.ok()) {
      state.SkipWithError("LoadDdlText failed");
      break;
    }
    const analysis::Tenancy tenancy = analysis::ClassifyTenancy(loaded->schema, tenant);
    analysis::RuleContext ctx;
    ctx.schema = &loaded->schema;
    ctx.tenancy = &tenancy;
    ctx.tenant_config = &tenant;
    std::vector<analysis::Finding> findings = analysis::RunRules(ctx);
    benchmark::DoNotOptimize(findings);
  }
  SetTableCounters(state);
}

BENCHMARK(BM_RawPgQueryParseDump)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadDdl)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadDdlAndScan)->Unit(benchmark::kMillisecond);

RUNWARDEN_BENCH_RATIO(BM_LoadDdl, BM_RawPgQueryParseDump);
RUNWARDEN_BENCH_RATIO(BM_LoadDdlAndScan, BM_RawPgQueryParseDump);

}  // namespace
