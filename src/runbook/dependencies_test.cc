#include "runbook/dependencies.h"

#include <gtest/gtest.h>

#include "runbook/parser.h"

namespace runwarden::runbook {
namespace {

Runbook Parse(const std::string& text) {
  auto rb = ParseRunbook(text, "book.md");
  EXPECT_TRUE(rb.ok()) << rb.status().ToString();
  return rb.ok() ? std::move(*rb) : Runbook{};
}

TEST(DependenciesTest, FindsCyclesAndSelfLoops) {
  Runbook rb = Parse(
      "# T\n```sql {#a needs=c}\nSELECT 1;\n```\n```sql {#b needs=a}\nSELECT 1;\n```\n"
      "```sql {#c needs=b}\nSELECT 1;\n```\n```sql {#d needs=d}\nSELECT 1;\n```\n"
      "```sql {#e needs=a,missing}\nSELECT 1;\n```\n");
  auto cycles = FindDependencyCycles(rb);
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_EQ(cycles[0], (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(cycles[1], (std::vector<size_t>{3}));
  auto graph = NeedsGraph(rb);
  EXPECT_EQ(graph[4], (std::vector<size_t>{0}));
}

TEST(DependenciesTest, LongChainHasNoCycleAndNoRecursion) {
  std::string text = "# T\n";
  for (int i = 0; i < 20000; ++i) {
    text += "```sql {#s" + std::to_string(i) + (i ? " needs=s" + std::to_string(i - 1) : "") +
            "}\nSELECT 1;\n```\n";
  }
  Runbook rb = Parse(text);
  EXPECT_TRUE(FindDependencyCycles(rb).empty());
}

}  // namespace
}  // namespace runwarden::runbook
