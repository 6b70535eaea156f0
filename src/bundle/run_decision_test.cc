#include "bundle/run_decision.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace runwarden::bundle {
namespace {

using Json = nlohmann::ordered_json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

audit::AuditRecord Rec(const std::string& kind, Json fields) {
  audit::AuditRecord r;
  r.kind = kind;
  r.fields = std::move(fields);
  return r;
}

audit::AuditLog Log(const std::string& target) {
  audit::AuditLog log;
  log.records = {
      Rec("phase", {{"name", "isolation"},
                    {"findings",
                     {{"vectors", Json::array({{{"rule", "missing-tenant-filter"},
                                                {"at", "rb.md:17:1"}}})}}}}),
      Rec("phase", {{"name", "schema"},
                    {"findings",
                     {{"issues", Json::array({{{"rule", "unpartitioned-table"},
                                               {"message", "main.audit_logs is not partitioned"},
                                               {"at", "sqlite " + target}}})}}}}),
      Rec("gate", {{"name", "findings"}, {"status", "halted"}}),
      Rec("gate", {{"name", "order"}, {"status", "passed"}}),
      Rec("step-start", {{"step", "page"}, {"step_kind", "shell"}}),
      Rec("step-done", {{"step", "page"}, {"status", "done"}}),
      Rec("step-done", {{"step", "look"}, {"status", "done"}}),
      Rec("run-end", {{"final_status", "execution_blocked_for_safety"}}),
  };
  return log;
}

TEST(RunDecisionTest, ReadsWhatARunDecidedAndLeavesTheTargetOutOfLocations) {
  const RunDecision d = DecisionOf(Log("/srv/app.db"));
  EXPECT_EQ(d.final_status, "execution_blocked_for_safety");
  EXPECT_THAT(d.halted_gates, ElementsAre("findings"));
  EXPECT_THAT(d.findings,
              ElementsAre("missing-tenant-filter at rb.md:17:1",
                          "unpartitioned-table on the target: main.audit_logs is not partitioned"));
  EXPECT_THAT(d.steps, ElementsAre("look: done"));  // shell steps are left out
  EXPECT_THAT(d.shell_steps, ElementsAre("page"));
  // The same run on another database file decides the same.
  EXPECT_TRUE(Differences(d, DecisionOf(Log("/tmp/sandbox/replay.db"))).empty());
}

TEST(RunDecisionTest, SaysEachDifference) {
  const RunDecision original = DecisionOf(Log("/srv/app.db"));
  RunDecision replay = original;
  replay.final_status = "failed_rolled_back";
  replay.failed_step = "look";
  replay.halted_gates.clear();
  replay.findings.erase(replay.findings.begin());
  replay.findings.push_back("or-weakens-tenant-filter at rb.md:20:3");
  const std::vector<std::string> d = Differences(original, replay);
  ASSERT_EQ(d.size(), 5u);
  EXPECT_THAT(d[0], HasSubstr("ended execution_blocked_for_safety, the replay failed_rolled_back"));
  EXPECT_THAT(d[1], HasSubstr("the replay at look"));
  EXPECT_THAT(d[2], HasSubstr("halted gates differ: findings in the run, (none) in the replay"));
  EXPECT_THAT(d[3], HasSubstr("missing-tenant-filter at rb.md:17:1 is not in the replay"));
  EXPECT_THAT(d[4], HasSubstr("or-weakens-tenant-filter at rb.md:20:3 is new in the replay"));
}

}  // namespace
}  // namespace runwarden::bundle
