#include "plan/blast_radius.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sql/parser.h"

namespace runwarden::plan {
namespace {

using ::testing::HasSubstr;

std::string KeyOf(std::string_view /*schema*/, std::string_view table) {
  return table == "audit_log" ? "" : "tenant_id";
}

Result<CountQuery> Of(const std::string& sql, size_t binds) {
  const auto parsed = sql::ParseStatements(sql);
  EXPECT_EQ(parsed.size(), 1u);
  EXPECT_FALSE(parsed[0].error);
  return BlastRadiusQuery(sql, parsed[0].root, binds, &KeyOf);
}

TEST(BlastRadiusTest, UpdateKeepsTargetFromAndWhere) {
  auto q =
      Of("UPDATE invoices AS i SET status = $1 FROM users u "
         "WHERE u.id = i.user_id AND i.tenant_id = $2 RETURNING i.id",
         2);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(
      q->sql,
      "SELECT CAST(\"i\".\"tenant_id\" AS text), count(*) FROM invoices AS i, users u WHERE "
      "(u.id = i.user_id AND i.tenant_id = $2) AND coalesce(CAST($1 AS text), '') IS NOT NULL "
      "GROUP BY 1 ORDER BY 1");
  EXPECT_EQ(q->table, "invoices");
  EXPECT_EQ(q->key_column, "tenant_id");
}

TEST(BlastRadiusTest, DeleteWithUsingAndKeywordsInsideLiteralsAndSubqueries) {
  auto q =
      Of("DELETE FROM public.sessions s USING users u WHERE u.id = s.user_id "
         "AND s.note <> 'WHERE RETURNING' AND s.id IN (SELECT id FROM x WHERE y)",
         0);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  EXPECT_EQ(
      q->sql,
      "SELECT CAST(\"s\".\"tenant_id\" AS text), count(*) FROM public.sessions s, users u WHERE "
      "(u.id = s.user_id AND s.note <> 'WHERE RETURNING' AND s.id IN (SELECT id FROM x "
      "WHERE y)) GROUP BY 1 ORDER BY 1");
  EXPECT_EQ(q->table, "public.sessions");
}

TEST(BlastRadiusTest, NoWhereAndNoTenantKey) {
  auto q = Of("DELETE FROM audit_log", 0);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->sql, "SELECT CAST(NULL AS text), count(*) FROM audit_log GROUP BY 1 ORDER BY 1");
  EXPECT_EQ(q->key_column, "");
  auto only = Of("UPDATE ONLY invoices SET a = $1", 1);
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(
      only->sql,
      "SELECT CAST(\"invoices\".\"tenant_id\" AS text), count(*) FROM ONLY invoices WHERE true AND "
      "coalesce(CAST($1 AS text), '') IS NOT NULL GROUP BY 1 ORDER BY 1");
}

TEST(BlastRadiusTest, WhatIsNotCounted) {
  EXPECT_THAT(Of("INSERT INTO t VALUES (1)", 0).status().message(), HasSubstr("INSERT"));
  EXPECT_THAT(
      Of("WITH x AS (SELECT 1) DELETE FROM t WHERE id IN (SELECT * FROM x)", 0).status().message(),
      HasSubstr("WITH"));
  EXPECT_THAT(Of("DELETE FROM t WHERE CURRENT OF c", 0).status().message(),
              HasSubstr("CURRENT OF"));
  EXPECT_FALSE(Of("SELECT 1", 0).ok());
}

TEST(BlastRadiusTest, LikeValuesAreEscaped) {
  EXPECT_EQ(EscapeLikeValue("50%_off\\x"), "50\\%\\_off\\\\x");
  EXPECT_EQ(EscapeLikeValue("plain"), "plain");
}

}  // namespace
}  // namespace runwarden::plan
