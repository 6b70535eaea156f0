// The labelled corpus (testdata/scope/corpus.sql): every statement carries a
// "-- safe: reason" or "-- unsafe: reason" label. Every unsafe statement must
// be flagged (recall 100%) and false alarms must stay rare (precision at
// least 95%). The figures are printed on every run.
#include <gtest/gtest.h>

#include <cstdio>

#include "analysis/scope/statement_scope.h"
#include "schema/ddl_loader.h"
#include "sql/parser.h"
#include "testutil/golden.h"

namespace runwarden::analysis::scope {
namespace {

struct Labelled {
  bool unsafe = false;
  std::string reason;
  std::string sql;
};

// The label is the last "-- safe:" or "-- unsafe:" comment before the
// statement.
std::optional<Labelled> LabelOf(const std::string& text, size_t statement_offset,
                                size_t previous_end) {
  const std::string before = text.substr(previous_end, statement_offset - previous_end);
  const size_t safe = before.rfind("-- safe: ");
  const size_t unsafe = before.rfind("-- unsafe: ");
  if (safe == std::string::npos && unsafe == std::string::npos) return std::nullopt;
  Labelled l;
  l.unsafe = unsafe != std::string::npos && (safe == std::string::npos || unsafe > safe);
  const size_t at = l.unsafe ? unsafe + 11 : safe + 9;
  l.reason = before.substr(at, before.find('\n', at) - at);
  return l;
}

TEST(ScopeCorpusTest, EveryUnsafeStatementIsCaughtAndFalseAlarmsAreRare) {
  const auto root = testutil::SourceDir() / "testdata/scope";
  auto loaded = schema::LoadDdlText(testutil::ReadFileOrEmpty(root / "schema.sql"), "schema.sql");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Tenancy tenancy = ClassifyTenancy(loaded->schema, config::TenantConfig());
  const std::string text = testutil::ReadFileOrEmpty(root / "corpus.sql");
  const auto statements = sql::ParseStatements(text);

  ScopeContext ctx;
  ctx.schema = &loaded->schema;
  ctx.tenancy = &tenancy;
  ctx.tenant.params = {1};

  size_t tp = 0, fp = 0, fn = 0, tn = 0, previous_end = 0;
  std::string missed, false_alarms;
  for (const sql::StatementParse& st : statements) {
    ASSERT_FALSE(st.error) << st.error->message << " at byte " << st.offset;
    auto label = LabelOf(text, st.offset, previous_end);
    previous_end = st.offset + st.length;
    ASSERT_TRUE(label) << "statement without a label at byte " << st.offset;
    const StatementScope scope = AnalyzeStatement(st.root, ctx);
    const bool flagged = HasProblem(scope, StepScope::kTenant);
    const std::string line = "  " + label->reason + " [" + std::string(VerdictName(scope.verdict)) +
                             "]: " + text.substr(st.offset, st.length) + "\n";
    if (label->unsafe && flagged) ++tp;
    if (label->unsafe && !flagged) {
      ++fn;
      missed += line;
    }
    if (!label->unsafe && flagged) {
      ++fp;
      false_alarms += line;
    }
    if (!label->unsafe && !flagged) ++tn;
  }
  const double precision = tp + fp == 0 ? 0 : static_cast<double>(tp) / (tp + fp);
  const double recall = tp + fn == 0 ? 0 : static_cast<double>(tp) / (tp + fn);
  std::printf(
      "scope corpus: %zu statements (%zu unsafe, %zu safe): precision %.1f%%, recall %.1f%% "
      "(tp %zu, fp %zu, fn %zu, tn %zu)\n",
      statements.size(), tp + fn, fp + tn, 100 * precision, 100 * recall, tp, fp, fn, tn);
  EXPECT_GE(statements.size(), 150u);
  EXPECT_EQ(fn, 0u) << "unsafe statements not flagged:\n" << missed;
  EXPECT_GE(precision, 0.95) << "false alarms:\n" << false_alarms;
  if (!false_alarms.empty()) std::printf("false alarms:\n%s", false_alarms.c_str());
}

}  // namespace
}  // namespace runwarden::analysis::scope
