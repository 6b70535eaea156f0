// The executor against a real PostgreSQL: the tenant context is
// transaction-local, a terminated backend rolls the group back, lock and
// statement timeouts hold, hostile values are data, and secrets stay out of
// the journal even when the server quotes them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "db/pg_test_env.h"
#include "exec/apply.h"
#include "exec/apply_test_support.h"

namespace runwarden::exec {
namespace {

using ::testing::HasSubstr;
using testing::MemoryJournal;
using ::testing::Not;
using testing::PlanOf;
using testing::ScriptedOperator;

constexpr char kTenant[] = "11111111-1111-1111-1111-111111111111";

std::string FrontMatter() {
  return "---\nid: apply-pg\ntenant: {parameter: TENANT_ID}\nparameters:\n"
         "  TENANT_ID: {type: uuid}\n  NOTE: {type: text, required: false}\n"
         "  TOKEN: {type: text, secret: true, required: false}\n---\n# Fix\n";
}

std::string Sql(const std::string& attrs, const std::string& body) {
  return "```sql {" + attrs + "}\n" + body + "\n```\n";
}

class ApplyPostgresTest : public db::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(admin_
                    ->Execute("CREATE TABLE invoices (id bigint PRIMARY KEY, tenant_id uuid NOT "
                              "NULL, status text NOT NULL, note text);"
                              "CREATE TABLE seen (tenant text);"
                              "INSERT INTO invoices VALUES "
                              "(1, '11111111-1111-1111-1111-111111111111', 'open', NULL),"
                              "(2, '22222222-2222-2222-2222-222222222222', 'open', NULL);")
                    .ok());
    auto conn = db::Open(db_->dsn());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(*conn);
    options_.tenant = kTenant;
    options_.values["TENANT_ID"] = kTenant;
    options_.tenant_columns = {"tenant_id"};
  }

  RunOutcome Run(const plan::Plan& plan) {
    Result<RunOutcome> out = Apply(plan, *conn_, options_, journal_, operator_);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : RunOutcome{};
  }

  std::string One(const std::string& sql) {
    auto r = admin_->Execute(sql);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && !r->rows.empty() && r->rows[0][0] ? *r->rows[0][0] : "<null>";
  }

  std::unique_ptr<db::Connection> conn_;
  ApplyOptions options_;
  MemoryJournal journal_;
  ScriptedOperator operator_;
};

TEST_F(ApplyPostgresTest, TenantContextIsSetInTheTransactionAndGoneAfter) {
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#record",
                     "INSERT INTO seen SELECT current_setting('app.current_tenant_id', true);") +
                 Sql("#void", "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "completed") << out.message;
  EXPECT_EQ(One("SELECT string_agg(tenant, ',') FROM seen"), kTenant);
  // Gone from the connection once the transaction ended.
  auto after =
      conn_->Query("SELECT coalesce(current_setting('app.current_tenant_id', true), '')", {});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->rows[0][0], "");
  // The transaction id is journaled with the intent to commit.
  bool txid = false;
  for (const auto& e : journal_.entries)
    txid = txid || (e.kind == "commit-intended" && e.fields.contains("txid"));
  EXPECT_TRUE(txid);
}

TEST_F(ApplyPostgresTest, ATerminatedBackendRollsTheGroupBackAndSaysWhy) {
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#void atomic=fix",
                     "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;") +
                 Sql("#wait atomic=fix",
                     "SELECT pg_sleep(30) FROM invoices WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  auto pid = conn_->Query("SELECT pg_backend_pid()::text", {});
  ASSERT_TRUE(pid.ok());
  std::thread killer([&] {
    auto admin = db::Open(db_->dsn());
    if (!admin.ok()) return;
    for (int i = 0; i < 200; ++i) {
      auto r = (*admin)->Query(
          "SELECT count(*)::text FROM pg_stat_activity WHERE pid = $1::int AND query LIKE "
          "'%pg_sleep%'",
          {*pid->rows[0][0]});
      if (r.ok() && r->rows[0][0] == "1") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    static_cast<void>((*admin)->Query("SELECT pg_terminate_backend($1::int)", {*pid->rows[0][0]}));
  });
  const RunOutcome out = Run(plan);
  killer.join();
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_EQ(out.failed_step, "wait");
  EXPECT_THAT(out.message, HasSubstr("terminating connection"));
  EXPECT_EQ(One("SELECT string_agg(status, ',' ORDER BY id) FROM invoices"), "open,open");
  EXPECT_EQ(journal_.entries.back().fields["final_status"], "failed_rolled_back");
}

TEST_F(ApplyPostgresTest, LockTimeoutOfTheStepHolds) {
  auto holder = db::Open(db_->dsn());
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE((*holder)->Begin().ok());
  ASSERT_TRUE((*holder)->Execute("LOCK TABLE invoices IN ACCESS EXCLUSIVE MODE").ok());
  const plan::Plan plan = PlanOf(
      FrontMatter() + Sql("#void lock_timeout=200ms",
                          "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"),
      kTenant);
  const auto t0 = std::chrono::steady_clock::now();
  const RunOutcome out = Run(plan);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(8));
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_THAT(out.message, HasSubstr("lock timeout"));
  ASSERT_TRUE((*holder)->Rollback().ok());
}

TEST_F(ApplyPostgresTest, HostileValuesAreStoredAsData) {
  const std::vector<std::string> corpus = {"'; DROP TABLE invoices; --",
                                           "\\'; SELECT 1; --",
                                           "Robert'); DELETE FROM invoices;--",
                                           "%_\\%",
                                           "$1 $2 ${x} $(id)",
                                           "\u00e9\u4e2d\U0001F600",
                                           std::string(100000, 'x'),
                                           "line\nbreak\r\ttab"};
  for (const std::string& value : corpus) {
    options_.values["NOTE"] = value;
    const plan::Plan plan = PlanOf(
        FrontMatter() +
            Sql("#store", "UPDATE invoices SET note = <NOTE> WHERE tenant_id = <TENANT_ID>;") +
            Sql("#find",
                "SELECT id FROM invoices WHERE tenant_id = <TENANT_ID> AND note LIKE '%<NOTE>%';"),
        kTenant, {{"NOTE", value}});
    const RunOutcome out = Run(plan);
    EXPECT_EQ(out.final_status, "completed") << value.substr(0, 40) << ": " << out.message;
    auto stored = admin_->Query("SELECT note FROM invoices WHERE id = 1", {});
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(stored->rows[0][0], value);
    EXPECT_EQ(One("SELECT count(*)::text FROM invoices"), "2");
  }
}

TEST_F(ApplyPostgresTest, ASecretTheServerQuotesIsRedacted) {
  const std::string secret = "not-a-number-s3cret";
  options_.values["TOKEN"] = secret;
  const plan::Plan plan = PlanOf(
      FrontMatter() +
          Sql("#cast",
              "SELECT CAST(<TOKEN> AS integer) FROM invoices WHERE tenant_id = <TENANT_ID>;"),
      kTenant, {{"TOKEN", secret}});
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_THAT(out.message, HasSubstr("invalid input syntax"));
  EXPECT_THAT(out.message, Not(HasSubstr(secret)));
  EXPECT_THAT(journal_.Dump(), Not(HasSubstr(secret)));
}

}  // namespace
}  // namespace runwarden::exec
