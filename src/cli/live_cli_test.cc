// End-to-end tests of the commands that talk to a live database: `scan --db`
// and `probe`, run as the real binary against a real PostgreSQL (and SQLite).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>
#include <tuple>

#include "db/pg_fixture_env.h"
#include "db/pg_test_env.h"
#include "db/sqlite.h"
#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testutil::RunRunwarden;

// A string as one shell word.
std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The rules that exist only for live databases.
bool LiveOnlyRule(const std::string& id) {
  return id.rfind("role-", 0) == 0 || id == "schema-drift";
}

// (rule, severity, message) of each finding of a `scan --format json`.
std::multiset<std::tuple<std::string, std::string, std::string>> Findings(const std::string& json,
                                                                          bool skip_live_only) {
  std::multiset<std::tuple<std::string, std::string, std::string>> out;
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  EXPECT_FALSE(doc.is_discarded()) << json;
  if (doc.is_discarded()) return out;
  for (const auto& f : doc["diagnostics"]) {
    const std::string rule = f.value("rule", f.value("rule_id", ""));
    if (skip_live_only && LiveOnlyRule(rule)) continue;
    out.emplace(rule, f.value("severity", ""), f.value("message", ""));
  }
  return out;
}

class LiveCliTest : public db::ScratchDatabaseTest {};

// The same DDL read from its file and from the database it was applied to
// gives the same findings, and the role rules come on top for --db.
TEST_F(LiveCliTest, ScanDbEqualsScanSchemaForTheSameDdl) {
  for (const std::string fixture : {"holes.sql", "clean.sql"}) {
    SCOPED_TRACE(fixture);
    auto db = db::ScratchDatabase::Create(db::TestPgDsn().value());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db::ApplyLiveFixture(**db, fixture).ok());
    auto offline = RunRunwarden("scan --format json --schema testdata/live/" + fixture);
    auto live =
        RunRunwarden("scan --format json --db " + ShellQuote((*db)->DsnAs(db::kFixtureAppRole)));
    ASSERT_NE(offline.exit_code, 2) << offline.err;
    ASSERT_NE(live.exit_code, 2) << live.err;
    const auto from_file = Findings(offline.out, false);
    // holes.sql has a finding for every hole; clean.sql has none.
    EXPECT_EQ(from_file.empty(), fixture == "clean.sql") << offline.out;
    EXPECT_EQ(Findings(live.out, true), from_file);
    const auto all = Findings(live.out, false);
    const bool owner_finding = std::any_of(all.begin(), all.end(), [](const auto& f) {
      return std::get<0>(f) == "role-owns-table-without-force";
    });
    // holes.sql gives public.invoices to the application role without FORCE.
    EXPECT_EQ(owner_finding, fixture == "holes.sql") << live.out;
    EXPECT_EQ(live.exit_code, offline.exit_code == 1 || owner_finding ? 1 : 0);
  }
}

TEST_F(LiveCliTest, ScanDbAsSuperuserReportsTheRole) {
  auto r = RunRunwarden("scan --db " + ShellQuote(db_->dsn()));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("role-is-superuser"));
  EXPECT_THAT(r.out, HasSubstr("connected as             postgres, superuser"));
}

TEST_F(LiveCliTest, ScanDbWithSchemaReportsDrift) {
  ASSERT_TRUE(db::ApplyLiveFixture(*db_, "holes.sql").ok());
  auto same = RunRunwarden("scan --format json --schema testdata/live/holes.sql --db " +
                           ShellQuote(db_->DsnAs(db::kFixtureAppRole)));
  for (const auto& f : Findings(same.out, false)) EXPECT_NE(std::get<0>(f), "schema-drift");
  auto drifted = RunRunwarden("scan --format json --schema testdata/live/clean.sql --db " +
                              ShellQuote(db_->DsnAs(db::kFixtureAppRole)));
  EXPECT_EQ(drifted.exit_code, 1) << drifted.err;
  size_t drift = 0;
  for (const auto& f : Findings(drifted.out, false)) drift += std::get<0>(f) == "schema-drift";
  EXPECT_GT(drift, 0u) << drifted.out;
  EXPECT_THAT(drifted.out, HasSubstr("row-level security on public.notes is enabled and forced"));
}

// contracts --db reads the schema from the database the fixture crate's DDL
// was applied to and finds exactly what contracts --schema finds; the
// dialect is the database's.
TEST_F(LiveCliTest, ContractsDbEqualsContractsSchema) {
  const std::string crate = "testdata/contracts/billing-service";
  const std::string ddl = testutil::ReadFileOrEmpty(testutil::SourceDir() / crate / "schema.sql");
  ASSERT_FALSE(ddl.empty());
  {
    auto admin = db::Open(db_->dsn());
    ASSERT_TRUE(admin.ok()) << admin.status().ToString();
    ASSERT_TRUE((*admin)->Execute(ddl).ok());
  }
  auto offline = RunRunwarden("contracts --format json --rust " + crate + " --schema " + crate +
                              "/schema.sql");
  auto live =
      RunRunwarden("contracts --format json --rust " + crate + " --db " + ShellQuote(db_->dsn()));
  ASSERT_EQ(offline.exit_code, 1) << offline.err;
  EXPECT_EQ(live.exit_code, 1) << live.err;
  const auto from_file = Findings(offline.out, false);
  EXPECT_FALSE(from_file.empty());
  EXPECT_EQ(Findings(live.out, false), from_file);
  const nlohmann::json doc = nlohmann::json::parse(live.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded());
  EXPECT_EQ(doc["summary"]["dialect"], "PostgreSQL");
  EXPECT_EQ(doc["summary"]["dialect_evidence"], "the database read with --db");

  auto both = RunRunwarden("contracts --rust " + crate + " --schema " + crate +
                           "/schema.sql --db " + ShellQuote(db_->dsn()));
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--db"));
  auto neither = RunRunwarden("contracts --rust " + crate);
  EXPECT_EQ(neither.exit_code, 2);
  EXPECT_THAT(neither.err, HasSubstr("contracts needs --schema FILE or --db TARGET"));
}

// plan --target reads the schema from the database and pre-validates the
// statements there: a scoped write is counted and passes, an unscoped one
// touches another tenant's rows and halts the plan.
TEST_F(LiveCliTest, PlanTargetPreValidatesAgainstTheDatabase) {
  {
    auto admin = db::Open(db_->dsn());
    ASSERT_TRUE(admin.ok());
    ASSERT_TRUE((*admin)
                    ->Execute("CREATE TABLE tenants (id uuid PRIMARY KEY);"
                              "CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id uuid NOT "
                              "NULL REFERENCES tenants (id), status text);"
                              "INSERT INTO tenants VALUES ('11111111-1111-1111-1111-111111111111'),"
                              " ('22222222-2222-2222-2222-222222222222');"
                              "INSERT INTO invoices VALUES (1, "
                              "'11111111-1111-1111-1111-111111111111', 'open'), (2, "
                              "'22222222-2222-2222-2222-222222222222', 'open');")
                    .ok());
  }
  const fs::path dir = fs::temp_directory_path() / ("rw_plan_live_" + db_->name());
  fs::create_directories(dir);
  const std::string head =
      "---\nid: void\ntenant: {parameter: TENANT_ID}\nparameters:\n  TENANT_ID: {type: "
      "uuid}\n---\n# Void\n```sql {#void expect=\"rows == 1\"}\n";
  std::ofstream(dir / "scoped.md")
      << head << "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;\n```\n";
  std::ofstream(dir / "unscoped.md")
      << head << "UPDATE invoices SET status = 'void' WHERE status = 'open';\n```\n";
  // The scratch database has no row-level security and the test connects
  // as a superuser: accepted for this plan, so that the dry run decides.
  const std::string args =
      " --tenant 11111111-1111-1111-1111-111111111111 --color never"
      " --allow rls-disabled-on-tenant-table --reason 'a test database'"
      " --allow role-is-superuser --reason 'the test server' --target " +
      ShellQuote(db_->dsn());
  auto scoped = RunRunwarden("plan " + (dir / "scoped.md").string() + args);
  EXPECT_EQ(scoped.exit_code, 0) << scoped.out << scoped.err;
  EXPECT_THAT(scoped.out, HasSubstr("dry run: validated"));
  EXPECT_THAT(scoped.out, HasSubstr("touches 1 rows of the tenant"));
  EXPECT_THAT(scoped.out, HasSubstr("dry_run           passed"));
  auto unscoped = RunRunwarden("plan " + (dir / "unscoped.md").string() + args);
  EXPECT_EQ(unscoped.exit_code, 1) << unscoped.out << unscoped.err;
  EXPECT_THAT(unscoped.out, HasSubstr("would touch 1 rows of 1 other tenant in invoices"));
  EXPECT_THAT(unscoped.out, Not(HasSubstr("22222222-2222-2222-2222-222222222222")));
  fs::remove_all(dir);
}

TEST_F(LiveCliTest, BadTargetsExitTwoWithoutPasswords) {
  const std::string secret = "hunter2-live-cli";
  const std::vector<std::string> targets = {
      "postgresql://app:" + secret + "@127.0.0.1:1/app?connect_timeout=2",
      "host=/nonexistent-socket-dir port=5 password=" + secret, "sqlite:/nonexistent/app.db",
      "mysql://app:" + secret + "@db/app"};
  for (const std::string& target : targets) {
    SCOPED_TRACE(target);
    for (const std::string command : {"scan --db ", "probe --db "}) {
      auto r = RunRunwarden(command + ShellQuote(target));
      EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
      EXPECT_THAT(r.err, HasSubstr("error"));
      EXPECT_THAT(r.out + r.err, Not(HasSubstr(secret)));
    }
  }
  EXPECT_EQ(RunRunwarden("scan").exit_code, 2);
  EXPECT_EQ(RunRunwarden("probe").exit_code, 2);
  EXPECT_EQ(RunRunwarden("probe --db " + ShellQuote(db_->dsn()) + " --tenants a").exit_code, 2);
  EXPECT_EQ(RunRunwarden("probe --db " + ShellQuote(db_->dsn()) + " --format sarif").exit_code, 2);
}

TEST_F(LiveCliTest, ProbeReportsHolesAndLeavesNothingBehind) {
  ASSERT_TRUE(db::ApplyLiveFixture(*db_, "holes.sql").ok());
  const std::string app = ShellQuote(db_->DsnAs(db::kFixtureAppRole));
  auto text = RunRunwarden("probe --db " + app);
  EXPECT_EQ(text.exit_code, 1) << text.err;
  EXPECT_THAT(text.out, HasSubstr("leaks"));
  EXPECT_THAT(text.out, HasSubstr("fails-open"));
  auto json = RunRunwarden("probe --format json --tables notes,public.projects --db " + app);
  EXPECT_EQ(json.exit_code, 1) << json.err;
  const nlohmann::json doc = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << json.out;
  ASSERT_EQ(doc["relations"].size(), 2u);
  EXPECT_EQ(doc["relations"][0]["name"], "public.notes");
  EXPECT_EQ(doc["relations"][0]["verdict"], "leaks");
  EXPECT_EQ(doc["relations"][1]["verdict"], "isolated");
  EXPECT_EQ(doc["rolled_back"], true);
}

TEST_F(LiveCliTest, ProbeOfTheCleanTwinExitsZero) {
  ASSERT_TRUE(db::ApplyLiveFixture(*db_, "clean.sql").ok());
  auto r = RunRunwarden("probe --db " + ShellQuote(db_->DsnAs(db::kFixtureAppRole)));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("11 relations: 11 isolated, 0 leaks, 0 fails-open, "
                               "0 errors-without-context, 0 not-testable"));
}

// A probe started as the application role on the clean fixture, blocked on
// a lock another session holds on public.notes, so that something can happen
// to it midway; then whatever happened, nothing of it may remain.
class BlockedProbeTest : public LiveCliTest {
 protected:
  void SetUp() override {
    LiveCliTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(db::ApplyLiveFixture(*db_, "clean.sql").ok());
    auto admin = db::Open(db_->dsn());
    ASSERT_TRUE(admin.ok());
    admin_ = std::move(admin).value();
    before_ = State();
    auto holder = db::Open(db_->dsn());
    ASSERT_TRUE(holder.ok());
    holder_ = std::move(holder).value();
    ASSERT_TRUE(holder_->Begin().ok());
    // EXCLUSIVE lets reads through (the catalog read, the probe's SELECTs)
    // and stops the probe at its first write to notes, mid-transaction.
    ASSERT_TRUE(holder_->Execute("LOCK TABLE public.notes IN EXCLUSIVE MODE").ok());
  }

  // Starts `runwarden probe` and returns once its statement waits on the
  // lock, with the backend pid of its session.
  std::string StartBlockedProbe() {
    std::vector<std::string> args = {
        RUNWARDEN_BINARY, "probe",          "--db",   db_->DsnAs(db::kFixtureAppRole), "--tables",
        "public.notes",   "--lock-timeout", "600000", "--statement-timeout",           "600000"};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_path_.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(spawned, 0);
    if (spawned != 0) return "";
    for (int i = 0; i < 600; ++i) {
      auto r = admin_->Query(
          "SELECT pid::text FROM pg_stat_activity WHERE usename = $1 AND datname = $2 "
          "AND wait_event_type = 'Lock'",
          {std::string(db::kFixtureAppRole), db_->name()});
      EXPECT_TRUE(r.ok()) << r.status().ToString();
      if (!r.ok()) return "";
      if (r->rows.size() == 1) return r->rows[0][0].value_or("");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "the probe never waited on the lock";
    return "";
  }

  // runwarden's exit code; its standard error goes to `err_`.
  int Wait() {
    int status = 0;
    EXPECT_EQ(waitpid(pid_, &status, 0), pid_);
    pid_ = 0;
    err_ = testutil::ReadFileOrEmpty(stderr_path_);
    EXPECT_TRUE(WIFEXITED(status));
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // Releases the lock; then no session of the role may be left and the
  // notes table and its sequence must be as before.
  void ExpectNothingLeft() {
    ASSERT_TRUE(holder_->Rollback().ok());
    std::string sessions;
    for (int i = 0; i < 100 && sessions != "0"; ++i) {
      auto r =
          admin_->Query("SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND datname = $2",
                        {std::string(db::kFixtureAppRole), db_->name()});
      ASSERT_TRUE(r.ok());
      sessions = r->rows[0][0].value_or("");
      if (sessions != "0") std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(sessions, "0");
    EXPECT_EQ(State(), before_);
  }

  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    fs::remove(stderr_path_);
  }

  std::string State() {
    auto r = admin_->Query(
        "SELECT count(*)::text || ' ' || (SELECT last_value::text FROM public.notes_id_seq) "
        "FROM public.notes",
        {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->rows[0][0].value_or("") : "";
  }

  std::unique_ptr<db::Connection> admin_;
  std::unique_ptr<db::Connection> holder_;
  std::string before_;
  pid_t pid_ = 0;
  const std::string stderr_path_ =
      (fs::temp_directory_path() / ("rw_blocked_probe_" + std::to_string(::getpid()) + ".err"))
          .string();
  std::string err_;
};

// Ctrl-C: the statement is cancelled, the transaction rolled back, exit 130.
TEST_F(BlockedProbeTest, InterruptCancelsTheProbeAndRollsBack) {
  ASSERT_NE(StartBlockedProbe(), "");
  ASSERT_EQ(kill(pid_, SIGINT), 0);
  EXPECT_EQ(Wait(), 130) << err_;
  EXPECT_THAT(err_, HasSubstr("interrupted"));
  ExpectNothingLeft();
}

// The server ends the session mid-probe: exit 3, rolled back by the server.
TEST_F(BlockedProbeTest, TerminatedSessionExitsThree) {
  const std::string backend = StartBlockedProbe();
  ASSERT_NE(backend, "");
  auto r = admin_->Query("SELECT pg_terminate_backend($1::int, 10000)", {backend});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(Wait(), 3) << err_;
  EXPECT_THAT(err_, HasSubstr("lost"));
  ExpectNothingLeft();
}

TEST(LiveCliSqliteTest, ScanSqliteSaysThereIsNoRowLevelSecurity) {
  const fs::path path =
      fs::temp_directory_path() / ("rw_live_cli_" + std::to_string(::getpid()) + ".db");
  {
    auto conn = db::OpenSqlite(path.string(), db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    ASSERT_TRUE((*conn)
                    ->Execute("CREATE TABLE tenants (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
                              "CREATE TABLE notes (id INTEGER PRIMARY KEY, tenant_id INTEGER "
                              "NOT NULL REFERENCES tenants (id), body TEXT)")
                    .ok());
  }
  auto r = RunRunwarden("scan --tables --db " + ShellQuote("sqlite:" + path.string()));
  fs::remove(path);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("the engine has no row-level security"));
  EXPECT_THAT(r.out, Not(HasSubstr("rls-disabled-on-tenant-table")));
  EXPECT_THAT(r.out, HasSubstr("main.notes"));
  auto probe = RunRunwarden("probe --db " + ShellQuote("sqlite:" + path.string()));
  EXPECT_EQ(probe.exit_code, 2);
}

}  // namespace
}  // namespace runwarden::cli
