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
#include "runbook/parser.h"
#include "runbook/runbook.h"

namespace {

namespace analysis = runwarden::analysis;
namespace runbook = runwarden::runbook;

constexpr int kBlocks = 2000;
constexpr int kStatements = 20000;
constexpr int kBlocksPerSection = 10;
constexpr uint32_t kSeed = 20261123;

// The generated document is larger than a hand-written runbook should be;
// the limit is raised so that the benchmark measures parsing, not refusal.
constexpr size_t kMaxBytes = 64u << 20;

// Builds the document. Uses mt19937 directly (its output is fixed by the
// standard; the distributions are not) so that every platform and standard
// library measures the same text.
class RunbookGenerator {
 public:
  std::string Generate() {
    FrontMatter();
    out_ += "# Tenant data incident: full playbook\n\n";
    out_ += "Generated for benchmarking. Work top to bottom; every step says what it touches.\n\n";
    int block = 0;
    for (int section = 0; block < kBlocks; ++section) {
      out_ += "## " + std::to_string(section + 1) + ". " + Pick(kPhases) + " of " + Pick(kTables) +
              "\n\n";
      out_ += "Run these while the incident channel is open; each block is one unit of work.\n\n";
      for (int i = 0; i < kBlocksPerSection && block < kBlocks; ++i, ++block) {
        out_ +=
            "### " + Pick(kVerbs) + " " + Pick(kTables) + " (" + std::to_string(block) + ")\n\n";
        SqlBlock(block);
        if (block % 40 == 39) ShellBlock(block);
      }
      if (section % 20 == 19) Checklist(section);
    }
    return std::move(out_);
  }

 private:
  static constexpr const char* kTables[] = {
      "orders",   "invoices",      "payments",     "refunds",  "shipments",
      "sessions", "subscriptions", "audit_events", "api_keys", "webhooks"};
  static constexpr const char* kColumns[] = {"status",     "total",  "currency", "note",
                                             "updated_at", "region", "priority", "flag"};
  static constexpr const char* kPhases[] = {"Containment", "Investigation", "Repair",
                                            "Verification", "Cleanup"};
  static constexpr const char* kVerbs[] = {"Inspect", "Freeze", "Repair", "Archive", "Check"};

  template <size_t N>
  std::string Pick(const char* const (&words)[N]) {
    return words[Next(static_cast<uint32_t>(N))];
  }
  uint32_t Next(uint32_t bound) { return static_cast<uint32_t>(rng_() % bound); }
  std::string Num(uint32_t bound) { return std::to_string(Next(bound)); }

  void FrontMatter() {
    out_ +=
        "---\n"
        "id: tenant-data-incident-full\n"
        "title: Tenant data incident, full playbook\n"
        "version: \"7.3\"\n"
        "severity: SEV-1\n"
        "owner: platform-oncall\n"
        "tenant:\n"
        "  keys: [tenant_id]\n"
        "  setting: app.current_tenant_id\n"
        "  parameter: TENANT_ID\n"
        "parameters:\n"
        "  TENANT_ID: {type: uuid, description: The affected tenant}\n"
        "  ORDER_ID: {type: bigint, description: The order in the ticket}\n"
        "  CUSTOMER_ID: {type: bigint, description: The customer in the ticket}\n"
        "  REASON: {type: text, description: Why rows are changed}\n"
        "  INCIDENT: {type: text, pattern: \"^INC-[0-9]+$\", description: The ticket}\n"
        "  REGION: {type: enum, values: [eu, us, apac], default: eu}\n"
        "  ROW_LIMIT: {type: int, default: \"100\"}\n"
        "---\n\n";
  }

  // Block b holds 10 + d statements and block b + 1 holds 10 - d, so the
  // blocks vary in size and still add up to exactly kStatements.
  int StatementsIn(int block) {
    if (block % 2 == 0) pending_offset_ = static_cast<int>(Next(6));
    return block % 2 == 0 ? 10 + pending_offset_ : 10 - pending_offset_;
  }

  void SqlBlock(int block) {
    const int count = StatementsIn(block);
    out_ += "```sql {#q-" + std::to_string(block);
    if (block > 0 && block % 3 == 0) out_ += " needs=q-" + std::to_string(block - 1);
    if (block % 7 == 0) out_ += " timeout=30s";
    if (block % 11 == 0) out_ += " expect=\"rows <= 100\"";
    out_ += "}\n";
    for (int i = 0; i < count; ++i) {
      if (Next(4) == 0) out_ += "-- " + Pick(kVerbs) + " before anything else changes\n";
      Statement();
      out_ += ";\n";
    }
    out_ += "```\n\n";
  }

  void Statement() {
    const std::string t = Pick(kTables);
    const std::string c = Pick(kColumns);
    const uint32_t kind = Next(100);
    if (kind < 35) {
      out_ += "SELECT o.id, o." + c + ", c.email, c.name\n  FROM " + t +
              " o\n  JOIN customers c ON c.id = o.customer_id AND c.tenant_id = o.tenant_id\n"
              " WHERE o.tenant_id = <TENANT_ID>\n   AND o.created_at > now() - interval '" +
              Num(30) + " days'\n ORDER BY o.created_at DESC\n LIMIT <ROW_LIMIT>";
    } else if (kind < 50) {
      out_ += "SELECT id, " + c + " FROM " + t +
              " WHERE tenant_id = <TENANT_ID>\n   AND customer_id IN (SELECT id FROM customers "
              "WHERE tenant_id = <TENANT_ID> AND region = {{ region }})\n   AND " +
              c + " IS NOT NULL";
    } else if (kind < 60) {
      out_ +=
          "WITH recent AS (\n  SELECT customer_id, count(*) AS n, max(created_at) AS last\n"
          "    FROM " +
          t + " WHERE tenant_id = <TENANT_ID> AND created_at > now() - interval '" + Num(48) +
          " hours'\n   GROUP BY customer_id\n)\nSELECT r.customer_id, r.n, r.last" +
          " FROM recent r\n  LEFT JOIN customers c ON c.id = r.customer_id\n WHERE r.n > " +
          Num(10) + " /* bursts only */ ORDER BY r.n DESC";
    } else if (kind < 73) {
      out_ += "UPDATE " + t + "\n   SET " + c +
              " = NULL, note = 'held for <INCIDENT>: <REASON>', updated_at = now()\n"
              " WHERE tenant_id = <TENANT_ID> AND id = {{ order_id }}";
    } else if (kind < 81) {
      out_ += "DELETE FROM " + t + "\n WHERE tenant_id = <TENANT_ID>\n   AND customer_id = " +
              "<CUSTOMER_ID> AND created_at < now() - interval '" + Num(90) +
              " days'\nRETURNING id";
    } else if (kind < 91) {
      out_ +=
          "INSERT INTO incident_rows (tenant_id, ticket, table_name, row_id, noted_at)\n"
          "SELECT <TENANT_ID>, <INCIDENT>, '" +
          t + "', x.id, now()\n  FROM " + t + " x\n WHERE x.tenant_id = <TENANT_ID> AND x." + c +
          " IS DISTINCT FROM 'ok'\nON CONFLICT DO NOTHING";
    } else if (kind < 96) {
      out_ +=
          "SELECT pid, state, query_start\n  FROM pg_stat_activity\n WHERE datname = "
          "current_database()\n   AND query LIKE '%<TENANT_ID>%'";
    } else {
      out_ += "SELECT set_config('app.current_tenant_id', <TENANT_ID>, true)";
    }
  }

  void ShellBlock(int block) {
    out_ += "```bash {#notify-" + std::to_string(block) + " needs=q-" + std::to_string(block) +
            "}\n./ops/notify --tenant <TENANT_ID> --ticket \"<INCIDENT>\" --region <REGION>\n"
            "psql \"$DATABASE_URL\" <<'SQL'\nSELECT 1;\nSQL\n```\n\n";
  }

  void Checklist(int section) {
    out_ += "### Sign-off " + std::to_string(section) + "\n\n";
    out_ += "- [ ] Post the row counts for <TENANT_ID> in the incident channel.\n";
    out_ += "- [ ] Ask the customer owner to confirm {{ customer_id }} is correct.\n";
    out_ += "- [ ] Link <INCIDENT> in the change log.\n\n";
  }

  std::mt19937 rng_{kSeed};
  std::string out_;
  int pending_offset_ = 0;
};

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
