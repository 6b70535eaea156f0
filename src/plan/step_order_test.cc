#include "plan/step_order.h"

#include <gtest/gtest.h>

#include "runbook/parser.h"

namespace runwarden::plan {
namespace {

runbook::Runbook Parse(const std::string& text) {
  auto rb = runbook::ParseRunbook(text, "book.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  return rb.ok() ? std::move(*rb) : runbook::Runbook{};
}

std::vector<std::string> Ids(const runbook::Runbook& rb, const std::vector<size_t>& steps) {
  std::vector<std::string> out;
  for (size_t i : steps) out.push_back(rb.steps[i].id);
  return out;
}

std::string Sql(const std::string& attrs, const std::string& body = "SELECT 1;") {
  return "```sql {" + attrs + "}\n" + body + "\n```\n";
}

TEST(StepOrderTest, DocumentOrderWhenNothingElseSays) {
  auto rb = Parse("# T\n## A\n" + Sql("#a") + Sql("#b") + "## B\n" + Sql("#c"));
  const StepOrder o = OrderSteps(rb);
  EXPECT_TRUE(o.problems.empty());
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(o.units.size(), 3u);
  EXPECT_TRUE(o.units[0].transactional);
}

TEST(StepOrderTest, NeedsPullsAStepAfterAndKeepsItsSectionInOrder) {
  // b needs d (a later section): c waits for b, its predecessor in section A.
  auto rb = Parse("# T\n## A\n" + Sql("#a") + Sql("#b needs=d") + Sql("#c") + "## B\n" + Sql("#d"));
  const StepOrder o = OrderSteps(rb);
  EXPECT_TRUE(o.problems.empty());
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"a", "d", "b", "c"}));
}

TEST(StepOrderTest, AnExplicitNeedOnALaterStepOfTheSectionWins) {
  auto rb = Parse("# T\n## A\n" + Sql("#a needs=b") + Sql("#b"));
  const StepOrder o = OrderSteps(rb);
  EXPECT_TRUE(o.problems.empty());
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"b", "a"}));
}

TEST(StepOrderTest, SameInputSameOrder) {
  std::string text = "# T\n";
  for (int i = 0; i < 50; ++i) {
    text += "## S" + std::to_string(i % 7) + "\n" +
            Sql("#s" + std::to_string(i) + (i % 5 == 4 ? " needs=s" + std::to_string(i / 2) : ""));
  }
  auto rb = Parse(text);
  const StepOrder first = OrderSteps(rb);
  EXPECT_TRUE(first.problems.empty());
  EXPECT_EQ(first.order.size(), 50u);
  for (int run = 0; run < 3; ++run) EXPECT_EQ(OrderSteps(rb).order, first.order);
}

TEST(StepOrderTest, AtomicGroupRunsAsOneUnit) {
  // x (another section) sits between the group's steps in the document; the
  // group, once started, is finished first.
  auto rb = Parse("# T\n## A\n" + Sql("#g1 atomic=fix") + "## B\n" + Sql("#x") + "## A\n" +
                  Sql("#g2 atomic=fix"));
  const StepOrder o = OrderSteps(rb);
  EXPECT_TRUE(o.problems.empty());
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"g1", "g2", "x"}));
  ASSERT_EQ(o.units.size(), 2u);
  EXPECT_EQ(o.units[0].atomic_group, "fix");
  EXPECT_EQ(Ids(rb, o.units[0].steps), (std::vector<std::string>{"g1", "g2"}));
}

TEST(StepOrderTest, CyclesUnknownNeedsAndWhatTheyBlockHaveLocations) {
  auto rb = Parse("# T\n## A\n" + Sql("#a needs=b") + "## B\n" + Sql("#b needs=a") + "## C\n" +
                  Sql("#c needs=a") + "## D\n" + Sql("#d needs=nowhere") + "## E\n" + Sql("#e"));
  const StepOrder o = OrderSteps(rb);
  using K = OrderProblem::Kind;
  ASSERT_EQ(o.problems.size(), 3u);
  EXPECT_EQ(o.problems[0].kind, K::kCycle);
  EXPECT_EQ(o.problems[0].message, "steps a, b need each other");
  EXPECT_EQ(o.problems[1].kind, K::kUnreachable);
  EXPECT_EQ(o.problems[1].message, "step c cannot be ordered: it needs a, which cannot run");
  EXPECT_EQ(o.problems[2].kind, K::kUnknownNeed);
  EXPECT_EQ(FormatLocation(o.problems[2].span).substr(0, 11), "book.md:15:");
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"e"}));
}

TEST(StepOrderTest, GroupsThatCannotRunAsOneTransaction) {
  auto rb =
      Parse("# T\n## A\n" + Sql("#g1 atomic=fix") + "## B\n" + Sql("#e needs=g1") + "## A2\n" +
            Sql("#g2 atomic=fix needs=e") + "## S\n" + "```bash {#sh atomic=fix2}\necho hi\n```\n");
  const StepOrder o = OrderSteps(rb);
  using K = OrderProblem::Kind;
  ASSERT_EQ(o.problems.size(), 2u);
  EXPECT_EQ(o.problems[0].kind, K::kSplitGroup);
  EXPECT_EQ(o.problems[0].message,
            "atomic group fix cannot run as one transaction: step g2 needs e, which is not in "
            "the group");
  EXPECT_EQ(o.problems[1].kind, K::kGroupNotSql);
  EXPECT_TRUE(o.problems[1].span.valid());
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"g1", "e", "g2", "sh"}));
}

TEST(StepOrderTest, CompensationStepsRunOnlyToUndo) {
  auto rb = Parse("# T\n" + Sql("#archive rollback=unarchive") + Sql("#check") + "## Undo\n" +
                  Sql("#unarchive") + "## Later\n" + Sql("#bad needs=unarchive"));
  const StepOrder o = OrderSteps(rb);
  EXPECT_EQ(Ids(rb, o.order), (std::vector<std::string>{"archive", "check"}));
  EXPECT_EQ(Ids(rb, o.compensations), (std::vector<std::string>{"unarchive"}));
  ASSERT_EQ(o.problems.size(), 1u);
  EXPECT_EQ(o.problems[0].kind, OrderProblem::Kind::kNeedsCompensation);
}

TEST(StepOrderTest, StatementsOutsideATransactionMakeTheUnitNonTransactional) {
  auto rb = Parse("# T\n" + Sql("#idx", "CREATE INDEX CONCURRENTLY i ON t (a);") +
                  "```bash {#sh}\necho hi\n```\n");
  const StepOrder o = OrderSteps(rb);
  ASSERT_EQ(o.units.size(), 2u);
  EXPECT_FALSE(o.units[0].transactional);
  EXPECT_FALSE(o.units[1].transactional);
}

}  // namespace
}  // namespace runwarden::plan
