#include "schema/catalog_pg_array.h"

#include <gtest/gtest.h>

namespace runwarden::schema {
namespace {

using Elements = std::vector<std::optional<std::string>>;

TEST(PgArrayTest, ParsesBareQuotedAndNullElements) {
  auto empty = ParsePgArray("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());

  auto a = ParsePgArray(R"({public,"my schema","say \"hi\"","back\\slash",NULL,"NULL"})");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(*a,
            (Elements{"public", "my schema", "say \"hi\"", "back\\slash", std::nullopt, "NULL"}));

  auto commas = ParsePgArray(R"({"a,b","{x}",""})");
  ASSERT_TRUE(commas.ok());
  EXPECT_EQ(*commas, (Elements{"a,b", "{x}", ""}));
}

TEST(PgArrayTest, NameArrayDropsNulls) {
  auto names = ParsePgNameArray("{a,NULL,b}");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"a", "b"}));
}

TEST(PgArrayTest, MalformedArraysAreInternalErrors) {
  for (const char* text : {"", "{", "a,b", "{a,,b}", R"({"open})", "{{1,2},{3,4}}", "{a,}",
                           R"({"a"b})", "[1:2]={a,b}"}) {
    auto r = ParsePgArray(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), ErrorCode::kInternal) << text;
  }
}

}  // namespace
}  // namespace runwarden::schema
