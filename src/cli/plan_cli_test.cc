// End-to-end tests of runwarden plan and runwarden show: the real binary on
// the example runbooks, offline (the schema from DDL).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "testutil/golden.h"

namespace runwarden::cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testutil::ReadFileOrEmpty;
using testutil::RunRunwarden;

constexpr char kTenant[] = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const std::string kExample = "plan examples/tenant-data-exposure.md --tenant " +
                             std::string(kTenant) + " --param INCIDENT=INC-4211";
const std::string kLeaky =
    "plan testdata/scope/leaky-runbook.md --schema testdata/scope/schema.sql --role app_user "
    "--tenant " +
    std::string(kTenant) + " --param USER_ID=7c9e6679-7425-40de-944b-e07fc1f90ae8";

class PlanCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("rw_plan_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
};

TEST_F(PlanCliTest, ReadyPlanGoldens) {
  auto text = RunRunwarden(kExample + " --color never");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  testutil::ExpectGolden("testdata/golden/example.plan.txt", text.out);
  auto json = RunRunwarden(kExample + " --format json");
  EXPECT_EQ(json.exit_code, 0) << json.err;
  testutil::ExpectGolden("testdata/golden/example.plan-tree.json", json.out);
}

TEST_F(PlanCliTest, SameInputsGiveAByteIdenticalPlanFile) {
  const std::string a = (dir_ / "a.json").string(), b = (dir_ / "b.json").string();
  auto first = RunRunwarden(kExample + " -o " + a);
  auto second = RunRunwarden(kExample + " -o " + b);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_FALSE(ReadFileOrEmpty(a).empty());
  EXPECT_EQ(ReadFileOrEmpty(a), ReadFileOrEmpty(b));
  // A different tenant is a different plan.
  auto other = RunRunwarden(
      "plan examples/tenant-data-exposure.md --param INCIDENT=INC-4211 "
      "--tenant 11111111-2222-3333-4444-555555555555 -o " +
      (dir_ / "c.json").string());
  EXPECT_NE(ReadFileOrEmpty(a), ReadFileOrEmpty((dir_ / "c.json").string()));
}

TEST_F(PlanCliTest, HaltedPlanNamesEveryChangeWithItsLocation) {
  auto r = RunRunwarden(kLeaky + " --color never");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Decision: execution_blocked_for_safety"));
  EXPECT_THAT(r.out, HasSubstr("testdata/scope/leaky-runbook.md:27:8: UPDATE of sessions is not "
                               "limited to the run's tenant"));
  EXPECT_THAT(r.out, HasSubstr("give a value for CUSTOMER_ID: --param CUSTOMER_ID=VALUE"));
  auto json = RunRunwarden(kLeaky + " --format json");
  EXPECT_EQ(json.exit_code, 1);
  testutil::ExpectGolden("testdata/golden/leaky-runbook.plan-tree.json", json.out);
}

TEST_F(PlanCliTest, AllowNeedsAReasonAndAKnownRule) {
  auto no_reason = RunRunwarden(kLeaky + " --allow unscoped-update");
  EXPECT_EQ(no_reason.exit_code, 2);
  EXPECT_THAT(no_reason.err, HasSubstr("every --allow needs a --reason"));
  auto unknown = RunRunwarden(kLeaky + " --allow no-such-rule --reason x");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("no rule has that id"));
  auto allowed = RunRunwarden(kLeaky +
                              " --allow unscoped-update --reason 'revoking is harmless' "
                              "--format json");
  const nlohmann::json doc = nlohmann::json::parse(allowed.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << allowed.out;
  ASSERT_FALSE(doc["remediation"].empty());
  for (const auto& r : doc["remediation"]) {
    EXPECT_THAT(r["change"].get<std::string>(),
                ::testing::Not(HasSubstr("UPDATE of sessions is not limited")));
  }
}

TEST_F(PlanCliTest, BadInputExitsTwo) {
  auto param = RunRunwarden(kExample + " --param NOPE=1");
  EXPECT_EQ(param.exit_code, 2);
  EXPECT_THAT(param.err, HasSubstr("--param NOPE: the runbook has no parameter NOPE"));
  auto shape = RunRunwarden(kExample + " --param INCIDENT");
  EXPECT_EQ(shape.exit_code, 2);
  auto both = RunRunwarden(kExample + " --schema testdata/scope/schema.sql --target sqlite:x.db");
  EXPECT_EQ(both.exit_code, 2);
  auto missing = RunRunwarden("plan /nonexistent/runbook.md");
  EXPECT_EQ(missing.exit_code, 2);
}

TEST_F(PlanCliTest, ShowChecksTheHashFirst) {
  const std::string path = (dir_ / "plan.json").string();
  auto made = RunRunwarden(kExample + " -o " + path);
  ASSERT_EQ(made.exit_code, 0) << made.err;
  auto shown = RunRunwarden("show --color never " + path);
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  // The same decision tree as plan printed, hash included.
  const std::string plan_hash = made.out.substr(made.out.find("sha256:"), 71);
  EXPECT_THAT(shown.out, HasSubstr(plan_hash));
  EXPECT_THAT(shown.out, HasSubstr("Decision: ready"));

  std::string text = ReadFileOrEmpty(path);
  const size_t at = text.find("WHERE tenant_id = $1");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 20, "WHERE true          ");
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  auto edited = RunRunwarden("show " + path);
  EXPECT_EQ(edited.exit_code, 2);
  EXPECT_THAT(edited.err, HasSubstr("was changed after it was written"));
}

}  // namespace
}  // namespace runwarden::cli
