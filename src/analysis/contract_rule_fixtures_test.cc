// Fixtures of the contract rules. Each case is a folder,
// testdata/rules/<id>/{ok,err}/<case>/, holding a small Rust crate (the
// folder itself, or its crate/ subfolder when the case also has a binary),
// the schema it talks to (schema.sql, optional) and, for binary checks, the
// source the binary is built from (binary.rs, compiled at test time with
// rustc and -C debuginfo=2) and, when it maps structs by hand, a
// runwarden.toml with [contracts.tables]. ok/ cases must not trigger the rule; err/ cases
// must, and their findings are the golden file err/<case>.expected.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/lint.h"
#include "analysis/registry.h"
#include "config/config.h"
#include "contracts/contracts.h"
#include "contracts/crate_loader.h"
#include "contracts/dwarf_reader.h"
#include "schema/ddl_loader.h"
#include "testutil/golden.h"
#include "testutil/rustc.h"

namespace runwarden::analysis {
namespace {

namespace fs = std::filesystem;

std::vector<const Rule*> ContractRules() {
  std::vector<const Rule*> out;
  for (const Rule* r : AllRules()) {
    if (r->info().target == RuleTarget::kContracts) out.push_back(r);
  }
  return out;
}

std::vector<fs::path> Cases(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.is_directory()) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string Relative(std::string path) {
  const std::string root = testutil::SourceDir().string() + "/";
  for (size_t at = path.find(root); at != std::string::npos; at = path.find(root, at)) {
    path.erase(at, root.size());
  }
  return path;
}

std::string Describe(const std::vector<Finding>& findings) {
  std::string out;
  auto where = [](SourceSpan span) {
    span.path = Relative(span.path);
    return FormatLocation(span);
  };
  for (const Finding& f : findings) {
    out += where(f.span) + ": " + std::string(SeverityName(f.severity)) + ": " + f.message + "\n";
    for (const auto& r : f.related) out += "  related " + where(r.span) + ": " + r.message + "\n";
    for (const auto& [k, v] : f.evidence) out += "  " + k + " = " + Relative(v) + "\n";
  }
  return out;
}

// The rule's findings on one case, or nullopt (with `skip` set) when the
// case needs a compiled binary and rustc is missing.
std::optional<std::vector<Finding>> FindingsOf(const Rule& rule, const fs::path& dir,
                                               std::string* skip) {
  schema::Schema empty;
  std::optional<schema::LoadedSchema> loaded;
  if (fs::exists(dir / "schema.sql")) {
    auto s = schema::LoadDdlText(testutil::ReadFileOrEmpty(dir / "schema.sql"),
                                 Relative((dir / "schema.sql").string()));
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    if (!s.ok()) return std::vector<Finding>();
    loaded = std::move(s).value();
  }
  const fs::path crate_dir = fs::exists(dir / "crate") ? dir / "crate" : dir;
  auto crate = contracts::LoadRustCrate(crate_dir.string(), DiskFileReader());
  EXPECT_TRUE(crate.ok()) << crate.status().ToString();
  if (!crate.ok()) return std::vector<Finding>();
  std::optional<contracts::BinaryLayout> binary;
  if (fs::exists(dir / "binary.rs")) {
    auto built = testutil::CompileRust(dir / "binary.rs", 2);
    if (!built.ok()) {
      EXPECT_TRUE(built.status().code() == ErrorCode::kNotFound) << built.status().ToString();
      *skip = built.status().message();
      return std::nullopt;
    }
    std::set<std::string> names;
    for (const auto& s : crate->structs) names.insert(s.name);
    auto layout = contracts::ReadBinaryLayout(*built, names);
    EXPECT_TRUE(layout.ok()) << layout.status().ToString();
    if (layout.ok()) {
      binary = std::move(layout).value();
      binary->path = "binary/main";  // the temporary path changes every run
    }
  }
  contracts::ContractsOptions options;
  if (fs::exists(dir / "runwarden.toml")) {
    auto cfg = config::ParseConfig(testutil::ReadFileOrEmpty(dir / "runwarden.toml"),
                                   Relative((dir / "runwarden.toml").string()));
    EXPECT_TRUE(cfg.ok()) << cfg.status().ToString();
    if (!cfg.ok()) return std::vector<Finding>();
    for (const config::ContractTable& t : cfg->contract_tables) {
      options.tables.push_back({t.contract, t.table, t.span});
    }
  }
  const contracts::Contracts c = contracts::BuildContracts(
      std::move(crate).value(), std::move(binary), loaded ? loaded->schema : empty, options);
  RuleContext ctx;
  ctx.contracts = &c;
  std::vector<Finding> mine;
  for (Finding& f : RunRules(ctx)) {
    if (f.rule_id == rule.info().id) mine.push_back(std::move(f));
  }
  return mine;
}

class ContractRuleFixtureTest : public ::testing::TestWithParam<const Rule*> {};

TEST_P(ContractRuleFixtureTest, OkCasesAreClean) {
  const std::string id(GetParam()->info().id);
  const auto cases = Cases(testutil::SourceDir() / "testdata" / "rules" / id / "ok");
  ASSERT_FALSE(cases.empty()) << "rule " << id << " has no ok/ cases";
  std::string skip;
  for (const fs::path& dir : cases) {
    auto findings = FindingsOf(*GetParam(), dir, &skip);
    if (findings) {
      EXPECT_EQ(Describe(*findings), "") << dir;
    }
  }
  if (!skip.empty()) GTEST_SKIP() << skip;
}

TEST_P(ContractRuleFixtureTest, ErrCasesTriggerTheRule) {
  const std::string id(GetParam()->info().id);
  const auto cases = Cases(testutil::SourceDir() / "testdata" / "rules" / id / "err");
  ASSERT_FALSE(cases.empty()) << "rule " << id << " has no err/ cases";
  std::string skip;
  for (const fs::path& dir : cases) {
    auto findings = FindingsOf(*GetParam(), dir, &skip);
    if (!findings) continue;
    EXPECT_FALSE(findings->empty()) << dir << " does not trigger " << id;
    testutil::ExpectGolden(fs::relative(dir, testutil::SourceDir()).string() + ".expected",
                           Describe(*findings));
  }
  if (!skip.empty()) GTEST_SKIP() << skip;
}

INSTANTIATE_TEST_SUITE_P(ContractRules, ContractRuleFixtureTest,
                         ::testing::ValuesIn(ContractRules()),
                         [](const ::testing::TestParamInfo<const Rule*>& param) {
                           std::string name(param.param->info().id);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace runwarden::analysis
