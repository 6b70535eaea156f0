// A halted or failed run leaves a reproduction bundle; runwarden replay
// makes the same thing happen again in a sandbox. End to end on SQLite and,
// through a throwaway cluster runwarden starts itself, on PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "base/file_reader.h"
#include "db/pg_test_env.h"
#include "db/sqlite.h"
#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testutil::RunRunwarden;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

constexpr char kLeaky[] = "testdata/apply/leaky-close-tickets.md";
constexpr char kFailing[] = "testdata/apply/blank-subjects.md";

// The rows of testdata/apply/support.sql, as a bundle's fixtures.sql.
constexpr char kFixtures[] =
    "INSERT INTO tenants VALUES ('t-1', 'Acme'), ('t-2', 'Globex');\n"
    "INSERT INTO tickets VALUES (1, 't-1', 'Login loop', 'open'),\n"
    "  (2, 't-1', 'Invoice PDF blank', 'open'), (3, 't-1', 'Export slow', 'closed'),\n"
    "  (4, 't-2', 'SSO broken', 'open');\n";

// The sandbox folder replay names on standard error.
std::string SandboxOf(const std::string& err) {
  const size_t at = err.find("Sandbox: ");
  if (at == std::string::npos) return "";
  return err.substr(at + 9, err.find(' ', at + 9) - at - 9);
}

void AddFixtures(const fs::path& bundle) {
  std::ofstream fixtures(bundle / "fixtures.sql");
  fixtures << kFixtures;
}

class ReplayCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw-replay-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = (dir_ / "app.db").string();
    auto schema = DiskFileReader().Read(
        (testutil::SourceDir() / "testdata/apply/support.sql").string(), 1 << 20);
    ASSERT_TRUE(schema.ok());
    auto conn = db::OpenSqlite(db_, db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Execute(*schema).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Target() const { return "--target " + Quote("sqlite:" + db_); }

  fs::path dir_;
  std::string db_;
};

TEST_F(ReplayCliTest, AHaltedRunIsLoggedAndItsBundleReplaysToTheSameHalt) {
  const fs::path log = dir_ / "leaky.audit.jsonl";
  auto r = RunRunwarden(std::string("run ") + kLeaky + " " + Target() +
                        " --tenant t-1 --param INCIDENT=INC-7 --log " + Quote(log.string()));
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("missing-tenant-filter"));
  EXPECT_THAT(r.err, HasSubstr("Final status: execution_blocked_for_safety"));
  // Nothing ran.
  auto conn = db::OpenSqlite(db_, db::SqliteOpenMode::kOpenExisting);
  ASSERT_TRUE(conn.ok());
  auto closed = (*conn)->Query("SELECT count(*) FROM tickets WHERE status = 'closed'", {});
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(*closed->rows[0][0], "1");

  // The log records the decision: phases with findings, gates, remediation.
  const std::string text = ReadAll(log);
  EXPECT_THAT(text, HasSubstr("\"kind\":\"phase\",\"name\":\"isolation\""));
  EXPECT_THAT(text, HasSubstr("\"cross_tenant_risk_vectors\":1"));
  EXPECT_THAT(text, HasSubstr("\"final_status\":\"execution_blocked_for_safety\""));
  EXPECT_THAT(text, HasSubstr("\"remediation\":[{\"change\":"));
  EXPECT_THAT(text, Not(HasSubstr("\"kind\":\"step-start\"")));
  EXPECT_EQ(RunRunwarden("audit verify " + Quote(log.string())).exit_code, 0);

  // The bundle beside it.
  const fs::path bundle = dir_ / "leaky.bundle";
  EXPECT_THAT(r.err, HasSubstr("runwarden replay " + bundle.string()));
  for (const char* f : {"bundle.json", "plan.json", "schema.sql", "audit.jsonl", "README.md",
                        "runbook/leaky-close-tickets.md"}) {
    EXPECT_TRUE(fs::exists(bundle / f)) << f;
  }
  EXPECT_THAT(ReadAll(bundle / "schema.sql"), HasSubstr("CREATE TABLE tickets"));
  EXPECT_EQ(ReadAll(bundle / "audit.jsonl"), text);
  EXPECT_EQ(RunRunwarden("audit verify " + Quote((bundle / "audit.jsonl").string())).exit_code, 0);

  // Without rows the dry run's check of open-tickets (rows >= 1) halts too:
  // not the same halt, and replay says what differs.
  auto bare = RunRunwarden("replay " + Quote(bundle.string()), "/dev/null");
  EXPECT_EQ(bare.exit_code, 1) << bare.err;
  EXPECT_THAT(bare.err, HasSubstr("halted gates differ"));
  EXPECT_THAT(bare.err, HasSubstr("Add the rows the run saw as fixtures.sql"));
  AddFixtures(bundle);

  // Replayed twice: the same halt, the same findings, the same decision.
  const fs::path first = dir_ / "first.json", second = dir_ / "second.json";
  auto a = RunRunwarden("replay " + Quote(bundle.string()) + " --json " + Quote(first.string()),
                        "/dev/null");
  ASSERT_EQ(a.exit_code, 0) << a.out << a.err;
  EXPECT_THAT(a.err, HasSubstr("Reproduced: the replay ended execution_blocked_for_safety"));
  auto b = RunRunwarden("replay " + Quote(bundle.string()) + " --json " + Quote(second.string()),
                        "/dev/null");
  ASSERT_EQ(b.exit_code, 0) << b.out << b.err;
  const auto j1 = nlohmann::json::parse(ReadAll(first));
  const auto j2 = nlohmann::json::parse(ReadAll(second));
  EXPECT_EQ(j1["replay"], j2["replay"]);
  EXPECT_EQ(j1["replay"], j1["original"]);
  EXPECT_TRUE(j1["reproduced"].get<bool>());
  EXPECT_THAT(j1["replay"]["findings"].dump(),
              HasSubstr("missing-tenant-filter at " + std::string(kLeaky) + ":17:"));
  // The sandbox is gone.
  ASSERT_FALSE(SandboxOf(a.err).empty()) << a.err;
  EXPECT_FALSE(fs::exists(SandboxOf(a.err))) << a.err;

  // Two replays give the same decision tree, but for when and where they ran:
  // the time, the sandbox's path, and the plan hash, which covers the target.
  std::vector<nlohmann::json> trees;
  for (int i = 0; i < 2; ++i) {
    auto kept = RunRunwarden("replay --keep " + Quote(bundle.string()), "/dev/null");
    ASSERT_EQ(kept.exit_code, 0) << kept.err;
    const std::string sandbox = SandboxOf(kept.err);
    auto tree = RunRunwarden("report --format json " + Quote(sandbox + "/replay.audit.jsonl"));
    ASSERT_EQ(tree.exit_code, 0) << tree.err;
    std::string out = tree.out;
    for (size_t at; (at = out.find(sandbox)) != std::string::npos;) {
      out.replace(at, sandbox.size(), "<sandbox>");
    }
    auto j = nlohmann::json::parse(out);
    EXPECT_EQ(j["final_status"], "execution_blocked_for_safety");
    j.erase("timestamp");
    j.erase("audit_log");
    j.erase("plan_hash");
    trees.push_back(j);
    fs::remove_all(sandbox);
  }
  EXPECT_EQ(trees[0], trees[1]);
  EXPECT_THAT(trees[0].dump(), HasSubstr("missing-tenant-filter"));
}

TEST_F(ReplayCliTest, AFailureThatNeedsDataReplaysOnlyWithItsFixtures) {
  // blank-subjects passes its gates and fails when it runs: subject is NOT NULL.
  const fs::path log = dir_ / "fail.audit.jsonl";
  auto r = RunRunwarden(std::string("run ") + kFailing + " " + Target() + " --tenant t-1 --log " +
                            Quote(log.string()),
                        "/dev/null");
  ASSERT_EQ(r.exit_code, 3) << r.out << r.err;
  const fs::path bundle = dir_ / "fail.bundle";
  ASSERT_TRUE(fs::exists(bundle / "bundle.json"));
  EXPECT_THAT(ReadAll(bundle / "bundle.json"), HasSubstr("\"failed_step\": \"blank\""));
  EXPECT_THAT(ReadAll(bundle / "bundle.json"),
              HasSubstr("\"final_status\": \"failed_rolled_back\""));

  // Schema alone: no tickets, so nothing fails. Not the same outcome, and
  // replay says so.
  auto a = RunRunwarden("replay " + Quote(bundle.string()), "/dev/null");
  EXPECT_EQ(a.exit_code, 1) << a.out << a.err;
  EXPECT_THAT(a.err, HasSubstr("Not reproduced:"));
  EXPECT_THAT(a.err, HasSubstr("the run ended failed_rolled_back, the replay completed"));

  // With the rows as fixtures.sql: the same failure at the same step.
  AddFixtures(bundle);
  auto b = RunRunwarden("replay " + Quote(bundle.string()), "/dev/null");
  EXPECT_EQ(b.exit_code, 0) << b.out << b.err;
  EXPECT_THAT(b.err, HasSubstr("Reproduced: the replay ended failed_rolled_back at step blank"));
}

TEST_F(ReplayCliTest, ABrokenBundleExitsTwoNamingTheFile) {
  const fs::path bundle = dir_ / "broken";
  fs::create_directories(bundle);
  {
    std::ofstream m(bundle / "bundle.json");
    m << "{\n  \"format\": \"runwarden-bundle/1\",\n  \"runbook\": [\n}\n";
  }
  auto r = RunRunwarden("replay " + Quote(bundle.string()), "/dev/null");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr((bundle / "bundle.json").string() + ":4:"));
  auto missing = RunRunwarden("replay " + Quote((dir_ / "nope").string()), "/dev/null");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("is not a folder"));
}

// On PostgreSQL: the run connects as an application role; the bundle's
// schema is the catalog written out as DDL; replay starts a throwaway
// cluster of its own, loads it, connects as the same role, and halts the same.
class ReplayPostgresTest : public db::ScratchDatabaseTest {};

TEST_F(ReplayPostgresTest, AHaltOnPostgresReplaysInAThrowawayCluster) {
  if (IsSkipped() || HasFatalFailure()) return;
  auto schema = DiskFileReader().Read(
      (testutil::SourceDir() / "testdata/apply/support.sql").string(), 1 << 20);
  ASSERT_TRUE(schema.ok());
  ASSERT_TRUE(admin_->Execute(*schema).ok());
  auto role = db_->CreateRole("replay_app");
  ASSERT_TRUE(role.ok()) << role.status().ToString();
  ASSERT_TRUE(admin_->Execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO " + *role).ok());
  const fs::path dir = fs::temp_directory_path() / ("rw-replay-pg-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path log = dir / "leaky.audit.jsonl";
  auto r = RunRunwarden(std::string("run ") + kLeaky + " --target " + Quote(db_->DsnAs(*role)) +
                            " --tenant t-1 --param INCIDENT=INC-7 --log " + Quote(log.string()),
                        "/dev/null");
  ASSERT_EQ(r.exit_code, 1) << r.out << r.err;
  const fs::path bundle = dir / "leaky.bundle";
  ASSERT_TRUE(fs::exists(bundle / "schema.sql")) << r.err;
  EXPECT_THAT(ReadAll(bundle / "schema.sql"), HasSubstr("CREATE TABLE public.tickets"));
  EXPECT_THAT(ReadAll(bundle / "bundle.json"), HasSubstr("\"backend\": \"postgres\""));
  AddFixtures(bundle);

  const fs::path json = dir / "replay.json";
  auto a = RunRunwarden("replay " + Quote(bundle.string()) + " --json " + Quote(json.string()),
                        "/dev/null");
  EXPECT_EQ(a.exit_code, 0) << a.out << a.err;
  EXPECT_THAT(a.err, HasSubstr("(postgres)"));
  EXPECT_THAT(a.err, HasSubstr("Reproduced: the replay ended execution_blocked_for_safety"));
  const auto j = nlohmann::json::parse(ReadAll(json));
  EXPECT_EQ(j["replay"], j["original"]);
  EXPECT_THAT(j["replay"]["findings"].dump(), HasSubstr("missing-tenant-filter at"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace runwarden::cli
