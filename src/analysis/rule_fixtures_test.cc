// Every rule has fixtures: testdata/rules/<id>/ok/* must not trigger it,
// testdata/rules/<id>/err/* must, and the findings of the rule on each err
// fixture are kept as a golden file beside it (<name>.expected). Runbook
// rules take Markdown runbooks (*.md); schema rules take DDL (*.sql) loaded
// with the default configuration. Tenant-scope rules take runbooks (*.md)
// checked against testdata/rules/<id>/schema.sql when the rule has one, else
// against the shared testdata/scope/schema.sql. Rules about live databases
// are exercised by PostgreSQL tests instead (their folders say so in a
// README.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/lint.h"
#include "analysis/registry.h"
#include "analysis/tenancy.h"
#include "runbook/parser.h"
#include "schema/ddl_loader.h"
#include "testutil/golden.h"

namespace runwarden::analysis {
namespace {

namespace fs = std::filesystem;

std::string FixtureExtension(const Rule& rule) {
  const RuleTarget t = rule.info().target;
  return t == RuleTarget::kRunbook || t == RuleTarget::kStatementScope ? ".md" : ".sql";
}

std::vector<fs::path> FixtureFiles(const fs::path& dir, const std::string& extension) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == extension) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Finding> FindingsOf(const Rule& rule, const fs::path& file) {
  const std::string relative = fs::relative(file, testutil::SourceDir()).string();
  const std::string text = testutil::ReadFileOrEmpty(file);
  std::vector<Finding> all;
  if (rule.info().target == RuleTarget::kStatementScope) {
    auto rb = runbook::ParseRunbook(text, relative);
    EXPECT_TRUE(rb.ok()) << rb.status().ToString();
    if (!rb.ok()) return {};
    fs::path schema_file = file.parent_path().parent_path() / "schema.sql";
    if (!fs::exists(schema_file)) schema_file = testutil::SourceDir() / "testdata/scope/schema.sql";
    auto loaded = schema::LoadDdlText(testutil::ReadFileOrEmpty(schema_file),
                                      fs::relative(schema_file, testutil::SourceDir()).string());
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    if (!loaded.ok()) return {};
    const config::TenantConfig tenant;
    const Tenancy tenancy = ClassifyTenancy(loaded->schema, tenant);
    scope::AnalysisOptions options;
    options.role_cannot_bypass_rls = true;
    const auto statements = scope::AnalyzeRunbook(*rb, loaded->schema, tenancy, options);
    RuleContext ctx;
    ctx.runbook = &*rb;
    ctx.schema = &loaded->schema;
    ctx.tenancy = &tenancy;
    ctx.tenant_config = &tenant;
    ctx.statements = &statements;
    all = RunRules(ctx);
  } else if (rule.info().target == RuleTarget::kRunbook) {
    auto rb = runbook::ParseRunbook(text, relative);
    EXPECT_TRUE(rb.ok()) << rb.status().ToString();
    if (!rb.ok()) return {};
    RuleContext ctx;
    ctx.runbook = &*rb;
    all = RunRules(ctx);
  } else {
    auto loaded = schema::LoadDdlText(text, relative);
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    if (!loaded.ok()) return {};
    const config::TenantConfig tenant;
    const Tenancy tenancy = ClassifyTenancy(loaded->schema, tenant);
    RuleContext ctx;
    ctx.schema = &loaded->schema;
    ctx.tenancy = &tenancy;
    ctx.tenant_config = &tenant;
    all = RunRules(ctx);
  }
  std::vector<Finding> mine;
  for (auto& f : all) {
    if (f.rule_id == rule.info().id) mine.push_back(std::move(f));
  }
  return mine;
}

// Rules that read a live database have SQL fixtures that need a server:
// rules/live_rules_test.cc runs them against PostgreSQL. Contract rules read
// a Rust crate and a schema: their fixtures are folders, checked by
// contract_rule_fixtures_test.cc.
std::vector<const Rule*> OfflineRules() {
  std::vector<const Rule*> out;
  for (const Rule* rule : AllRules()) {
    const RuleTarget target = rule->info().target;
    if (target != RuleTarget::kLiveSchema && target != RuleTarget::kContracts) {
      out.push_back(rule);
    }
  }
  return out;
}

std::string TestName(const ::testing::TestParamInfo<const Rule*>& param) {
  std::string name(param.param->info().id);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
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
  const auto files = FixtureFiles(testutil::SourceDir() / "testdata" / "rules" / id / "ok",
                                  FixtureExtension(*GetParam()));
  ASSERT_FALSE(files.empty()) << "rule " << id << " has no ok/ fixtures";
  for (const auto& file : files) {
    EXPECT_EQ(Describe(FindingsOf(*GetParam(), file)), "") << file;
  }
}

TEST_P(RuleFixtureTest, ErrFixturesTriggerTheRule) {
  const std::string id(GetParam()->info().id);
  const auto files = FixtureFiles(testutil::SourceDir() / "testdata" / "rules" / id / "err",
                                  FixtureExtension(*GetParam()));
  ASSERT_FALSE(files.empty()) << "rule " << id << " has no err/ fixtures";
  for (const auto& file : files) {
    const auto findings = FindingsOf(*GetParam(), file);
    EXPECT_FALSE(findings.empty()) << file << " does not trigger " << id;
    fs::path golden = fs::relative(file, testutil::SourceDir());
    golden.replace_extension(".expected");
    testutil::ExpectGolden(golden, Describe(findings));
  }
}

class RuleDocTest : public ::testing::TestWithParam<const Rule*> {};

TEST_P(RuleDocTest, HasADocPage) {
  const std::string id(GetParam()->info().id);
  const fs::path doc = testutil::SourceDir() / "docs" / "rules" / (id + ".md");
  ASSERT_TRUE(fs::exists(doc)) << "missing " << doc;
  const std::string text = testutil::ReadFileOrEmpty(doc);
  EXPECT_NE(text.find("# " + id), std::string::npos) << doc << " must start with # " << id;
}

INSTANTIATE_TEST_SUITE_P(OfflineRules, RuleFixtureTest, ::testing::ValuesIn(OfflineRules()),
                         TestName);
INSTANTIATE_TEST_SUITE_P(AllRules, RuleDocTest, ::testing::ValuesIn(AllRules()), TestName);

}  // namespace
}  // namespace runwarden::analysis
