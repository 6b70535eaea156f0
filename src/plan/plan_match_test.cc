#include "plan/plan_match.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"

namespace runwarden::plan {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

Plan Approved() {
  Plan p;
  p.runbook_path = "fix.md";
  p.runbook_digest = "sha256:aaa";
  p.tool_version = "0.1.0";
  p.schema_fingerprint = "sha256:schema";
  p.target = {"postgres", "/run/pg", "5432", "app", "ops", "", "15.18"};
  p.parameters.push_back(
      {"TENANT_ID", "uuid", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "", false, false});
  p.parameters.push_back({"TOKEN", "text", std::nullopt, Sha256Hex("s3cret"), true, false});
  return p;
}

CurrentInputs Now() {
  CurrentInputs now;
  now.runbook_digest = "sha256:aaa";
  now.tool_version = "0.1.0";
  now.schema_fingerprint = "sha256:schema";
  now.target = {"postgres", "/run/pg", "5432", "app", "ops", "", "15.19"};
  now.values["TOKEN"] = "s3cret";
  return now;
}

TEST(PlanMatchTest, TheSameInputsMatch) {
  EXPECT_THAT(CompareWithPlan(Approved(), Now()), IsEmpty());
  const auto values = RunValues(Approved(), Now());
  EXPECT_EQ(values.at("TENANT_ID"), "7c9e6679-7425-40de-944b-e07fc1f90ae7");
  EXPECT_EQ(values.at("TOKEN"), "s3cret");
}

TEST(PlanMatchTest, EveryChangeIsNamed) {
  CurrentInputs now = Now();
  now.runbook_digest = "sha256:bbb";
  now.tool_version = "0.2.0";
  now.schema_fingerprint = "sha256:other";
  now.target.database = "app_staging";
  now.values["TENANT_ID"] = "22222222-2222-2222-2222-222222222222";
  now.values["EXTRA"] = "1";
  EXPECT_THAT(
      CompareWithPlan(Approved(), now),
      ElementsAre("the runbook fix.md changed since the plan was made (sha256:aaa, now sha256:bbb)",
                  "runwarden's version changed since the plan was made (0.1.0, now 0.2.0)",
                  "the target's schema changed since the plan was made (sha256:schema, now "
                  "sha256:other)",
                  HasSubstr("not postgres host=/run/pg port=5432 dbname=app_staging"),
                  HasSubstr("parameter TENANT_ID is 22222222"),
                  "parameter EXTRA is not a parameter of the plan"));
}

TEST(PlanMatchTest, SecretsMustBeGivenAgainAndAreNeverShown) {
  CurrentInputs now = Now();
  now.values.erase("TOKEN");
  EXPECT_THAT(CompareWithPlan(Approved(), now),
              ElementsAre(HasSubstr("give it again with --param TOKEN=")));
  now.values["TOKEN"] = "wrong-value";
  const auto changes = CompareWithPlan(Approved(), now);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_THAT(changes[0], HasSubstr("not the value the plan was made with"));
  EXPECT_THAT(changes[0], Not(HasSubstr("wrong-value")));
}

}  // namespace
}  // namespace runwarden::plan
