// Feeds arbitrary bytes through everything `runwarden lint` and
// `runwarden steps` do with a file: parse, run every rule, render every
// report format. Errors are values here, so the only failures are crashes,
// leaks, hangs and undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/lint.h"
#include "base/source_text.h"
#include "report/findings_report.h"
#include "report/steps_report.h"
#include "runbook/parser.h"
#include "runbook/runbook.h"
#include "sql/tree.h"

namespace {

using runwarden::Result;
using runwarden::SourceSet;
namespace analysis = runwarden::analysis;
namespace report = runwarden::report;
namespace runbook = runwarden::runbook;
namespace sql = runwarden::sql;

// Far above -max_len, so inputs are never refused for size alone, yet small
// enough that a mutated length cannot make one run allocate without bound.
constexpr size_t kMaxRunbookBytes = 1u << 20;

// Rules map only some parse-tree locations back to the Markdown file; mapping
// every one of them covers the source maps with offsets rules never ask for.
void MapEveryLocation(const runbook::Runbook& rb) {
  for (const runbook::Step& step : rb.steps) {
    for (const runbook::Statement& st : step.statements) {
      if (!st.tree) continue;
      sql::VisitAll(st.tree, [&st](sql::Node node) {
        if (!node.is_object()) return;
        const sql::Node location = node["location"];
        if (location) static_cast<void>(st.SpanAt(location.integer()));
      });
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  runbook::ParseOptions options;
  options.max_bytes = kMaxRunbookBytes;
  std::string text(reinterpret_cast<const char*>(data), size);
  Result<runbook::Runbook> rb = runbook::ParseRunbook(std::move(text), "fuzz.md", options);
  if (!rb.ok()) {
    static_cast<void>(rb.status().ToString());
    return 0;
  }
  MapEveryLocation(*rb);

  analysis::RuleContext context;
  context.runbook = &*rb;
  const std::vector<analysis::Finding> findings = analysis::RunRules(context);
  const SourceSet sources = {{rb->path, rb->source}};
  static_cast<void>(report::FindingsText(findings, sources, report::Color::kAlways));
  static_cast<void>(report::FindingsText(findings, sources, report::Color::kNever));
  static_cast<void>(report::FindingsJson(findings));
  static_cast<void>(report::FindingsSarif(findings));
  static_cast<void>(report::SummaryLine(findings));
  static_cast<void>(report::StepsText(*rb));
  static_cast<void>(report::StepsJson(*rb));
  return 0;
}
