#include "plan/plan_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "plan/plan_builder.h"
#include "runbook/parser.h"
#include "testutil/golden.h"

namespace runwarden::plan {
namespace {

using ::testing::HasSubstr;

Plan ExamplePlan(const runbook::Runbook& rb) {
  PlanInputs in;
  in.runbook = &rb;
  in.tenant = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  in.tenant_given = true;
  in.params["INCIDENT"] = "INC-4211";
  in.tool_version = "0.1.0";
  auto plan = BuildPlan(in);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.ok() ? std::move(*plan) : Plan{};
}

runbook::Runbook ExampleRunbook() {
  auto rb = runbook::ParseRunbook(
      testutil::ReadFileOrEmpty(testutil::SourceDir() / "examples/tenant-data-exposure.md"),
      "examples/tenant-data-exposure.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  return rb.ok() ? std::move(*rb) : runbook::Runbook{};
}

TEST(PlanFileTest, SameInputsGiveTheSameBytes) {
  const runbook::Runbook rb = ExampleRunbook();
  const PlanFile a = WritePlan(ExamplePlan(rb));
  const PlanFile b = WritePlan(ExamplePlan(ExampleRunbook()));
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(a.hash, b.hash);
  EXPECT_EQ(a.hash.substr(0, 7), "sha256:");
  testutil::ExpectGolden("testdata/golden/tenant-data-exposure.plan.json", a.text);
}

TEST(PlanFileTest, ReadsBackWhatItWrote) {
  const runbook::Runbook rb = ExampleRunbook();
  const PlanFile written = WritePlan(ExamplePlan(rb));
  std::string hash;
  auto read = ReadPlan(written.text, "plan.json", &hash);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(hash, written.hash);
  EXPECT_EQ(WritePlan(*read).text, written.text);
}

TEST(PlanFileTest, AnEditedPlanIsRefused) {
  const runbook::Runbook rb = ExampleRunbook();
  std::string text = WritePlan(ExamplePlan(rb)).text;
  const size_t at = text.find("WHERE tenant_id = $1");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 20, "WHERE true          ");
  auto read = ReadPlan(text, "plan.json");
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("plan.json was changed after it was written"));
}

TEST(PlanFileTest, MalformedPlansAreInputErrors) {
  EXPECT_FALSE(ReadPlan("[]", "p.json").ok());
  EXPECT_FALSE(ReadPlan("{\"format\": \"other/1\"}", "p.json").ok());
  EXPECT_THAT(ReadPlan("not json", "p.json").status().message(), HasSubstr("p.json"));
  // A well-hashed object that lacks the plan's fields.
  const std::string body = "{\"format\":\"runwarden-plan/1\"}";
  auto missing = ReadPlan("{\"format\":\"runwarden-plan/1\",\"plan_hash\":\"sha256:" +
                              std::string(Sha256Hex(body)) + "\"}",
                          "p.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("is not a well-formed plan"));
}

}  // namespace
}  // namespace runwarden::plan
