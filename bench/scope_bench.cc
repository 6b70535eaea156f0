// What the tenant-scope analysis costs on top of PostgreSQL's own parser.
//
// The workload is the labelled corpus (testdata/scope/corpus.sql, every
// shape of statement the analyzer handles) over its multi-tenant schema, ten
// copies of each statement, each copy made distinct by a leading comment.
// Measured in the same process:
//   BM_RawPgQueryParseScope   pg_query_parse of each text (the baseline)
//   BM_AnalyzeScope           sql::ParseStatements + AnalyzeStatement of each
//   BM_CheckSqlRepeated       AnalyzeApplicationSql over one file holding the
//                             same statements without the distinguishing
//                             comment, so that the exact-text cache answers
//                             the nine repeats of each (a fresh cache per
//                             iteration)
// main prints BM_AnalyzeScope / BM_RawPgQueryParseScope: the target is 3.
#include <benchmark/benchmark.h>
#include <pg_query.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "analysis/scope/application_sql.h"
#include "analysis/scope/statement_scope.h"
#include "analysis/tenancy.h"
#include "bench/ratios.h"
#include "schema/ddl_loader.h"
#include "sql/parser.h"

namespace {

namespace scope = runwarden::analysis::scope;
namespace sql = runwarden::sql;

constexpr int kCopies = 10;

std::string ReadSource(const std::string& relative) {
  std::ifstream in(std::string(RUNWARDEN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  if (buf.str().empty()) {
    std::fprintf(stderr, "cannot read %s under %s\n", relative.c_str(), RUNWARDEN_SOURCE_DIR);
    std::exit(1);
  }
  return buf.str();
}

struct Workload {
  std::unique_ptr<runwarden::schema::LoadedSchema> schema;
  runwarden::analysis::Tenancy tenancy;
  scope::ScopeContext context;
  std::vector<std::string> statements;  // distinct texts
  std::string repeated;                 // one file of repeated statements
  size_t repeated_count = 0;
};

const Workload& GetWorkload() {
  static const Workload* const workload = [] {
    auto* w = new Workload;
    auto loaded =
        runwarden::schema::LoadDdlText(ReadSource("testdata/scope/schema.sql"), "schema.sql");
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      std::exit(1);
    }
    w->schema = std::make_unique<runwarden::schema::LoadedSchema>(std::move(*loaded));
    w->tenancy =
        runwarden::analysis::ClassifyTenancy(w->schema->schema, runwarden::config::TenantConfig());
    w->context.schema = &w->schema->schema;
    w->context.tenancy = &w->tenancy;
    w->context.tenant.params = {1};
    const std::string corpus = ReadSource("testdata/scope/corpus.sql");
    std::vector<std::string> base;
    for (const sql::StatementParse& st : sql::ParseStatements(corpus)) {
      if (st.error) {
        std::fprintf(stderr, "corpus statement does not parse: %s\n", st.error->message.c_str());
        std::exit(1);
      }
      base.push_back(corpus.substr(st.offset, st.length));
    }
    for (int copy = 0; copy < kCopies; ++copy) {
      for (const std::string& s : base) {
        w->statements.push_back("/* copy " + std::to_string(copy) + " */ " + s);
        w->repeated += s + ";\n";
        ++w->repeated_count;
      }
    }
    std::printf("scope workload: %zu statements (%zu distinct corpus statements x %d)\n",
                w->statements.size(), base.size(), kCopies);
    return w;
  }();
  return *workload;
}

void SetCounters(benchmark::State& state, size_t n) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * n));
  state.counters["per_stmt"] =
      benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                     benchmark::Counter::kInvert);
}

void BM_RawPgQueryParseScope(benchmark::State& state) {
  const Workload& w = GetWorkload();
  for (auto _ : state) {
    for (const std::string& text : w.statements) {
      PgQueryParseResult r = pg_query_parse(text.c_str());
      benchmark::DoNotOptimize(r.parse_tree);
      pg_query_free_parse_result(r);
    }
  }
  SetCounters(state, w.statements.size());
}

void BM_AnalyzeScope(benchmark::State& state) {
  const Workload& w = GetWorkload();
  for (auto _ : state) {
    for (const std::string& text : w.statements) {
      std::vector<sql::StatementParse> parsed = sql::ParseStatements(text);
      scope::StatementScope s = scope::AnalyzeStatement(parsed.front().root, w.context);
      benchmark::DoNotOptimize(s.verdict);
    }
  }
  SetCounters(state, w.statements.size());
}

void BM_CheckSqlRepeated(benchmark::State& state) {
  const Workload& w = GetWorkload();
  scope::SqlSource source;
  source.file = std::make_shared<const runwarden::SourceText>("bench.sql", w.repeated);
  source.sql = w.repeated;
  scope::ScopeContext context = w.context;
  context.tenant.any_param = true;
  for (auto _ : state) {
    scope::ScopeCache cache;
    auto analyzed = scope::AnalyzeApplicationSql(source, context, cache, nullptr);
    benchmark::DoNotOptimize(analyzed);
  }
  SetCounters(state, w.repeated_count);
}

BENCHMARK(BM_RawPgQueryParseScope)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeScope)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckSqlRepeated)->Unit(benchmark::kMillisecond);

RUNWARDEN_BENCH_RATIO(BM_AnalyzeScope, BM_RawPgQueryParseScope);
RUNWARDEN_BENCH_RATIO(BM_CheckSqlRepeated, BM_RawPgQueryParseScope);

}  // namespace
