// runwarden run, apply and resume end to end on SQLite: the real binary, a
// database file, the audit log it writes and what it refuses.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "base/file_reader.h"
#include "db/sqlite.h"
#include "exec/run_lock.h"
#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testutil::RunRunwarden;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

class ApplyCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rw-apply-cli-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "app.db").string();
    auto schema = DiskFileReader().Read(
        (testutil::SourceDir() / "testdata/apply/support.sql").string(), 1 << 20);
    ASSERT_TRUE(schema.ok());
    auto conn = db::OpenSqlite(db_, db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Execute(*schema).ok());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Target() const { return "--target " + Quote("sqlite:" + db_); }
  std::string Log(const std::string& name) const { return (dir_ / name).string(); }

  std::string Query(const std::string& sql) {
    auto conn = db::OpenSqlite(db_, db::SqliteOpenMode::kOpenExisting);
    EXPECT_TRUE(conn.ok());
    auto r = (*conn)->Query(sql, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && !r->rows.empty() && r->rows[0][0] ? *r->rows[0][0] : "";
  }

  std::filesystem::path dir_;
  std::string db_;
};

constexpr char kRunbook[] = "testdata/apply/close-stale-tickets.md";

TEST_F(ApplyCliTest, RunExecutesThePlanAndWritesALogThatVerifies) {
  const std::string log = Log("run.audit.jsonl");
  auto r = RunRunwarden(std::string("run ") + kRunbook + " " + Target() +
                        " --tenant t-1 --param INCIDENT=INC-7 --log " + Quote(log));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Decision: ready"));
  EXPECT_THAT(r.out, HasSubstr("Rows of step open-tickets (2)"));
  EXPECT_THAT(r.err, HasSubstr("Final status: completed"));
  EXPECT_EQ(Query("SELECT group_concat(id || ':' || status) FROM (SELECT * FROM tickets ORDER BY "
                  "id)"),
            "1:closed,2:closed,3:closed,4:open");
  EXPECT_EQ(Query("SELECT count(*) FROM ticket_notes WHERE body = 'closed for INC-7'"), "3");
  EXPECT_TRUE(std::filesystem::exists(Log("run.plan.json")));

  auto verify = RunRunwarden("audit verify " + Quote(log));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  auto show = RunRunwarden("audit show " + Quote(log));
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_THAT(show.out, HasSubstr("Final status: completed"));
  EXPECT_THAT(show.out, HasSubstr("closed the stale tickets of t-1 for INC-7"));
}

TEST_F(ApplyCliTest, ApplyRunsOnlyThePlanItWasGivenAsItWasMade) {
  const std::string plan = Log("plan.json");
  auto made = RunRunwarden(std::string("plan ") + kRunbook + " " + Target() +
                           " --tenant t-1 --param INCIDENT=INC-7 -o " + Quote(plan));
  ASSERT_EQ(made.exit_code, 0) << made.out << made.err;
  const size_t at = made.out.find("sha256:");
  ASSERT_NE(at, std::string::npos);
  const std::string hash = made.out.substr(at, 71);

  auto other_value = RunRunwarden("apply " + Quote(plan) + " " + Target() +
                                  " --param INCIDENT=INC-8 --log " + Quote(Log("a.audit.jsonl")));
  EXPECT_EQ(other_value.exit_code, 1);
  EXPECT_THAT(other_value.err, HasSubstr("parameter INCIDENT is INC-8, but the plan was made "
                                         "with INC-7"));
  auto other_hash = RunRunwarden("apply " + Quote(plan) + " " + Target() +
                                 " --expect-hash sha256:0000 --log " + Quote(Log("b.audit.jsonl")));
  EXPECT_EQ(other_hash.exit_code, 1);
  EXPECT_THAT(other_hash.err, HasSubstr("not the approved sha256:0000"));
  EXPECT_EQ(Query("SELECT count(*) FROM tickets WHERE status = 'open'"), "3");

  auto applied = RunRunwarden("apply " + Quote(plan) + " " + Target() + " --expect-hash " + hash +
                              " --log " + Quote(Log("c.audit.jsonl")));
  EXPECT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(Query("SELECT count(*) FROM tickets WHERE status = 'open'"), "1");

  // Run again, its first check no longer holds: exit 3, nothing changed.
  auto again = RunRunwarden("apply " + Quote(plan) + " " + Target() + " --log " +
                            Quote(Log("d.audit.jsonl")));
  EXPECT_EQ(again.exit_code, 3) << again.err;
  EXPECT_THAT(again.err, HasSubstr("affected 0 rows, but it expects rows >= 1"));
  EXPECT_EQ(Query("SELECT count(*) FROM ticket_notes"), "3");

  // The schema changed since the plan was made.
  {
    auto conn = db::OpenSqlite(db_, db::SqliteOpenMode::kOpenExisting);
    ASSERT_TRUE(conn.ok());
    ASSERT_TRUE((*conn)->Execute("ALTER TABLE tickets ADD COLUMN priority INTEGER").ok());
  }
  auto drifted = RunRunwarden("apply " + Quote(plan) + " " + Target() + " --log " +
                              Quote(Log("e.audit.jsonl")));
  EXPECT_EQ(drifted.exit_code, 1);
  EXPECT_THAT(drifted.err, HasSubstr("the target's schema changed since the plan was made"));
}

TEST_F(ApplyCliTest, AHeldRunLockRefusesAndNamesItsHolder) {
  auto conn = db::OpenSqlite(db_, db::SqliteOpenMode::kOpenExisting);
  ASSERT_TRUE(conn.ok());
  auto lock = exec::RunLock::Acquire(**conn, "close-stale-tickets", "t-1", "oncall@laptop pid 42");
  ASSERT_TRUE(lock.ok()) << lock.status().ToString();
  auto r = RunRunwarden(std::string("run ") + kRunbook + " " + Target() +
                        " --tenant t-1 --param INCIDENT=INC-7 --log " +
                        Quote(Log("locked.audit.jsonl")));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("oncall@laptop pid 42"));
  EXPECT_EQ(Query("SELECT count(*) FROM tickets WHERE status = 'open'"), "3");
  // Another tenant's run does not wait for it.
  auto other =
      RunRunwarden(std::string("run ") + kRunbook + " " + Target() +
                   " --tenant t-2 --param INCIDENT=INC-7 --log " + Quote(Log("other.audit.jsonl")));
  EXPECT_THAT(other.err, Not(HasSubstr("holds the run lock")));
}

TEST_F(ApplyCliTest, ADeclinedManualStepResumesWithoutRunningCommittedStepsTwice) {
  // The runbook with a checklist after the fix.
  const std::string runbook = (dir_ / "close-and-confirm.md").string();
  auto text = DiskFileReader().Read((testutil::SourceDir() / kRunbook).string(), 1 << 20);
  ASSERT_TRUE(text.ok());
  {
    std::FILE* f = std::fopen(runbook.c_str(), "w");
    ASSERT_NE(f, nullptr);
    const std::string body =
        *text + "\n## Confirm\n\n- Tell the customer their tickets are closed.\n";
    std::fwrite(body.data(), 1, body.size(), f);
    std::fclose(f);
  }
  const std::string log = Log("confirm.audit.jsonl");
  auto first =
      RunRunwarden("run " + Quote(runbook) + " " + Target() +
                   " --tenant t-1 --param INCIDENT=INC-7 --log " + Quote(log) + " </dev/null");
  EXPECT_EQ(first.exit_code, 1) << first.err;
  EXPECT_THAT(first.err, HasSubstr("Final status: declined"));
  const size_t at = first.err.find("--confirm ");
  ASSERT_NE(at, std::string::npos) << first.err;
  const std::string manual = first.err.substr(at + 10, first.err.find('\n', at) - at - 10);
  EXPECT_EQ(Query("SELECT count(*) FROM tickets WHERE status = 'open'"), "1");

  auto resumed = RunRunwarden("resume " + Quote(log) + " " + Target() + " --confirm " + manual);
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.err, HasSubstr("Final status: completed"));
  // The fix (expect rows == 2) would fail if it ran again.
  EXPECT_EQ(Query("SELECT count(*) FROM ticket_notes"), "3");
  EXPECT_EQ(RunRunwarden("audit verify " + Quote(log)).exit_code, 0);
  auto done = RunRunwarden("resume " + Quote(log) + " " + Target());
  EXPECT_EQ(done.exit_code, 0);
  EXPECT_THAT(done.err, HasSubstr("nothing to resume"));
}

TEST_F(ApplyCliTest, NoSecretValueInAnyFileWrittenOrAnythingPrinted) {
  const std::string secret = "hunter2-s3cret-value";
  const std::string runbook = (dir_ / "secret.md").string();
  {
    std::FILE* f = std::fopen(runbook.c_str(), "w");
    ASSERT_NE(f, nullptr);
    const std::string body =
        "---\nid: rotate-key\ntenant: {parameter: TENANT_ID}\nparameters:\n"
        "  TENANT_ID: {type: text}\n  API_KEY: {type: text, secret: true}\n---\n# Rotate\n"
        "```sql {#store}\nUPDATE tickets SET subject = <API_KEY> WHERE tenant_id = <TENANT_ID> "
        "AND id = 1;\n```\n"
        "```sql {#show}\nSELECT subject FROM tickets WHERE tenant_id = <TENANT_ID> AND id = "
        "1;\n```\n"
        "```bash {#echo}\necho \"key is <API_KEY>\"; echo <API_KEY> >&2; exit 3\n```\n";
    std::fwrite(body.data(), 1, body.size(), f);
    std::fclose(f);
  }
  const std::string log = Log("secret.audit.jsonl");
  auto r = RunRunwarden(
      "run " + Quote(runbook) + " " + Target() + " --tenant t-1 --param API_KEY=" + secret +
      " -o " + Quote(Log("secret.plan-copy.json")) + " --log " + Quote(log) + " </dev/null");
  EXPECT_EQ(r.exit_code, 3) << r.err;  // the shell step fails after printing the key
  EXPECT_THAT(r.out + r.err, Not(HasSubstr(secret)));
  EXPECT_THAT(r.out, HasSubstr("key is [secret]"));
  EXPECT_THAT(r.out, HasSubstr("Rows of step show (1)"));
  int files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
    if (!entry.is_regular_file()) continue;
    if (entry.path().extension() == ".db" || entry.path().filename() == "secret.md") continue;
    auto text = DiskFileReader().Read(entry.path().string(), 16 << 20);
    ASSERT_TRUE(text.ok());
    EXPECT_THAT(*text, Not(HasSubstr(secret))) << entry.path();
    ++files;
  }
  // The log, the plan beside it, the plan copy, the lock file, and the
  // reproduction bundle of the failed run.
  EXPECT_GE(files, 8);
  EXPECT_TRUE(std::filesystem::exists(Log("secret.bundle/bundle.json")));
  auto show = RunRunwarden("audit show " + Quote(log));
  EXPECT_THAT(show.out, Not(HasSubstr(secret)));
}

}  // namespace
}  // namespace runwarden::cli
