#include "runbook/step_ids.h"

#include <gtest/gtest.h>

namespace runwarden::runbook {
namespace {

TEST(SlugifyTest, StripsSectionNumbersAndPunctuation) {
  EXPECT_EQ(Slugify("2. Containment and Neutralization"), "containment-and-neutralization");
  EXPECT_EQ(Slugify("3.1 Database Session Cutoff!"), "database-session-cutoff");
  EXPECT_EQ(Slugify("A. Tenant's data (RLS)"), "tenants-data-rls");
  EXPECT_EQ(Slugify("2024 incidents"), "2024-incidents");
  EXPECT_EQ(Slugify("???"), "section");
}

Step Derived(std::vector<std::string> path) {
  Step s;
  s.section_path = std::move(path);
  return s;
}

TEST(AssignStepIdsTest, QualifiesSharedSlugsWithTheParent) {
  std::vector<Step> steps = {Derived({"Containment", "Verify"}), Derived({"Recovery", "Verify"}),
                             Derived({"Recovery", "Verify"})};
  AssignStepIds(steps);
  EXPECT_EQ(steps[0].id, "containment-verify");
  EXPECT_EQ(steps[1].id, "recovery-verify");
  EXPECT_EQ(steps[2].id, "verify-2");
}

TEST(AssignStepIdsTest, ExplicitIdsWin) {
  std::vector<Step> steps = {Derived({"Verify"}), Derived({})};
  steps[1].id = "verify";
  steps[1].id_origin = IdOrigin::kExplicit;
  AssignStepIds(steps);
  EXPECT_EQ(steps[0].id, "verify-2");
  EXPECT_EQ(steps[1].id, "verify");
}

}  // namespace
}  // namespace runwarden::runbook
