#include "runbook/expectation.h"

#include <gtest/gtest.h>

namespace runwarden::runbook {
namespace {

TEST(ExpectationTest, ParsesAndEvaluates) {
  auto e = ParseExpectation("rows>=1 && rows <= 100");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->text, "rows >= 1 && rows <= 100");
  EXPECT_FALSE(e->Matches(0));
  EXPECT_TRUE(e->Matches(50));
  EXPECT_FALSE(e->Matches(101));
  EXPECT_TRUE(ParseExpectation("rows == 0")->Matches(0));
  EXPECT_TRUE(ParseExpectation("rows != 3 and rows < 5")->Matches(4));
}

TEST(ExpectationTest, RejectsMalformedConditions) {
  for (const char* bad : {"", "rows", "rows ~ 1", "count == 1", "rows == x", "rows == 1 ||",
                          "rows == 99999999999999999999"}) {
    EXPECT_FALSE(ParseExpectation(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace runwarden::runbook
