#include "analysis/registry.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace runwarden::analysis {
namespace {

TEST(RegistryTest, RulesAreSortedUniqueAndKebabCase) {
  const auto& rules = AllRules();
  ASSERT_FALSE(rules.empty());
  std::set<std::string_view> seen;
  const std::regex kebab("^[a-z][a-z0-9]*(-[a-z0-9]+)*$");
  for (size_t i = 0; i < rules.size(); ++i) {
    const std::string id(rules[i]->info().id);
    EXPECT_TRUE(std::regex_match(id, kebab)) << id;
    EXPECT_TRUE(seen.insert(rules[i]->info().id).second) << "duplicate " << id;
    if (i > 0) {
      EXPECT_LT(rules[i - 1]->info().id, rules[i]->info().id) << "table not sorted at " << id;
    }
    EXPECT_FALSE(rules[i]->info().summary.empty()) << id;
  }
  ASSERT_NE(FindRule("sql-syntax-error"), nullptr);
  EXPECT_EQ(FindRule("sql-syntax-error")->info().id, "sql-syntax-error");
  EXPECT_EQ(FindRule("no-such-rule"), nullptr);
}

}  // namespace
}  // namespace runwarden::analysis
