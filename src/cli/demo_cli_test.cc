// runwarden demo end to end: the real binary writes the embedded files, runs
// every stage as a child of itself, and changes only the story's tenant.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "db/sqlite.h"
#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;
using testutil::RunRunwarden;

constexpr char kAcme[] = "3f6c1a2e-8b4d-4c1f-9a7e-0d5b2c8e1f40";

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// Every row of `sql`, as text, one string per row.
std::vector<std::string> Rows(const std::string& db, const std::string& sql,
                              const db::Params& params = {}) {
  auto conn = db::OpenSqlite(db, db::SqliteOpenMode::kReadOnly);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  if (!conn.ok()) return {};
  auto r = (*conn)->Query(sql, params);
  EXPECT_TRUE(r.ok()) << sql << ": " << r.status().ToString();
  std::vector<std::string> out;
  if (!r.ok()) return out;
  for (const db::Row& row : r->rows) {
    std::string line;
    for (const db::Value& v : row) line += (v ? *v : "NULL") + "|";
    out.push_back(line);
  }
  return out;
}

class DemoCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("rw-demo-cli-" + std::to_string(getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
};

TEST_F(DemoCliTest, TellsTheWholeStoryAndChangesOnlyTheTenantsRows) {
  const fs::path dir = root_ / "demo";
  auto r = RunRunwarden("demo --dir " + Quote(dir.string()));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("Every stage behaved as the story says"));
  EXPECT_THAT(r.out, Not(HasSubstr("not as the story says")));

  // Each stage: the command as typed, what it said, its exit code.
  const std::string id = std::string(kAcme);
  const std::vector<std::pair<std::string, std::string>> stages = {
      {"$ runwarden scan --schema schema.sql --tables\n", "-> exit 0:"},
      {"$ runwarden contracts --rust billing-service --schema schema.sql\n", "-> exit 0:"},
      {"$ runwarden lint incident-billing-leak.md --schema schema.sql\n", "-> exit 1:"},
      {"$ runwarden plan incident-billing-leak.md --schema schema.sql --tenant " + id +
           " --param INCIDENT=INC-5120 -o halted.plan.json\n",
       "-> exit 1: halted for safety"},
      {"$ runwarden run incident-billing-leak.md --target sqlite:ledgerly.db --rust "
       "billing-service --tenant " +
           id + " --param INCIDENT=INC-5120 --log halted.audit.jsonl\n",
       "-> exit 1: halted"},
      {"$ runwarden audit verify halted.audit.jsonl\n", "-> exit 0:"},
      {"$ runwarden report halted.audit.jsonl --format json\n", "-> exit 0:"},
      {"$ runwarden report halted.audit.jsonl --format md -o halted.report.md\n", "-> exit 0:"},
      {"$ runwarden replay halted.bundle\n", "-> exit 0: reproduced"},
      {"$ runwarden run incident-billing-leak-fixed.md --target sqlite:ledgerly.db --rust "
       "billing-service --tenant " +
           id + " --param INCIDENT=INC-5120 --yes --log completed.audit.jsonl\n",
       "-> exit 0: completed"},
      {"$ runwarden audit verify completed.audit.jsonl\n", "-> exit 0:"},
  };
  size_t at = 0;
  for (const auto& [command, outcome] : stages) {
    const size_t found = r.out.find(command, at);
    ASSERT_NE(found, std::string::npos) << "missing, or out of order: " << command << r.out;
    EXPECT_NE(r.out.find(outcome, found), std::string::npos) << command;
    at = found + command.size();
  }
  EXPECT_THAT(r.out, HasSubstr("warning[unpartitioned-table]: public.audit_logs"));
  EXPECT_THAT(r.out, HasSubstr("public.team_members  indirect via team_members.team_id -> teams"));
  EXPECT_THAT(r.out, HasSubstr("public.system_config  global"));
  EXPECT_THAT(r.out, HasSubstr("warning[option-for-not-null-column]: Rust expects Option<i64> "
                               "for BillingUpdate.amount"));
  EXPECT_THAT(r.out, HasSubstr("error[missing-tenant-filter]: SELECT reads billing_history "
                               "without pinning it to the run's tenant"));
  EXPECT_THAT(r.out, HasSubstr("help: add `AND billing_history.tenant_id = <TENANT_ID>`"));
  EXPECT_THAT(r.out, HasSubstr("Decision: execution_blocked_for_safety"));
  EXPECT_THAT(r.out, HasSubstr("Nothing runs: the plan is execution_blocked_for_safety."));
  EXPECT_THAT(r.out, HasSubstr("ledgerly.db is exactly as before"));
  EXPECT_THAT(r.out, HasSubstr("Rows of step retried-charges (2)"));
  EXPECT_THAT(r.out, HasSubstr("Final status: completed"));
  EXPECT_THAT(r.out, HasSubstr("completed.audit.jsonl: intact"));

  // The halt is on record: its log verifies, its decision tree and report are
  // written, and its bundle replays to the same halt.
  EXPECT_THAT(r.out, HasSubstr("$ runwarden audit verify halted.audit.jsonl\n"));
  EXPECT_THAT(r.out, HasSubstr("\"final_status\": \"execution_blocked_for_safety\""));
  EXPECT_THAT(r.out, HasSubstr("\"cross_tenant_risk_vectors\": 1"));
  EXPECT_THAT(r.out, HasSubstr("\"contracts_loaded\": 8"));
  EXPECT_TRUE(fs::exists(dir / "halted.report.md")) << r.out;
  EXPECT_TRUE(fs::exists(dir / "completed.report.html")) << r.out;
  EXPECT_TRUE(fs::exists(dir / "halted.bundle" / "bundle.json")) << r.out;
  EXPECT_TRUE(fs::exists(dir / "halted.bundle" / "rust" / "src" / "billing.rs")) << r.out;
  EXPECT_THAT(r.out, HasSubstr("Reproduced: the replay ended execution_blocked_for_safety"));

  // Every file written is there and listed; the embedded ones are examples/demo's bytes.
  const fs::path source = testutil::SourceDir() / "examples/demo";
  size_t embedded = 0;
  for (auto it = fs::recursive_directory_iterator(source); it != fs::end(it); ++it) {
    if (!it->is_regular_file()) continue;
    const std::string rel = fs::relative(it->path(), source).string();
    ++embedded;
    EXPECT_EQ(testutil::ReadFileOrEmpty(dir / rel), testutil::ReadFileOrEmpty(it->path())) << rel;
  }
  EXPECT_GE(embedded, 9u);
  const size_t listing = r.out.find("== Files written\n");
  ASSERT_NE(listing, std::string::npos);
  size_t files = 0;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::end(it); ++it) {
    if (!it->is_regular_file()) continue;
    ++files;
    EXPECT_NE(r.out.find("  " + fs::relative(it->path(), dir).string() + " ", listing),
              std::string::npos)
        << it->path() << " is not listed";
  }
  EXPECT_GE(files, embedded + 4);  // the database, its lock, the plans and the log
  for (const char* name :
       {"ledgerly.db", "halted.plan.json", "completed.audit.jsonl", "completed.plan.json"}) {
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  }

  // The other tenants' rows are exactly those of a database made from the same files.
  const std::string fresh = (root_ / "fresh.db").string();
  {
    auto conn = db::OpenSqlite(fresh, db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok());
    for (const char* file : {"schema.sql", "seed.sql"}) {
      ASSERT_TRUE((*conn)->Execute(testutil::ReadFileOrEmpty(source / file)).ok()) << file;
    }
  }
  const std::string demo = (dir / "ledgerly.db").string();
  const std::map<std::string, std::string> keyed = {
      {"users", "org_id"},           {"teams", "org_id"},
      {"api_keys", "org_id"},        {"subscriptions", "tenant_id"},
      {"invoices", "tenant_id"},     {"payment_methods", "tenant_id"},
      {"usage_events", "tenant_id"}, {"billing_history", "tenant_id"}};
  for (const auto& [table, key] : keyed) {
    const std::string sql = "SELECT * FROM " + table + " WHERE " + key + " <> $1 ORDER BY rowid";
    const auto others = Rows(demo, sql, {std::string(kAcme)});
    EXPECT_FALSE(others.empty()) << table;
    EXPECT_EQ(others, Rows(fresh, sql, {std::string(kAcme)})) << table;
  }
  for (const char* table : {"orgs", "team_members", "sessions", "invoice_lines", "system_config"}) {
    const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY rowid";
    EXPECT_EQ(Rows(demo, sql), Rows(fresh, sql)) << table;
  }
  // Acme's two retried charges are voided, its other rows untouched; one note was added.
  EXPECT_EQ(
      Rows(demo, "SELECT id, status, note FROM billing_history WHERE tenant_id = $1 ORDER BY id",
           {std::string(kAcme)}),
      (std::vector<std::string>{"1|charged|NULL|", "2|charged|NULL|",
                                "3|voided|duplicate of usage-2026-11, INC-5120|",
                                "4|voided|duplicate of usage-2026-11, INC-5120|"}));
  EXPECT_EQ(Rows(demo, "SELECT count(*) FROM audit_logs"), std::vector<std::string>{"2|"});
  EXPECT_EQ(Rows(demo, "SELECT detail FROM audit_logs WHERE id = 2"),
            std::vector<std::string>{"voided duplicate usage-2026-11 charges of " + id +
                                     " for INC-5120|"});

  // The completed run's log verifies on its own too.
  auto verify = RunRunwarden("audit verify " + Quote((dir / "completed.audit.jsonl").string()));
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(DemoCliTest, RefusesADirectoryThatIsNotEmpty) {
  const fs::path dir = root_ / "busy";
  fs::create_directories(dir);
  { std::ofstream(dir / "notes.txt") << "mine\n"; }
  auto r = RunRunwarden("demo --dir " + Quote(dir.string()));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("exists and is not an empty directory"));
  size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir)) entries += e.exists();
  EXPECT_EQ(entries, 1u);
}

TEST_F(DemoCliTest, WithoutDirUsesATemporaryDirectoryAndRemovesIt) {
  auto r = RunRunwarden("demo");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const size_t at = r.out.find("\nRemoved ");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string removed = r.out.substr(at + 9, r.out.find(';', at) - at - 9);
  EXPECT_THAT(removed, HasSubstr("runwarden-demo."));
  EXPECT_FALSE(fs::exists(removed)) << removed;
}

}  // namespace
}  // namespace runwarden::cli
