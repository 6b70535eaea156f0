// Feeds arbitrary bytes through everything `runwarden contracts` does with a
// Rust file: parse it with tree-sitter, extract structs, attributes, table!
// blocks, query calls and their SQL, map the contracts to a small schema,
// run every rule and render every report format. Errors are values here,
// so the only failures are crashes, leaks, hangs and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/lint.h"
#include "base/source_text.h"
#include "contracts/contracts.h"
#include "contracts/describe.h"
#include "contracts/rust_extract.h"
#include "contracts/rust_syntax.h"
#include "report/contracts_report.h"
#include "report/findings_report.h"
#include "schema/ddl_loader.h"

namespace {

namespace analysis = runwarden::analysis;
namespace contracts = runwarden::contracts;
namespace report = runwarden::report;
namespace schema = runwarden::schema;

// The columns queries and structs in the corpus refer to, so that mapping
// and the type checks are reached, not only extraction.
constexpr const char* kSchema = R"sql(
CREATE TYPE plan_tier AS ENUM ('free', 'pro');
CREATE TABLE accounts (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, name text,
                       plan plan_tier NOT NULL, seats integer NOT NULL, tags text[],
                       price numeric(12,2), created_at timestamptz NOT NULL, data jsonb);
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id),
                       amount_cents bigint NOT NULL, memo text);
)sql";

const schema::Schema& FuzzSchema() {
  static const schema::LoadedSchema* loaded = [] {
    auto s = schema::LoadDdlText(kSchema, "schema.sql");
    if (!s.ok()) std::abort();
    return new schema::LoadedSchema(std::move(s).value());
  }();
  return loaded->schema;
}

contracts::RustParser& Parser() {
  static contracts::RustParser* parser = [] {
    auto p = contracts::RustParser::Create();
    if (!p.ok()) std::abort();
    return new contracts::RustParser(std::move(p).value());
  }();
  return *parser;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  contracts::RustCrate crate;
  crate.root = "fuzz";
  std::string text(reinterpret_cast<const char*>(data), size);
  runwarden::Status s =
      contracts::ExtractRustFile(Parser(), std::move(text), {"src/lib.rs", "fuzz", ""}, crate);
  if (!s.ok()) {
    static_cast<void>(s.ToString());
    return 0;
  }
  static_cast<void>(contracts::DescribeCrate(crate));
  const runwarden::SourceSet sources = crate.sources;
  const contracts::Contracts c = contracts::BuildContracts(std::move(crate), {}, FuzzSchema());

  analysis::RuleContext context;
  context.contracts = &c;
  report::ContractsInput in;
  in.rust_path = "fuzz";
  in.contracts = &c;
  in.findings = analysis::RunRules(context);
  static_cast<void>(report::ContractsText(in, sources, report::Color::kAlways));
  static_cast<void>(report::ContractsJson(in));
  static_cast<void>(report::FindingsSarif(in.findings));
  return 0;
}
