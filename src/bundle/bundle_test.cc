#include "bundle/bundle.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace runwarden::bundle {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

Bundle Sample() {
  Bundle b;
  b.created = "2026-12-07T10:00:00Z";
  b.runbook_path = "runbooks/billing leak.md";
  b.runbook_text = "---\nid: billing-leak\n---\n# Fix\n";
  b.plan_text = "{\"format\":\"runwarden-plan/1\"}\n";
  b.plan_hash = "sha256:abc";
  b.tenant = "t-1";
  b.parameters = {{"TENANT_ID", std::string("t-1"), "", false},
                  {"TOKEN", std::nullopt, "sha256:feed", true},
                  {"NOTE", std::nullopt, "", false}};
  b.backend = "sqlite";
  b.schema_ddl = "CREATE TABLE t (id INTEGER);\n";
  b.config_text = "[tenant]\nkeys = [\"tenant_id\"]\n";
  b.audit_log_text = "{\"format\":\"runwarden-audit/1\"}\n";
  b.audit_head = "00ff";
  b.rust_path = "service";
  b.rust_files = {{"Cargo.toml", "[package]\nname = \"s\"\n"}, {"src/lib.rs", "pub struct A;\n"}};
  b.outcome = {"execution_blocked_for_safety", "", "runbook unsafe", {"findings", "dry-run"}};
  return b;
}

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw-bundle-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(BundleTest, WritesEveryPartAndReadsItBack) {
  const Bundle b = Sample();
  const std::string where = (dir_ / "b").string();
  ASSERT_TRUE(WriteBundle(where, b).ok());
  for (const char* f : {"bundle.json", "plan.json", "schema.sql", "runwarden.toml", "audit.jsonl",
                        "README.md", "runbook/billing_leak.md"}) {
    EXPECT_TRUE(fs::exists(dir_ / "b" / f)) << f;
    struct stat st {};
    ASSERT_EQ(::stat((dir_ / "b" / f).c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
  }
  EXPECT_FALSE(fs::exists(dir_ / "b" / "fixtures.sql"));
  auto back = ReadBundle(where);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->runbook_text, b.runbook_text);
  EXPECT_EQ(back->runbook_path, b.runbook_path);
  EXPECT_EQ(back->plan_text, b.plan_text);
  EXPECT_EQ(back->plan_hash, b.plan_hash);
  EXPECT_EQ(back->schema_ddl, b.schema_ddl);
  EXPECT_EQ(back->config_text, b.config_text);
  EXPECT_EQ(back->audit_log_text, b.audit_log_text);
  EXPECT_EQ(back->tenant, "t-1");
  EXPECT_EQ(back->backend, "sqlite");
  ASSERT_EQ(back->parameters.size(), 3u);
  EXPECT_EQ(back->parameters[0].value, "t-1");
  EXPECT_TRUE(back->parameters[1].secret);
  EXPECT_EQ(back->parameters[1].secret_sha256, "sha256:feed");
  EXPECT_FALSE(back->parameters[2].value.has_value());
  EXPECT_EQ(back->rust_path, "service");
  EXPECT_EQ(back->rust_files, b.rust_files);
  EXPECT_TRUE(fs::exists(dir_ / "b" / "rust" / "src" / "lib.rs"));
  EXPECT_EQ(back->outcome.final_status, "execution_blocked_for_safety");
  EXPECT_EQ(back->outcome.halted_gates, (std::vector<std::string>{"findings", "dry-run"}));
  std::ifstream readme(dir_ / "b" / "README.md");
  const std::string text((std::istreambuf_iterator<char>(readme)), {});
  EXPECT_THAT(text, HasSubstr("runwarden replay"));
  EXPECT_THAT(text, HasSubstr("TOKEN"));
}

TEST_F(BundleTest, NeverOverwritesAndLeavesNothingHalfWritten) {
  const std::string where = (dir_ / "b").string();
  ASSERT_TRUE(WriteBundle(where, Sample()).ok());
  const Status again = WriteBundle(where, Sample());
  EXPECT_FALSE(again.ok());
  EXPECT_THAT(again.ToString(), HasSubstr("already exists"));
  // A folder that cannot be written: nothing is left behind.
  const Status bad = WriteBundle((dir_ / "missing" / "b").string(), Sample());
  EXPECT_FALSE(bad.ok());
  size_t entries = 0;
  for (auto it = fs::directory_iterator(dir_); it != fs::directory_iterator(); ++it) ++entries;
  EXPECT_EQ(entries, 1u);
}

TEST_F(BundleTest, ABrokenManifestNamesTheFileLineAndColumn) {
  Bundle out;
  Status s = ParseManifest("{\n  \"format\": \"runwarden-bundle/1\",\n  oops\n}", "m.json", out);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.ToString(), HasSubstr("m.json:3:"));
  s = ParseManifest("{\"format\": \"runwarden-bundle/9\"}", "m.json", out);
  EXPECT_THAT(s.ToString(), HasSubstr("runwarden-bundle/9"));
  s = ParseManifest("\n1e30829", "m.json", out);  // found by fuzz_bundle_manifest
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.ToString(), HasSubstr("m.json"));
  s = ParseManifest("[]", "m.json", out);
  EXPECT_THAT(s.ToString(), HasSubstr("not a JSON object"));
  Bundle ok = Sample();
  std::string text = ManifestText(ok);
  Bundle parsed;
  ASSERT_TRUE(ParseManifest(text, "m.json", parsed).ok());
  const std::string no_backend = text.replace(text.find("\"sqlite\""), 8, "\"oracle\"");
  EXPECT_THAT(ParseManifest(no_backend, "m.json", parsed).ToString(), HasSubstr("oracle"));
  auto missing = ReadBundle((dir_ / "nope").string());
  EXPECT_FALSE(missing.ok());
}

TEST(BundlePathTest, OnlyRelativePathsInsideTheBundle) {
  EXPECT_TRUE(IsSafeRelativePath("src/lib.rs"));
  EXPECT_TRUE(IsSafeRelativePath("Cargo.toml"));
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a//b", "./a", "a/", "a\nb"}) {
    EXPECT_FALSE(IsSafeRelativePath(bad)) << bad;
  }
  Bundle b;
  std::string text = ManifestText(Sample());
  text.replace(text.find("\"src/lib.rs\""), 12, "\"../evil.rs\"");
  EXPECT_THAT(ParseManifest(text, "m.json", b).ToString(), HasSubstr("relative path"));
}

TEST_F(BundleTest, ASecretValueIsNeverWritten) {
  Bundle b = Sample();
  b.parameters[1].value = "hunter2-secret";  // must be ignored for a secret
  const std::string where = (dir_ / "b").string();
  ASSERT_TRUE(WriteBundle(where, b).ok());
  for (auto it = fs::recursive_directory_iterator(where); it != fs::recursive_directory_iterator();
       ++it) {
    if (!it->is_regular_file()) continue;
    std::ifstream in(it->path());
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    EXPECT_THAT(text, Not(HasSubstr("hunter2-secret"))) << it->path();
  }
}

}  // namespace
}  // namespace runwarden::bundle
