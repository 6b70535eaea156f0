#include "runbook/attributes.h"

#include <gtest/gtest.h>

namespace runwarden::runbook {
namespace {

InfoString Parse(const std::string& info) {
  static SourceText source("book.md", std::string(200, ' '));
  return ParseInfoString(info, 0, source);
}

TEST(AttributesTest, LanguageOnly) {
  InfoString i = Parse("SQL");
  EXPECT_EQ(i.language, "sql");
  EXPECT_TRUE(i.attrs.problems.empty());
}

TEST(AttributesTest, UnknownAttributeIsAProblemWithItsSpan) {
  InfoString i = Parse("sql {#a retries=3 .fancy}");
  ASSERT_EQ(i.attrs.problems.size(), 2u);
  EXPECT_EQ(i.attrs.problems[0].kind, AttributeProblem::Kind::kUnknownKey);
  EXPECT_EQ(i.attrs.problems[0].key, "retries");
  EXPECT_EQ(i.attrs.problems[0].span.begin.column, 9u);
  EXPECT_EQ(i.attrs.problems[1].key, ".fancy");
}

TEST(AttributesTest, InvalidValuesAreProblems) {
  InfoString i =
      Parse("sql {scope=everyone timeout=soon expect=\"rows ~ 1\" needs= confirm=maybe}");
  ASSERT_EQ(i.attrs.problems.size(), 5u);
  for (const auto& p : i.attrs.problems) EXPECT_EQ(p.kind, AttributeProblem::Kind::kInvalidValue);
  EXPECT_NE(i.attrs.problems[0].message.find("tenant, admin or global"), std::string::npos);
}

TEST(AttributesTest, SyntaxProblems) {
  EXPECT_EQ(Parse("sql {#a").attrs.problems.at(0).kind, AttributeProblem::Kind::kSyntax);
  EXPECT_EQ(Parse("sql scope=admin").attrs.problems.at(0).kind, AttributeProblem::Kind::kSyntax);
  EXPECT_EQ(Parse("sql {expect=\"rows == 0}").attrs.problems.at(0).kind,
            AttributeProblem::Kind::kSyntax);
  EXPECT_EQ(Parse("sql {#a} trailing").attrs.problems.at(0).kind, AttributeProblem::Kind::kSyntax);
}

TEST(AttributesTest, DuplicateKeyIsAProblem) {
  InfoString i = Parse("sql {scope=admin scope=tenant}");
  ASSERT_EQ(i.attrs.problems.size(), 1u);
  EXPECT_EQ(i.attrs.scope, Scope::kAdmin);
}

TEST(AttributesTest, FlagsAndReferences) {
  InfoString i = Parse("bash {irreversible rollback=undo-it lock-timeout=5s confirm=false}");
  EXPECT_TRUE(i.attrs.problems.empty());
  EXPECT_TRUE(i.attrs.irreversible);
  EXPECT_FALSE(i.attrs.confirm);
  EXPECT_EQ(i.attrs.rollback->id, "undo-it");
  EXPECT_EQ(i.attrs.lock_timeout->count(), 5000);
}

TEST(AttributesTest, StepIdSyntax) {
  EXPECT_TRUE(IsStepId("cutoff-2.b_c"));
  EXPECT_FALSE(IsStepId("-x"));
  EXPECT_FALSE(IsStepId("a b"));
  EXPECT_FALSE(IsStepId(""));
}

}  // namespace
}  // namespace runwarden::runbook
