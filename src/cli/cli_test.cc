// End-to-end tests: they run the real runwarden binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using testutil::RunRunwarden;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }

  fs::path dir_;
};

TEST_F(CliTest, ExampleRunbookGoldens) {
  auto steps = RunRunwarden("steps examples/tenant-data-exposure.md");
  EXPECT_EQ(steps.exit_code, 0) << steps.err;
  testutil::ExpectGolden("testdata/golden/example.steps.txt", steps.out);

  auto steps_json = RunRunwarden("steps --format json examples/tenant-data-exposure.md");
  EXPECT_EQ(steps_json.exit_code, 0) << steps_json.err;
  testutil::ExpectGolden("testdata/golden/example.steps.json", steps_json.out);

  auto lint = RunRunwarden("lint examples/tenant-data-exposure.md");
  EXPECT_EQ(lint.exit_code, 0) << lint.err;
  testutil::ExpectGolden("testdata/golden/example.lint.txt", lint.out);

  auto json = RunRunwarden("lint --format json examples/tenant-data-exposure.md");
  EXPECT_EQ(json.exit_code, 0);
  testutil::ExpectGolden("testdata/golden/example.lint.json", json.out);

  auto sarif = RunRunwarden("lint --format sarif examples/tenant-data-exposure.md");
  EXPECT_EQ(sarif.exit_code, 0);
  testutil::ExpectGolden("testdata/golden/example.lint.sarif", sarif.out);
}

TEST_F(CliTest, ScanSchemaGoldens) {
  auto text = RunRunwarden("scan --schema testdata/schema/saas.sql --tables");
  EXPECT_EQ(text.exit_code, 1) << text.err;
  testutil::ExpectGolden("testdata/golden/saas.scan.txt", text.out);
  auto json = RunRunwarden("scan --schema testdata/schema/saas.sql --format json");
  EXPECT_EQ(json.exit_code, 1) << json.err;
  testutil::ExpectGolden("testdata/golden/saas.scan.json", json.out);
  auto sarif = RunRunwarden("scan --schema testdata/schema/saas.sql --format sarif");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  testutil::ExpectGolden("testdata/golden/saas.scan.sarif", sarif.out);
}

TEST_F(CliTest, ScanAppliesTheConfiguration) {
  auto r = RunRunwarden(
      "scan --schema testdata/schema/saas.sql --config testdata/schema/runwarden.toml");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("global tables            public.countries, public.system_config"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("error[tenant-key-nullable]"), std::string::npos);
  EXPECT_EQ(r.out.find("error[view-bypasses-rls]"), std::string::npos);
  EXPECT_NE(r.out.find("1 finding accepted by the configuration:\n  view-bypasses-rls at "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("the view is owned by a role without BYPASSRLS"), std::string::npos);
}

TEST_F(CliTest, LintWithSchemaGoldens) {
  const std::string args =
      "lint --schema testdata/scope/schema.sql --role app_user testdata/scope/leaky-runbook.md";
  auto text = RunRunwarden(args);
  EXPECT_EQ(text.exit_code, 1) << text.err;
  testutil::ExpectGolden("testdata/golden/leaky-runbook.lint.txt", text.out);
  auto json = RunRunwarden(args + " --format json");
  EXPECT_EQ(json.exit_code, 1) << json.err;
  testutil::ExpectGolden("testdata/golden/leaky-runbook.lint.json", json.out);
  auto sarif = RunRunwarden(args + " --format sarif");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  testutil::ExpectGolden("testdata/golden/leaky-runbook.lint.sarif", sarif.out);
  // Without --role, forced row-level security is not counted on.
  auto no_role = RunRunwarden(
      "lint --schema testdata/scope/schema.sql testdata/scope/leaky-runbook.md --format json");
  EXPECT_NE(no_role.out.find("\"rule\": \"missing-tenant-filter\""), std::string::npos);
}

TEST_F(CliTest, ExampleRunbookPassesTheScopeCheck) {
  auto r = RunRunwarden(
      "lint --schema testdata/scope/schema.sql --role app_user examples/tenant-data-exposure.md");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Statements: 5 checked, 5 passed, 0 failed"), std::string::npos) << r.out;
}

TEST_F(CliTest, CheckSqlGoldens) {
  const std::string args = "check-sql --schema testdata/scope/schema.sql testdata/scope/app";
  auto text = RunRunwarden(args);
  EXPECT_EQ(text.exit_code, 1) << text.err;
  testutil::ExpectGolden("testdata/golden/app.check-sql.txt", text.out);
  auto json = RunRunwarden(args + " --format json");
  EXPECT_EQ(json.exit_code, 1) << json.err;
  testutil::ExpectGolden("testdata/golden/app.check-sql.json", json.out);
  auto sarif = RunRunwarden(args + " --format sarif");
  EXPECT_EQ(sarif.exit_code, 1) << sarif.err;
  testutil::ExpectGolden("testdata/golden/app.check-sql.sarif", sarif.out);
  auto clean = RunRunwarden(
      "check-sql --schema testdata/scope/schema.sql testdata/scope/app/.sqlx/query-9a1b.json");
  EXPECT_EQ(clean.exit_code, 0) << clean.out << clean.err;
}

TEST_F(CliTest, CheckSqlRejectsBadInputWithLocation) {
  const std::string broken =
      Write("broken.sql", "SELECT 1;\nSELECT * FROM invoices WHERE tenant_id = $1;\nSELEC oops;\n");
  auto r = RunRunwarden("check-sql --schema testdata/scope/schema.sql '" + broken + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("broken.sql:3:1: error: syntax error at or near \"SELEC\""),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("Statements: 2 checked"), std::string::npos) << r.out;

  fs::create_directories(dir_ / ".sqlx");
  const std::string bad_json = Write(".sqlx/query-1.json", "{\"query\": \"SELECT 1\",");
  auto j = RunRunwarden("check-sql --schema testdata/scope/schema.sql '" + bad_json + "'");
  EXPECT_EQ(j.exit_code, 2);
  EXPECT_NE(j.err.find("query-1.json:1:1: error: not a sqlx query file"), std::string::npos)
      << j.err;

  const std::string escaped =
      Write(".sqlx/query-2.json",
            "{\"db_name\": \"PostgreSQL\",\n \"query\": \"SELECT \\\"x\\\"\\n FROM invoices\"}");
  auto e = RunRunwarden("check-sql --schema testdata/scope/schema.sql '" + escaped + "'");
  EXPECT_EQ(e.exit_code, 1);
  EXPECT_NE(e.out.find("query-2.json:2:32: error[missing-tenant-filter]"), std::string::npos)
      << e.out;

  auto missing = RunRunwarden("check-sql --schema testdata/scope/schema.sql /nonexistent/q.sql");
  EXPECT_EQ(missing.exit_code, 2);
  auto role =
      RunRunwarden("check-sql --schema testdata/scope/schema.sql --role nobody testdata/scope/app");
  EXPECT_EQ(role.exit_code, 2);
  EXPECT_NE(role.err.find("role 'nobody' is not defined by the schema"), std::string::npos);
  auto no_schema = RunRunwarden("lint --role app_user examples/tenant-data-exposure.md");
  EXPECT_EQ(no_schema.exit_code, 2);
}

TEST_F(CliTest, ScanRejectsBadInputAndBadConfiguration) {
  const std::string bad_config = Write("bad.toml", "[rules]\nno-such-rule = \"off\"\n");
  auto r = RunRunwarden("scan --schema testdata/schema/saas.sql --config '" + bad_config + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("names an unknown rule 'no-such-rule'"), std::string::npos) << r.err;
  auto missing = RunRunwarden("scan --schema /nonexistent/schema.sql");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/schema.sql: no such file"), std::string::npos);
  const std::string broken =
      Write("broken.sql", "CREATE TABLE ok (id int);\nCREATE TABEL nope (id int);\n");
  auto syntax = RunRunwarden("scan --schema '" + broken + "'");
  EXPECT_EQ(syntax.exit_code, 1);
  EXPECT_NE(
      syntax.out.find("broken.sql:2:8: error[ddl-syntax-error]: syntax error at or near \"TABEL\""),
      std::string::npos)
      << syntax.out;
  EXPECT_NE(syntax.out.find("tables analyzed          1"), std::string::npos);
}

TEST_F(CliTest, LintErrorsExitOneWithCaret) {
  auto r = RunRunwarden("lint testdata/rules/sql-syntax-error/err/misspelt-keyword.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("testdata/rules/sql-syntax-error/err/misspelt-keyword.md:6:8: "
                       "error[sql-syntax-error]: syntax error at or near \"orders\""),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" 6 |   FORM orders\n   |        ^\n"), std::string::npos) << r.out;
}

TEST_F(CliTest, SeedRunbookLintsAndListsSteps) {
  const fs::path seed =
      testutil::SourceDir() / ".." / "shared" / "seeds" / "003_3aedc2394b867499.txt";
  if (!fs::exists(seed)) GTEST_SKIP() << "seed runbook not present at " << seed;
  auto steps = RunRunwarden("steps '" + seed.string() + "'");
  EXPECT_EQ(steps.exit_code, 0) << steps.err;
  EXPECT_NE(steps.out.find("database-session-cutoff  [sql]"), std::string::npos);
  EXPECT_NE(steps.out.find("--tenant-id \"${RUNWARDEN_PARAM_UUID}\""), std::string::npos);
  auto lint = RunRunwarden("lint '" + seed.string() + "'");
  EXPECT_EQ(lint.exit_code, 0) << lint.out;
  EXPECT_NE(lint.out.find("warning[placeholder-in-string-literal]"), std::string::npos);
  EXPECT_NE(lint.out.find("warning[undeclared-parameter]: placeholder TENANT_ID"),
            std::string::npos);
}

// Bad input: a clear error naming the file, line and column; exit 2; no crash.
struct BadInput {
  const char* name;
  std::string content;
  const char* expected;  // in stderr
};

TEST_F(CliTest, BadInputExitsTwoWithLocation) {
  const BadInput cases[] = {
      {"empty.md", "", ":1:1: error: runbook is empty"},
      {"binary.md",
       std::string("# x\n\x7f"
                   "ELF\0\0\x01",
                   10),
       ":2:5: error: file looks binary"},
      {"latin1.md", "# Caf\xE9\n", ":1:6: error: file is not valid UTF-8"},
      {"fence.md", "# T\n\n```sql\nSELECT 1;\n",
       ":3:1: error: code block opened here is never closed"},
      {"front.md", "---\nid: [x\n---\n# T\n", "error: front matter is not valid YAML"},
      {"open-front.md", "---\nid: x\n# T\n",
       ":1:1: error: front matter opened on line 1 is never closed"},
      {"type.md", "---\nparameters:\n  X: {type: float}\n---\n# T\n",
       ":3:13: error: front matter: parameter X has unknown type 'float'"},
      {"severity.md", "---\nseverity: critical\n---\n# T\n",
       ":2:11: error: front matter: unknown severity"},
      {"nested.md", std::string(200, '>') + " deep\n", "nested more than 64 levels deep"},
  };
  for (const BadInput& c : cases) {
    const std::string path = Write(c.name, c.content);
    for (const char* cmd : {"lint", "steps"}) {
      auto r = RunRunwarden(std::string(cmd) + " '" + path + "'");
      EXPECT_EQ(r.exit_code, 2) << c.name << " " << cmd << "\n" << r.err;
      EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.name << ": " << r.err;
      EXPECT_NE(r.err.find(path), std::string::npos) << c.name << ": " << r.err;
      EXPECT_TRUE(r.out.empty() || std::string(cmd) == "lint") << c.name;
    }
  }
}

TEST_F(CliTest, TenMegabyteRunbookIsRefused) {
  std::string big = "# Big\n\n```sql\n";
  while (big.size() < 10u * 1024 * 1024)
    big += "SELECT 1 FROM orders WHERE tenant_id = <TENANT_ID>;\n";
  big += "```\n";
  const std::string path = Write("big.md", big);
  auto r = RunRunwarden("lint '" + path + "'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("larger than the limit of 8.0 MiB"), std::string::npos) << r.err;
}

TEST_F(CliTest, MissingFileAndBadUsageExitTwo) {
  auto missing = RunRunwarden("lint /nonexistent/runbook.md");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("/nonexistent/runbook.md: no such file"), std::string::npos);
  EXPECT_EQ(RunRunwarden("lint --format xml examples/tenant-data-exposure.md").exit_code, 2);
  EXPECT_EQ(RunRunwarden("frobnicate").exit_code, 2);
  EXPECT_EQ(RunRunwarden("").exit_code, 2);
  EXPECT_EQ(RunRunwarden("lint").exit_code, 2);
}

TEST_F(CliTest, HelpAndVersionExitZero) {
  auto help = RunRunwarden("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("lint"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  EXPECT_EQ(RunRunwarden("lint --help").exit_code, 0);
  auto version = RunRunwarden("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_NE(version.out.find("runwarden 0."), std::string::npos);
}

TEST_F(CliTest, OutputFileIsWrittenWhole) {
  const std::string out = (dir_ / "report.sarif").string();
  auto r = RunRunwarden("lint --format sarif -o '" + out +
                        "' testdata/rules/dependency-cycle/err/three-step-cycle.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(r.out.empty());
  const std::string text = testutil::ReadFileOrEmpty(out);
  EXPECT_NE(text.find("\"version\": \"2.1.0\""), std::string::npos);
  EXPECT_NE(text.find("dependency-cycle"), std::string::npos);
  // No temporary file is left behind.
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1u);
}

TEST_F(CliTest, ReadsStandardInput) {
  const std::string path = Write("in.md", "# T\n```sql\nSELECT 1;\n```\n");
  auto r = RunRunwarden("steps -", path);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Runbook -"), std::string::npos);
}

TEST_F(CliTest, SeveralRunbooksAreLintedTogether) {
  auto r = RunRunwarden(
      "lint examples/tenant-data-exposure.md testdata/rules/positional-parameter/err/dollar-one.md "
      "/nonexistent.md");
  EXPECT_EQ(r.exit_code, 2);  // one input could not be read
  EXPECT_NE(r.out.find("error[positional-parameter]"), std::string::npos);
  EXPECT_NE(r.out.find("warning[placeholder-in-string-literal]"), std::string::npos);
}

}  // namespace
}  // namespace runwarden::cli

namespace runwarden::cli {
namespace {

// The README shows real output; these keep it true.
TEST(ReadmeTest, RuleTableIsTheRegistry) {
  const std::string readme = testutil::ReadFileOrEmpty(testutil::SourceDir() / "README.md");
  const size_t begin = readme.find("<!-- rules:begin -->\n");
  const size_t end = readme.find("<!-- rules:end -->");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string table = readme.substr(begin + 21, end - begin - 21);
  auto r = testutil::RunRunwarden("rules --format md");
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(table, r.out)
      << "README.md's rule table differs from the rule registry; regenerate it: replace the "
         "lines between <!-- rules:begin --> and <!-- rules:end --> with the output of "
         "runwarden rules --format md";
  EXPECT_EQ(testutil::RunRunwarden("rules --format markdown").out, r.out);
}

TEST(ReadmeTest, LintSampleIsRealOutput) {
  const std::string readme = testutil::ReadFileOrEmpty(testutil::SourceDir() / "README.md");
  auto r = testutil::RunRunwarden("lint examples/stale-sessions-draft.md");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(readme.find("$ runwarden lint examples/stale-sessions-draft.md\n" + r.out),
            std::string::npos)
      << "README.md's lint sample differs from the output of runwarden lint "
         "examples/stale-sessions-draft.md";
}

// The tour's samples of the demo files are the commands' real output.
TEST(ReadmeTest, DemoSamplesAreRealOutput) {
  const std::string readme = testutil::ReadFileOrEmpty(testutil::SourceDir() / "README.md");
  const std::string config = "--config examples/demo/runwarden.toml ";
  const std::vector<std::pair<std::string, int>> samples = {
      {"lint " + config +
           "--schema examples/demo/schema.sql examples/demo/incident-billing-leak.md",
       1},
      {"contracts " + config +
           "--rust examples/demo/billing-service --schema examples/demo/schema.sql",
       0},
  };
  for (const auto& [command, code] : samples) {
    auto r = testutil::RunRunwarden(command);
    EXPECT_EQ(r.exit_code, code) << r.err;
    EXPECT_NE(readme.find("$ runwarden " + command + "\n" + r.out), std::string::npos)
        << "README.md's sample of runwarden " << command << " differs from its output:\n"
        << r.out;
  }
}

}  // namespace
}  // namespace runwarden::cli
