// Every rule has fixtures: testdata/rules/<id>/ok/*.md must not trigger it,
// testdata/rules/<id>/err/*.md must, and the findings of the rule on each err
// fixture are kept as a golden file beside it (<name>.expected).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/lint.h"
#include "analysis/registry.h"
#include "runbook/parser.h"
#include "testutil/golden.h"

namespace runwarden::analysis {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> MarkdownFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".md") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Finding> FindingsOf(const std::string& rule_id, const fs::path& file) {
  const std::string relative = fs::relative(file, testutil::SourceDir()).string();
  auto rb = runbook::ParseRunbook(testutil::ReadFileOrEmpty(file), relative);
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  if (!rb.ok()) return {};
  RuleContext ctx;
  ctx.runbook = &*rb;
  std::vector<Finding> mine;
  for (auto& f : RunRules(ctx)) {
    if (f.rule_id == rule_id) mine.push_back(std::move(f));
  }
  return mine;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) {
    out += FormatLocation(f.span) + ": " + std::string(SeverityName(f.severity)) + ": " +
           f.message + "\n";
    for (const auto& r : f.related)
      out += "  related " + FormatLocation(r.span) + ": " + r.message + "\n";
    for (const auto& [k, v] : f.evidence) out += "  " + k + " = " + v + "\n";
  }
  return out;
}

class RuleFixtureTest : public ::testing::TestWithParam<const Rule*> {};

TEST_P(RuleFixtureTest, OkFixturesAreClean) {
  const std::string id(GetParam()->info().id);
  const auto files = MarkdownFiles(testutil::SourceDir() / "testdata" / "rules" / id / "ok");
  ASSERT_FALSE(files.empty()) << "rule " << id << " has no ok/ fixtures";
  for (const auto& file : files) {
    EXPECT_EQ(Describe(FindingsOf(id, file)), "") << file;
  }
}

TEST_P(RuleFixtureTest, ErrFixturesTriggerTheRule) {
  const std::string id(GetParam()->info().id);
  const auto files = MarkdownFiles(testutil::SourceDir() / "testdata" / "rules" / id / "err");
  ASSERT_FALSE(files.empty()) << "rule " << id << " has no err/ fixtures";
  for (const auto& file : files) {
    const auto findings = FindingsOf(id, file);
    EXPECT_FALSE(findings.empty()) << file << " does not trigger " << id;
    fs::path golden = fs::relative(file, testutil::SourceDir());
    golden.replace_extension(".expected");
    testutil::ExpectGolden(golden, Describe(findings));
  }
}

TEST_P(RuleFixtureTest, HasADocPage) {
  const std::string id(GetParam()->info().id);
  const fs::path doc = testutil::SourceDir() / "docs" / "rules" / (id + ".md");
  ASSERT_TRUE(fs::exists(doc)) << "missing " << doc;
  const std::string text = testutil::ReadFileOrEmpty(doc);
  EXPECT_NE(text.find("# " + id), std::string::npos) << doc << " must start with # " << id;
}

INSTANTIATE_TEST_SUITE_P(AllRules, RuleFixtureTest, ::testing::ValuesIn(AllRules()),
                         [](const ::testing::TestParamInfo<const Rule*>& param) {
                           std::string name(param.param->info().id);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace runwarden::analysis
