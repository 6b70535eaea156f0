// The decision tree of a run from its audit log, on the fixture logs of
// testdata/audit/ (golden JSON and text).
#include "report/decision_tree.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/report_test_fixtures.h"
#include "testutil/golden.h"

namespace runwarden::report {
namespace {

using fixtures::ReadFixture;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const char* const kFixtures[] = {"completed", "rolled-back", "resumed", "halted",
                                 "purge-with-plan.audit"};

std::string GoldenName(const std::string& fixture) {
  return fixture == "purge-with-plan.audit" ? "purge-with-plan" : fixture;
}

TEST(DecisionTreeTest, Goldens) {
  for (const std::string name : kFixtures) {
    const audit::AuditLog log = ReadFixture("testdata/audit/" + name + ".jsonl");
    const audit::RunTree tree = audit::BuildRunTree(log);
    testutil::ExpectGolden("testdata/golden/run-" + GoldenName(name) + ".decision-tree.json",
                           RunDecisionTreeJson(log, tree));
    testutil::ExpectGolden("testdata/golden/run-" + GoldenName(name) + ".decision-tree.txt",
                           RunDecisionTreeText(log, tree));
  }
}

TEST(DecisionTreeTest, RenderingTwiceGivesTheSameBytes) {
  for (const std::string name : kFixtures) {
    const audit::AuditLog log = ReadFixture("testdata/audit/" + name + ".jsonl");
    EXPECT_EQ(RunDecisionTreeJson(log, audit::BuildRunTree(log)),
              RunDecisionTreeJson(log, audit::BuildRunTree(log)));
    EXPECT_EQ(RunDecisionTreeText(log, audit::BuildRunTree(log)),
              RunDecisionTreeText(log, audit::BuildRunTree(log)));
  }
}

TEST(DecisionTreeTest, ShapeOfAHaltedRun) {
  const audit::AuditLog log = ReadFixture("testdata/audit/halted.jsonl");
  const auto j = nlohmann::ordered_json::parse(RunDecisionTreeJson(log, audit::BuildRunTree(log)));
  EXPECT_EQ(j["runbook_id"], "stale-sessions-draft");
  EXPECT_EQ(j["timestamp"], "2024-05-01T10:40:01.375Z");
  EXPECT_THAT(j["plan_hash"].get<std::string>(), StartsWith("sha256:"));
  EXPECT_EQ(j["final_status"], "execution_blocked_for_safety");
  EXPECT_EQ(j["remediation"]["required_changes"], 2);
  EXPECT_EQ(j["remediation"]["changes"][1]["at"], "");
  const auto& entries = j["execution_phase"];
  ASSERT_EQ(entries.size(), 7u);  // six phases and the gates
  EXPECT_EQ(entries[0]["step"], 1);
  EXPECT_EQ(entries[0]["action"], "Read the runbook and parsed its steps");
  EXPECT_EQ(entries[0]["findings"]["steps"], 3);
  // A halted phase carries the decision and the remediation.
  EXPECT_EQ(entries[3]["status"], "halted");
  EXPECT_EQ(entries[3]["decision"], "execution_blocked_for_safety");
  EXPECT_EQ(entries[3]["remediation"].size(), 2u);
  EXPECT_EQ(entries[5]["decision"], "execution_blocked_for_safety");
  EXPECT_FALSE(entries[0].contains("decision"));
  EXPECT_EQ(entries[6]["action"], "Checking the plan's gates");
  EXPECT_EQ(entries[6]["status"], "halted");
  EXPECT_EQ(entries[6]["findings"]["findings"], "halted");
  EXPECT_EQ(j["audit_log"]["intact"], true);
}

TEST(DecisionTreeTest, StepsOfACompletedRunAndOlderPhaseRecords) {
  const audit::AuditLog log = ReadFixture("testdata/audit/completed.jsonl");
  const auto j = nlohmann::ordered_json::parse(RunDecisionTreeJson(log, audit::BuildRunTree(log)));
  const auto& e = j["execution_phase"];
  ASSERT_EQ(e.size(), 7u);  // three phases, the gates, three steps
  // An older phase record: its name is the action, its detail the findings.
  EXPECT_EQ(e[1]["action"], "schema");
  EXPECT_EQ(e[1]["findings"],
            (nlohmann::ordered_json{{"detail", "catalog of db.internal:5432/app"}}));
  EXPECT_EQ(e[4]["action"], "Ran step revoke-credentials (shell, unit 1)");
  EXPECT_EQ(e[4]["findings"]["confirmed_by"], "alice via terminal");
  EXPECT_EQ(e[4]["findings"]["exit_code"], 0);
  EXPECT_EQ(e[5]["action"], "Ran step session-cutoff (sql, unit 2, group containment)");
  EXPECT_EQ(e[5]["status"], "done");
  EXPECT_EQ(e[5]["findings"]["statements"], 1);
  EXPECT_EQ(e[5]["findings"]["rows"], 4);
  EXPECT_EQ(e[5]["findings"]["transaction"], "committed");
  EXPECT_FALSE(j.contains("remediation"));
  EXPECT_FALSE(j.contains("failed_step"));
  EXPECT_EQ(j["message"], "3 steps done, 1 transaction committed");
}

TEST(DecisionTreeTest, AFailedStepSaysItsErrorAndItsRollback) {
  const audit::AuditLog log = ReadFixture("testdata/audit/rolled-back.jsonl");
  const auto j = nlohmann::ordered_json::parse(RunDecisionTreeJson(log, audit::BuildRunTree(log)));
  const auto& purge = j["execution_phase"][3];
  EXPECT_EQ(purge["status"], "failed");
  EXPECT_EQ(purge["findings"]["rows"], 120);
  EXPECT_EQ(purge["findings"]["duration_ms"], 43);
  EXPECT_THAT(purge["findings"]["error"].get<std::string>(), HasSubstr("statement 2: permission"));
  EXPECT_EQ(purge["findings"]["transaction"], "rolled back");
  EXPECT_EQ(j["failed_step"], "purge-sessions");
}

TEST(DecisionTreeTest, ATamperedLogIsSaidToBeSo) {
  std::string text =
      testutil::ReadFileOrEmpty(testutil::SourceDir() / "testdata/audit/completed.jsonl");
  text.replace(text.find("\"rows\":4"), 8, "\"rows\":0");
  auto log = audit::ParseLog(text, "t.jsonl");
  ASSERT_TRUE(log.ok());
  const audit::RunTree tree = audit::BuildRunTree(*log);
  EXPECT_THAT(RunDecisionTreeText(*log, tree),
              StartsWith("WARNING: THIS AUDIT LOG DOES NOT VERIFY"));
  const auto j = nlohmann::ordered_json::parse(RunDecisionTreeJson(*log, tree));
  EXPECT_EQ(j["audit_log"]["intact"], false);
  EXPECT_EQ(j["audit_log"]["first_bad_line"], 13);
}

}  // namespace
}  // namespace runwarden::report
