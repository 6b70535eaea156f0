// The executor on SQLite: units, rollback, compensations, questions,
// journaling and secrets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "audit/values.h"
#include "db/sqlite.h"
#include "exec/apply.h"
#include "exec/apply_test_support.h"

namespace runwarden::exec {
namespace {

using audit::ValueHash;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::MemoryJournal;
using ::testing::Not;
using testing::PlanOf;
using testing::ScriptedOperator;

constexpr char kTenant[] = "t-1";

std::string FrontMatter(const std::string& extra = "") {
  return "---\nid: apply-test\n" + extra +
         "tenant: {parameter: TENANT_ID}\nparameters:\n  TENANT_ID: {type: text}\n"
         "  NOTE: {type: text, required: false}\n"
         "  TOKEN: {type: text, secret: true, required: false}\n---\n# Fix\n";
}

std::string Sql(const std::string& attrs, const std::string& body) {
  return "```sql {" + attrs + "}\n" + body + "\n```\n";
}

class ApplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto conn = db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    conn_ = std::move(*conn);
    ASSERT_TRUE(conn_
                    ->Execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, tenant_id TEXT NOT "
                              "NULL, status TEXT NOT NULL, note TEXT);"
                              "INSERT INTO invoices VALUES (1, 't-1', 'open', NULL), (2, 't-1', "
                              "'open', NULL), (3, 't-2', 'open', NULL);")
                    .ok());
    options_.tenant = kTenant;
    options_.values["TENANT_ID"] = kTenant;
    options_.tenant_columns = {"tenant_id"};
    options_.plan_hash = "sha256:plan";
  }

  RunOutcome Run(const plan::Plan& plan) {
    Result<RunOutcome> out = Apply(plan, *conn_, options_, journal_, operator_);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    EXPECT_EQ(conn_->GetTransactionState(), db::TransactionState::kIdle);
    return out.ok() ? *out : RunOutcome{};
  }

  std::string Statuses() {
    auto r = conn_->Query(
        "SELECT group_concat(id || ':' || status, ',') FROM (SELECT * FROM "
        "invoices ORDER BY id)",
        {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() && r->rows[0][0] ? *r->rows[0][0] : "";
  }

  std::unique_ptr<db::Connection> conn_;
  ApplyOptions options_;
  MemoryJournal journal_;
  ScriptedOperator operator_;
};

TEST_F(ApplyTest, RunsTheUnitsAndJournalsEveryDecision) {
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#void atomic=fix expect=\"rows == 2\"",
                     "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;") +
                 Sql("#mark atomic=fix",
                     "UPDATE invoices SET note = 'voided' WHERE tenant_id = <TENANT_ID>;") +
                 Sql("#show", "SELECT id, tenant_id FROM invoices WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "completed") << out.message;
  EXPECT_THAT(out.steps_done, ElementsAre("void", "mark", "show"));
  EXPECT_EQ(Statuses(), "1:void,2:void,3:open");
  EXPECT_THAT(
      journal_.Kinds(),
      ElementsAre("run-start", "gate", "gate", "gate", "gate", "gate", "gate", "transaction-begin",
                  "step-start", "statement", "step-start", "statement", "commit-intended",
                  "commit-done", "step-done", "step-done", "transaction-begin", "step-start",
                  "statement", "commit-intended", "commit-done", "step-done", "run-end"));
  // Durable before COMMIT, and before a step is reported done.
  EXPECT_EQ(journal_.entries[1].fields["name"], "parameters");
  EXPECT_EQ(journal_.entries[1].fields["status"], "passed");
  EXPECT_TRUE(journal_.entries[12].durable);
  EXPECT_TRUE(journal_.entries[15].durable);
  EXPECT_TRUE(journal_.entries.back().durable);
  EXPECT_FALSE(journal_.entries[9].durable);
  const auto& statement = journal_.entries[9].fields;
  EXPECT_EQ(statement["rows"], 2);
  EXPECT_EQ(statement["binds"][0]["parameter"], "TENANT_ID");
  EXPECT_EQ(statement["binds"][0]["value_sha256"], ValueHash(kTenant));
  EXPECT_EQ(journal_.entries.back().fields["final_status"], "completed");
  // Rows are shown after their transaction committed.
  EXPECT_THAT(operator_.events,
              ElementsAre("start void 1/3", "start mark 2/3", "done void", "done mark",
                          "start show 3/3", "done show", "rows show 2"));
}

TEST_F(ApplyTest, AFailureRollsTheWholeGroupBack) {
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#void atomic=fix",
                     "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;") +
                 Sql("#check atomic=fix expect=\"rows == 5\"",
                     "UPDATE invoices SET note = 'x' WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_EQ(out.failed_step, "check");
  EXPECT_THAT(out.message, HasSubstr("affected 2 rows, but it expects rows == 5"));
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");
  EXPECT_TRUE(out.steps_done.empty());
  const auto kinds = journal_.Kinds();
  EXPECT_THAT(kinds, Not(::testing::Contains("commit-intended")));
  EXPECT_EQ(journal_.entries[kinds.size() - 2].kind, "rollback");
  EXPECT_THAT(journal_.entries[kinds.size() - 2].fields["steps"].dump(), HasSubstr("check"));
}

TEST_F(ApplyTest, CompensationsOfCommittedStepsRunNewestFirst) {
  const plan::Plan plan = PlanOf(
      FrontMatter() +
          Sql("#first rollback=undo-first",
              "UPDATE invoices SET status = 'first' WHERE tenant_id = <TENANT_ID>;") +
          Sql("#second rollback=undo-second",
              "UPDATE invoices SET note = 'second' WHERE tenant_id = <TENANT_ID>;") +
          Sql("#boom", "UPDATE invoices SET id = 3 WHERE id = 1;") +
          Sql("#undo-first", "UPDATE invoices SET status = 'open' WHERE tenant_id = <TENANT_ID>;") +
          Sql("#undo-second", "UPDATE invoices SET note = NULL WHERE tenant_id = <TENANT_ID>;"),
      kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_EQ(out.failed_step, "boom");
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");
  std::vector<std::string> compensations;
  for (const auto& e : journal_.entries) {
    if (e.kind == "compensation") {
      compensations.push_back(e.fields["step"].get<std::string>() + " for " +
                              e.fields["for_step"].get<std::string>() + " " +
                              e.fields["status"].get<std::string>());
    }
  }
  EXPECT_THAT(compensations,
              ElementsAre("undo-second for second done", "undo-first for first done"));
}

TEST_F(ApplyTest, RowsOfAnotherTenantHaltAndRollBack) {
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#void atomic=fix",
                     "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;") +
                 Sql("#peek atomic=fix",
                     "SELECT id, tenant_id FROM invoices WHERE id > 0 AND tenant_id = <TENANT_ID> "
                     "OR id = 3;"),
             kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_EQ(out.failed_step, "peek");
  EXPECT_THAT(out.message, HasSubstr("returned a row of another tenant (column tenant_id)"));
  EXPECT_THAT(out.message, Not(HasSubstr("t-2")));  // never names the other tenant
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");
  for (const std::string& e : operator_.events) EXPECT_THAT(e, Not(HasSubstr("rows")));
}

TEST_F(ApplyTest, ManualStepsFailClosedWithoutATerminal) {
  const plan::Plan plan =
      PlanOf(FrontMatter() + "1. Tell the customer.\n\n# Repair\n" +
                 Sql("#void", "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  ASSERT_EQ(plan.units.size(), 2u);
  const std::string manual = plan.units[0].steps[0].id;
  RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "declined");
  EXPECT_THAT(out.message, HasSubstr("--confirm " + manual));
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");

  options_.confirmed.insert(manual);
  out = Run(plan);
  EXPECT_EQ(out.final_status, "completed") << out.message;
  bool via_flag = false;
  for (const auto& e : journal_.entries) {
    via_flag = via_flag || (e.kind == "confirmation" && e.fields["via"] == "--confirm" &&
                            e.fields["operator"] == "tester@testhost");
  }
  EXPECT_TRUE(via_flag);
}

TEST_F(ApplyTest, ConfirmAndSev1AskBeforeTheTransactionUnlessYes) {
  const plan::Plan plan =
      PlanOf(FrontMatter("severity: SEV-1\n") +
                 Sql("#void", "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  operator_.answers = {false};
  RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "declined");
  EXPECT_THAT(operator_.questions, ElementsAre(HasSubstr("the runbook is SEV-1")));
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");

  options_.yes = true;
  out = Run(plan);
  EXPECT_EQ(out.final_status, "completed");
  EXPECT_EQ(Statuses(), "1:void,2:void,3:open");
}

TEST_F(ApplyTest, SecretValuesNeverReachTheJournalOrTheOperator) {
  const std::string secret = "s3cr3t-t0ken-value";
  options_.values["TOKEN"] = secret;
  const plan::Plan plan = PlanOf(
      FrontMatter() +
          Sql("#store", "UPDATE invoices SET note = <TOKEN> WHERE tenant_id = <TENANT_ID>;") +
          "```bash {#echo}\necho \"token=<TOKEN>\"; echo <TOKEN> >&2\n```\n" +
          Sql("#fail", "SELECT json_extract(<TOKEN>, '$.x');"),
      kTenant, {{"TOKEN", secret}});
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.failed_step, "fail");
  EXPECT_THAT(out.message, Not(HasSubstr(secret)));
  EXPECT_THAT(journal_.Dump(), Not(HasSubstr(secret)));
  EXPECT_THAT(journal_.Dump(), HasSubstr("token=[secret]"));
  EXPECT_THAT(journal_.Dump(), HasSubstr(ValueHash(secret)));
  for (const std::string& e : operator_.events) EXPECT_THAT(e, Not(HasSubstr(secret)));
}

TEST_F(ApplyTest, ShellStepsGetParametersOnlyThroughTheEnvironment) {
  const std::string hostile = "'; DROP TABLE invoices; -- $(touch /tmp/rw-pwned) `id`";
  options_.values["NOTE"] = hostile;
  const plan::Plan plan =
      PlanOf(FrontMatter() + "```bash {#echo}\nprintf '%s' <NOTE>\n```\n" +
                 Sql("#store", "UPDATE invoices SET note = <NOTE> WHERE tenant_id = <TENANT_ID>;"),
             kTenant, {{"NOTE", hostile}});
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "completed") << out.message;
  bool echoed = false;
  for (const auto& e : journal_.entries) {
    echoed = echoed || (e.kind == "shell-result" && e.fields["stdout"] == hostile &&
                        e.fields["exit_code"] == 0);
  }
  EXPECT_TRUE(echoed);
  auto notes = conn_->Query("SELECT count(*) FROM invoices WHERE note = $1", {hostile});
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->rows[0][0], "2");
}

TEST_F(ApplyTest, AFailingShellStepStopsTheRun) {
  const plan::Plan plan =
      PlanOf(FrontMatter() + "```bash {#fail}\nfalse | cat\necho unreachable\n```\n" +
                 Sql("#void", "UPDATE invoices SET status = 'void';"),
             kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "failed_rolled_back");
  EXPECT_EQ(out.failed_step, "fail");
  EXPECT_THAT(out.message, HasSubstr("exited with status 1"));
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");
}

TEST_F(ApplyTest, StepsCommittedByAnEarlierRunAreNeverRunTwice) {
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#count-up",
                     "UPDATE invoices SET note = coalesce(note, '') || 'x' WHERE tenant_id = "
                     "<TENANT_ID>;") +
                 Sql("#void", "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  options_.already_done = {"count-up"};
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "completed");
  auto notes = conn_->Query("SELECT count(*) FROM invoices WHERE note IS NOT NULL", {});
  ASSERT_TRUE(notes.ok());
  EXPECT_EQ(notes->rows[0][0], "0");
  EXPECT_EQ(Statuses(), "1:void,2:void,3:open");
}

TEST_F(ApplyTest, ASignalStopsBeforeTheNextStep) {
  std::atomic<bool> interrupted{true};
  options_.interrupted = &interrupted;
  const plan::Plan plan =
      PlanOf(FrontMatter() +
                 Sql("#void", "UPDATE invoices SET status = 'void' WHERE tenant_id = <TENANT_ID>;"),
             kTenant);
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "interrupted");
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");
}

TEST_F(ApplyTest, AHaltedPlanIsRecordedWithItsRemediationAndNeverRuns) {
  plan::Plan plan =
      PlanOf(FrontMatter() + Sql("#void",
                                 "UPDATE invoices SET status = 'void' WHERE tenant_id = "
                                 "<TENANT_ID>;"),
             kTenant);
  ASSERT_FALSE(plan.gates.empty());
  plan.gates[0].status = "halted";
  plan.remediation.push_back(
      {"add tenant_id = <TENANT_ID> to the WHERE clause", plan.units[0].steps[0].span});
  options_.phases.push_back({"isolation", "Checking every statement's tenant scope", "failed", "",
                             nlohmann::ordered_json{{"cross_tenant_risk_vectors", 1}}});
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "execution_blocked_for_safety");
  EXPECT_THAT(out.message, HasSubstr("nothing ran"));
  EXPECT_TRUE(out.steps_done.empty());
  EXPECT_EQ(Statuses(), "1:open,2:open,3:open");
  const std::vector<std::string> kinds = journal_.Kinds();
  ASSERT_GE(kinds.size(), 3u);
  EXPECT_EQ(kinds.front(), "run-start");
  EXPECT_EQ(kinds[1], "phase");
  EXPECT_EQ(journal_.entries[1].fields["findings"]["cross_tenant_risk_vectors"], 1);
  EXPECT_EQ(kinds.back(), "run-end");
  for (size_t i = 2; i + 1 < kinds.size(); ++i) EXPECT_EQ(kinds[i], "gate") << i;
  const auto& end = journal_.entries.back().fields;
  EXPECT_EQ(end["final_status"], "execution_blocked_for_safety");
  ASSERT_EQ(end["remediation"].size(), 1u);
  EXPECT_EQ(end["remediation"][0]["change"], "add tenant_id = <TENANT_ID> to the WHERE clause");
  EXPECT_THAT(end["remediation"][0]["at"].get<std::string>(), HasSubstr("runbook.md:"));
  EXPECT_TRUE(operator_.events.empty());
}

TEST_F(ApplyTest, AReplayRunsNoShellStepAndAnswersItsOwnQuestions) {
  const std::filesystem::path touched =
      std::filesystem::temp_directory_path() / ("rw-replay-touch-" + std::to_string(::getpid()));
  std::filesystem::remove(touched);
  const plan::Plan plan = PlanOf(FrontMatter() + "1. Tell the customer.\n\n# Repair\n" +
                                     "```bash {#page}\ntouch " + touched.string() + "\n```\n" +
                                     Sql("#void confirm",
                                         "UPDATE invoices SET status = 'void' WHERE tenant_id = "
                                         "<TENANT_ID>;"),
                                 kTenant);
  options_.replay = true;
  const RunOutcome out = Run(plan);
  EXPECT_EQ(out.final_status, "completed") << out.message;
  EXPECT_FALSE(std::filesystem::exists(touched));
  EXPECT_THAT(journal_.Dump(), HasSubstr("a replay runs no shell step"));
  EXPECT_THAT(journal_.Dump(), HasSubstr("\"via\":\"replay\""));
  EXPECT_THAT(journal_.Dump(), Not(HasSubstr("shell-result")));
  EXPECT_TRUE(operator_.questions.empty());
  EXPECT_EQ(Statuses(), "1:void,2:void,3:open");
}

}  // namespace
}  // namespace runwarden::exec
