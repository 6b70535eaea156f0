// What reading a Rust service's row types costs on top of tree-sitter.
//
// A generated crate of 250 modules, about 100,000 lines (sqlx FromRow structs
// with attributes, query_as! calls with SQL, diesel table! blocks and
// Queryable structs, and the ordinary code around them), is written to a
// temporary directory once. Measured in the same process: a raw tree-sitter
// parse of every file from memory (the baseline), LoadRustCrate (walking the
// directory, reading, parsing and extracting), and LoadRustCrate plus
// BuildContracts and the contract rules against the crate's schema, which is
// what `runwarden contracts` does.
#include <benchmark/benchmark.h>
#include <tree_sitter/api.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/lint.h"
#include "base/file_reader.h"
#include "bench/ratios.h"
#include "contracts/contracts.h"
#include "contracts/crate_loader.h"
#include "schema/ddl_loader.h"

extern "C" const TSLanguage* tree_sitter_rust(void);

namespace {

namespace fs = std::filesystem;
namespace contracts = runwarden::contracts;
namespace analysis = runwarden::analysis;

constexpr int kModules = 250;

// One module: three sqlx row types filled by query_as!, a diesel table! block
// with its Queryable struct, and service code around them (about 500 lines).
std::string Module(int m) {
  const std::string n = std::to_string(m);
  std::string s = "use sqlx::PgPool;\nuse diesel::prelude::*;\n\n";
  for (int k = 0; k < 3; ++k) {
    const std::string t = "Order" + n + "x" + std::to_string(k);
    s += "/// A row of orders_" + n + ".\n#[derive(Debug, Clone, sqlx::FromRow)]\n";
    s += "#[sqlx(rename_all = \"snake_case\")]\npub struct " + t + " {\n";
    s += "    pub id: i64,\n    pub tenant_id: uuid::Uuid,\n    pub customer_id: Option<i64>,\n";
    s += "    #[sqlx(rename = \"total_cents\")]\n    pub total: i64,\n";
    s += "    pub note: Option<String>,\n    pub created_at: chrono::DateTime<chrono::Utc>,\n}\n\n";
    s += "pub async fn load_" + std::to_string(k) + "(pool: &PgPool, tenant: uuid::Uuid, id: i64)";
    s += " -> sqlx::Result<Vec<" + t + ">> {\n";
    s += "    sqlx::query_as!(\n        " + t + ",\n";
    s += "        \"SELECT o.id, o.tenant_id, o.customer_id, o.total_cents, o.note, o.created_at "
         "\"\n";
    s += "        \"FROM orders_" + n + " o LEFT JOIN customers_" + n +
         " c ON c.id = o.customer_id \"\n";
    s += "        \"WHERE o.tenant_id = $1 AND o.id > $2 ORDER BY o.id\",\n";
    s += "        tenant,\n        id\n    )\n    .fetch_all(pool)\n    .await\n}\n\n";
  }
  s += "diesel::table! {\n    customers_" + n + " (id) {\n        id -> Int8,\n";
  s += "        tenant_id -> Uuid,\n        name -> Text,\n        email -> Nullable<Text>,\n";
  s += "    }\n}\n\n";
  s += "#[derive(Queryable, Selectable)]\n#[diesel(table_name = customers_" + n + ")]\n";
  s += "pub struct Customer" + n + " {\n    pub id: i64,\n    pub tenant_id: uuid::Uuid,\n";
  s += "    pub name: String,\n    pub email: Option<String>,\n}\n\n";
  // Service code: what most of a crate is.
  for (int f = 0; f < 22; ++f) {
    const std::string fn = "step_" + std::to_string(f);
    s += "pub fn " + fn + "(items: &[i64], limit: usize) -> Result<Vec<i64>, String> {\n";
    s += "    let mut out = Vec::with_capacity(items.len());\n";
    s += "    for (i, item) in items.iter().enumerate() {\n";
    s += "        if i >= limit {\n            break;\n        }\n";
    s += "        match item.checked_mul(" + std::to_string(f + 2) + ") {\n";
    s += "            Some(v) if v % 2 == 0 => out.push(v),\n";
    s += "            Some(v) => out.push(v + 1),\n";
    s += "            None => return Err(format!(\"overflow at {i}: {item}\")),\n";
    s += "        }\n    }\n    Ok(out)\n}\n\n";
  }
  return s;
}

// The schema the crate talks to.
std::string Schema() {
  std::string s;
  for (int m = 0; m < kModules; ++m) {
    const std::string n = std::to_string(m);
    s += "CREATE TABLE customers_" + n +
         " (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, name text NOT NULL, email text);\n";
    s += "CREATE TABLE orders_" + n +
         " (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, customer_id bigint REFERENCES "
         "customers_" +
         n + " (id), total_cents bigint NOT NULL, note text, created_at timestamptz NOT NULL);\n";
  }
  return s;
}

// The generated crate is removed when the benchmark exits.
fs::path& CrateDir() {
  static fs::path dir;
  return dir;
}
void RemoveCrate() {
  std::error_code ignored;
  if (!CrateDir().empty()) fs::remove_all(CrateDir(), ignored);
}

struct Workload {
  fs::path dir;
  std::vector<std::string> files;  // the texts of the .rs files
  runwarden::schema::Schema schema;
};

const Workload& GetWorkload() {
  static const Workload* const w = [] {
    auto* out = new Workload;
    out->dir = fs::temp_directory_path() / ("runwarden-bench-crate-" + std::to_string(::getpid()));
    fs::create_directories(out->dir / "src");
    CrateDir() = out->dir;
    std::atexit(RemoveCrate);
    std::ofstream(out->dir / "Cargo.toml")
        << "[package]\nname = \"orders\"\nversion = \"0.1.0\"\n\n[dependencies]\n"
           "sqlx = { version = \"0.8\", features = [\"postgres\"] }\n"
           "diesel = { version = \"2\", features = [\"postgres\"] }\n";
    size_t lines = 0, bytes = 0;
    for (int m = 0; m < kModules; ++m) {
      std::string text = Module(m);
      for (char c : text) lines += c == '\n';
      bytes += text.size();
      std::ofstream(out->dir / "src" / ("m" + std::to_string(m) + ".rs")) << text;
      out->files.push_back(std::move(text));
    }
    auto schema = runwarden::schema::LoadDdlText(Schema(), "schema.sql");
    if (!schema.ok()) std::abort();
    out->schema = std::move(schema->schema);
    std::printf("rust workload: %d files, %zu lines, %zu bytes\n", kModules, lines, bytes);
    return out;
  }();
  return *w;
}

void SetFileCounters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kModules);
}

void BM_RawTreeSitterParseRust(benchmark::State& state) {
  const Workload& w = GetWorkload();
  TSParser* parser = ts_parser_new();
  ts_parser_set_language(parser, tree_sitter_rust());
  for (auto _ : state) {
    for (const std::string& text : w.files) {
      TSTree* tree =
          ts_parser_parse_string(parser, nullptr, text.data(), static_cast<uint32_t>(text.size()));
      benchmark::DoNotOptimize(tree);
      ts_tree_delete(tree);
    }
  }
  ts_parser_delete(parser);
  SetFileCounters(state);
}

void BM_LoadRustCrate(benchmark::State& state) {
  const Workload& w = GetWorkload();
  for (auto _ : state) {
    auto crate = contracts::LoadRustCrate(w.dir.string(), runwarden::DiskFileReader());
    if (!crate.ok()) {
      state.SkipWithError("LoadRustCrate failed");
      break;
    }
    benchmark::DoNotOptimize(crate->structs);
  }
  SetFileCounters(state);
}

void BM_CheckContracts(benchmark::State& state) {
  const Workload& w = GetWorkload();
  for (auto _ : state) {
    auto crate = contracts::LoadRustCrate(w.dir.string(), runwarden::DiskFileReader());
    if (!crate.ok()) {
      state.SkipWithError("LoadRustCrate failed");
      break;
    }
    const contracts::Contracts c =
        contracts::BuildContracts(std::move(crate).value(), std::nullopt, w.schema);
    analysis::RuleContext ctx;
    ctx.contracts = &c;
    std::vector<analysis::Finding> findings = analysis::RunRules(ctx);
    benchmark::DoNotOptimize(findings);
  }
  SetFileCounters(state);
}

BENCHMARK(BM_RawTreeSitterParseRust)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LoadRustCrate)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CheckContracts)->Unit(benchmark::kMillisecond);
RUNWARDEN_BENCH_RATIO(BM_LoadRustCrate, BM_RawTreeSitterParseRust);
RUNWARDEN_BENCH_RATIO(BM_CheckContracts, BM_RawTreeSitterParseRust);

}  // namespace
