// Fixtures of the rules that read a live database (RuleTarget::kLiveSchema).
// They cannot be Markdown runbooks: each fixture is SQL that builds the
// situation in a scratch PostgreSQL database.
//
//   testdata/rules/<id>/ok/*.sql   must not trigger the rule
//   testdata/rules/<id>/err/*.sql  must, with the findings kept beside it as
//                                  <name>.expected (RUNWARDEN_UPDATE_GOLDENS=1
//                                  rewrites them)
//
// In the SQL, @ROLE@ is the role runwarden connects as and @OTHER@ a second
// role; both are created per test and dropped with the database. For
// schema-drift, ok/<name>.sql is both applied and loaded as the schema file,
// and err/<name>.live.sql is applied while err/<name>.schema.sql is loaded.
// Role names and the target are replaced by placeholders in the goldens.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "analysis/registry.h"
#include "analysis/rules/rules.h"
#include "db/pg_test_env.h"
#include "schema/catalog.h"
#include "schema/ddl_loader.h"
#include "testutil/golden.h"

namespace runwarden::analysis {
namespace {

namespace fs = std::filesystem;

std::string ReplaceAll(std::string text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

std::vector<fs::path> FilesEndingWith(const fs::path& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  if (!fs::exists(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.size() > suffix.size() && name.ends_with(suffix)) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// One situation: a scratch database, the two roles, the session.
class Situation {
 public:
  static std::unique_ptr<Situation> Create(const std::string& admin_dsn) {
    auto s = std::unique_ptr<Situation>(new Situation);
    auto db = db::ScratchDatabase::Create(admin_dsn);
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return nullptr;
    s->db_ = std::move(db).value();
    auto role = s->db_->CreateRole("rw_role");
    auto other = s->db_->CreateRole("rw_other");
    EXPECT_TRUE(role.ok() && other.ok());
    if (!role.ok() || !other.ok()) return nullptr;
    s->role_ = *role;
    s->other_ = *other;
    auto admin = db::Open(s->db_->dsn());
    EXPECT_TRUE(admin.ok());
    if (!admin.ok()) return nullptr;
    s->admin_ = std::move(admin).value();
    EXPECT_TRUE(
        s->admin_->Execute("GRANT ALL ON SCHEMA public TO " + s->role_ + ", " + s->other_).ok());
    return s;
  }

  std::string Substitute(std::string sql) const {
    return ReplaceAll(ReplaceAll(std::move(sql), "@ROLE@", role_), "@OTHER@", other_);
  }

  bool Apply(const fs::path& file) {
    auto r = admin_->Execute(Substitute(testutil::ReadFileOrEmpty(file)));
    EXPECT_TRUE(r.ok()) << file << ": " << r.status().ToString();
    return r.ok();
  }

  // The live schema as seen by @ROLE@.
  Result<schema::Schema> Read() {
    RW_ASSIGN_OR_RETURN(auto conn, db::Open(db_->DsnAs(role_)));
    return schema::ReadCatalog(*conn);
  }

  std::string Describe(const std::vector<Finding>& findings, const std::string& origin) const {
    std::string out;
    for (const Finding& f : findings) {
      out += FormatLocation(f.span) + ": " + std::string(SeverityName(f.severity)) + ": " +
             f.message + "\n";
      for (const auto& [k, v] : f.evidence) out += "  " + k + " = " + v + "\n";
    }
    out = ReplaceAll(out, origin, "@TARGET@");
    out = ReplaceAll(out, role_, "@ROLE@");
    return ReplaceAll(out, other_, "@OTHER@");
  }

 private:
  Situation() = default;
  std::unique_ptr<db::ScratchDatabase> db_;
  std::unique_ptr<db::Connection> admin_;
  std::string role_;
  std::string other_;
};

std::vector<Finding> RunRule(const Rule& rule, const schema::Schema& live,
                             const schema::Schema* expected = nullptr) {
  std::vector<Finding> findings;
  RuleContext ctx;
  ctx.schema = &live;
  ctx.expected_schema = expected;
  Reporter reporter(rule.info(), findings);
  rule.Check(ctx, reporter);
  SortFindings(findings);
  return findings;
}

fs::path FixtureDir(const Rule& rule, const char* kind) {
  return testutil::SourceDir() / "testdata" / "rules" / std::string(rule.info().id) / kind;
}

fs::path Golden(const fs::path& file, const std::string& suffix) {
  std::string name = file.filename().string();
  name = name.substr(0, name.size() - suffix.size()) + ".expected";
  return fs::relative(file.parent_path() / name, testutil::SourceDir());
}

class RoleRuleFixtureTest : public ::testing::TestWithParam<const Rule*> {};

TEST_P(RoleRuleFixtureTest, OkFixturesAreClean) {
  RW_REQUIRE_TEST_PG_DSN(admin_dsn);
  const Rule& rule = *GetParam();
  const auto files = FilesEndingWith(FixtureDir(rule, "ok"), ".sql");
  ASSERT_FALSE(files.empty()) << rule.info().id << " has no ok/*.sql fixtures";
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    auto s = Situation::Create(admin_dsn);
    ASSERT_TRUE(s && s->Apply(file));
    auto live = s->Read();
    ASSERT_TRUE(live.ok()) << live.status().ToString();
    EXPECT_EQ(s->Describe(RunRule(rule, *live), live->origin), "");
  }
}

TEST_P(RoleRuleFixtureTest, ErrFixturesTriggerTheRule) {
  RW_REQUIRE_TEST_PG_DSN(admin_dsn);
  const Rule& rule = *GetParam();
  const auto files = FilesEndingWith(FixtureDir(rule, "err"), ".sql");
  ASSERT_FALSE(files.empty()) << rule.info().id << " has no err/*.sql fixtures";
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    auto s = Situation::Create(admin_dsn);
    ASSERT_TRUE(s && s->Apply(file));
    auto live = s->Read();
    ASSERT_TRUE(live.ok()) << live.status().ToString();
    const auto findings = RunRule(rule, *live);
    EXPECT_FALSE(findings.empty()) << file << " does not trigger " << rule.info().id;
    for (const Finding& f : findings) {
      EXPECT_EQ(f.rule_id, rule.info().id);
      EXPECT_EQ(f.span.path, live->origin);  // the target, never a password
    }
    testutil::ExpectGolden(Golden(file, ".sql"), s->Describe(findings, live->origin));
  }
}

// Every rule that reads a live database, except schema-drift (which also
// needs a schema file and has tests of its own below).
std::vector<const Rule*> RoleRules() {
  std::vector<const Rule*> out;
  for (const Rule* rule : AllRules()) {
    if (rule->info().target == RuleTarget::kLiveSchema && rule != &rules::SchemaDrift()) {
      out.push_back(rule);
    }
  }
  return out;
}

INSTANTIATE_TEST_SUITE_P(LiveRules, RoleRuleFixtureTest, ::testing::ValuesIn(RoleRules()),
                         [](const ::testing::TestParamInfo<const Rule*>& param) {
                           std::string name(param.param->info().id);
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SchemaDriftFixtureTest, OkFixturesAreClean) {
  RW_REQUIRE_TEST_PG_DSN(admin_dsn);
  const auto files = FilesEndingWith(FixtureDir(rules::SchemaDrift(), "ok"), ".sql");
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    auto s = Situation::Create(admin_dsn);
    ASSERT_TRUE(s && s->Apply(file));
    auto live = s->Read();
    ASSERT_TRUE(live.ok()) << live.status().ToString();
    auto expected = schema::LoadDdlText(s->Substitute(testutil::ReadFileOrEmpty(file)),
                                        fs::relative(file, testutil::SourceDir()).string());
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    EXPECT_EQ(s->Describe(RunRule(rules::SchemaDrift(), *live, &expected->schema), live->origin),
              "");
  }
}

TEST(SchemaDriftFixtureTest, ErrFixturesTriggerTheRule) {
  RW_REQUIRE_TEST_PG_DSN(admin_dsn);
  const auto files = FilesEndingWith(FixtureDir(rules::SchemaDrift(), "err"), ".live.sql");
  ASSERT_FALSE(files.empty());
  for (const fs::path& file : files) {
    SCOPED_TRACE(file.string());
    auto s = Situation::Create(admin_dsn);
    ASSERT_TRUE(s && s->Apply(file));
    auto live = s->Read();
    ASSERT_TRUE(live.ok()) << live.status().ToString();
    std::string schema_file = file.string();
    schema_file.replace(schema_file.size() - 9, 9, ".schema.sql");
    auto expected = schema::LoadDdlText(s->Substitute(testutil::ReadFileOrEmpty(schema_file)),
                                        fs::relative(schema_file, testutil::SourceDir()).string());
    ASSERT_TRUE(expected.ok()) << expected.status().ToString();
    const auto findings = RunRule(rules::SchemaDrift(), *live, &expected->schema);
    EXPECT_FALSE(findings.empty()) << file << " does not trigger schema-drift";
    testutil::ExpectGolden(Golden(file, ".live.sql"), s->Describe(findings, live->origin));
  }
}

TEST(LiveRulesTest, InfoIsLiveSchemaWithErrorSeverity) {
  for (const Rule* r : {&rules::RoleBypassesRls(), &rules::RoleIsSuperuser(),
                        &rules::RoleOwnsTableWithoutForce(), &rules::SchemaDrift()}) {
    EXPECT_EQ(r->info().target, RuleTarget::kLiveSchema) << r->info().id;
    EXPECT_EQ(r->info().default_severity, Severity::kError) << r->info().id;
    const fs::path doc =
        testutil::SourceDir() / "docs" / "rules" / (std::string(r->info().id) + ".md");
    EXPECT_TRUE(fs::exists(doc)) << doc;
  }
}

}  // namespace
}  // namespace runwarden::analysis
