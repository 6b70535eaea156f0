#include "sql/sqlx_cache.h"

#include <gtest/gtest.h>

namespace runwarden::sql {
namespace {

TEST(SqlxCacheTest, DecodesTheQueryAndMapsEveryByteToTheFile) {
  const std::string text =
      "{\n  \"db_name\": \"PostgreSQL\",\n  \"describe\": {\"columns\": [{\"name\": \"query\"}]},\n"
      "  \"query\": \"SELECT \\\"a\\\"\\n  FROM t \\u00e9\"\n}\n";
  auto q = ParseSqlxQuery(text, "query-1.json");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(q->query, "SELECT \"a\"\n  FROM t \xc3\xa9");
  ASSERT_EQ(q->file_offset.size(), q->query.size());
  const size_t from = q->query.find("FROM");
  EXPECT_EQ(text.substr(q->file_offset[from], 4), "FROM");
  // An escape maps to its backslash.
  EXPECT_EQ(text[q->file_offset[q->query.find('\n')]], '\\');
  EXPECT_EQ(text.substr(q->file_offset[q->query.size() - 1], 6), "\\u00e9");
}

TEST(SqlxCacheTest, InvalidJsonAndMissingQueryAreErrorsWithALocation) {
  auto bad = ParseSqlxQuery("{\"query\": ", "q.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().ToString().rfind("q.json:1:1: error: not a sqlx query file", 0), 0u)
      << bad.status().ToString();
  auto none = ParseSqlxQuery("{\"hash\": \"x\"}", "q.json");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().ToString().find("no \"query\" string"), std::string::npos);
  auto number = ParseSqlxQuery("{\"query\": 3}", "q.json");
  EXPECT_FALSE(number.ok());
}

}  // namespace
}  // namespace runwarden::sql
