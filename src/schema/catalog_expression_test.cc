#include "schema/catalog_expression.h"

#include <gtest/gtest.h>

#include "schema/expression.h"

namespace runwarden::schema {
namespace {

Expression Parse(const std::string& text) {
  std::optional<Expression> e = ParseExpression(text);
  EXPECT_TRUE(e) << text;
  return e ? *e : Expression{};
}

// Pairs of (what a person writes in DDL, what pg_get_expr() of PostgreSQL 15
// returns for it), taken from a real server.
TEST(CatalogExpressionTest, DdlTextEqualsPgGetExprRendering) {
  const std::pair<const char*, const char*> kPairs[] = {
      {"tenant_id = current_setting('app.current_tenant_id')::uuid",
       "(tenant_id = (current_setting('app.current_tenant_id'::text))::uuid)"},
      {"tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid",
       "(tenant_id = (NULLIF(current_setting('app.current_tenant_id'::text, true), "
       "''::text))::uuid)"},
      {"tenant_id = current_setting('app.current_tenant_id')::uuid AND v IN ('a','b') AND i "
       "BETWEEN 1 AND 5",
       "((tenant_id = (current_setting('app.current_tenant_id'::text))::uuid) AND ((v)::text = ANY "
       "((ARRAY['a'::character varying, 'b'::character varying])::text[])) AND ((i >= 1) AND (i "
       "<= 5)))"},
      {"NULLIF(current_setting('app.current_tenant_id', true), '') IS NULL OR tenant_id = "
       "NULLIF(current_setting('app.current_tenant_id', true), '')::uuid",
       "((NULLIF(current_setting('app.current_tenant_id'::text, true), ''::text) IS NULL) OR "
       "(tenant_id = (NULLIF(current_setting('app.current_tenant_id'::text, true), "
       "''::text))::uuid))"},
      {"true", "true"},
      {"status <> 'draft'", "(status <> 'draft'::public.invoice_status)"},
      {"kind IN ('a')", "(kind = 'a'::text)"},
      {"kind NOT IN ('a', 'b')", "(kind <> ALL (ARRAY['a'::text, 'b'::text]))"},
      {"name LIKE 'x%'", "(name ~~ 'x%'::text)"},
      {"owner_id = current_user", "(owner_id = CURRENT_USER)"},
      {"a AND (b AND c)", "(a AND b AND c)"},
      {"t.tenant_id = public.current_tenant()", "(tenant_id = current_tenant())"},
      {"amount > -1", "(amount > '-1'::integer)"},
      {"tenant_id IN (SELECT m.tenant_id FROM memberships m WHERE m.user_id = current_user)",
       "(tenant_id IN ( SELECT m.tenant_id\n   FROM public.memberships m\n  WHERE (m.user_id = "
       "CURRENT_USER)))"},
  };
  for (const auto& [ddl, catalog] : kPairs) {
    EXPECT_EQ(CanonicalExpression(Parse(ddl)), CanonicalExpression(Parse(catalog)))
        << ddl << "\n vs " << catalog;
    EXPECT_TRUE(EquivalentExpressions(Parse(ddl), Parse(catalog)));
  }
}

TEST(CatalogExpressionTest, DifferentMeaningsDiffer) {
  const std::pair<const char*, const char*> kPairs[] = {
      {"tenant_id = current_setting('app.current_tenant_id')::uuid",
       "tenant_id = current_setting('app.other')::uuid"},
      {"a AND b", "a OR b"},
      {"a = 1", "a <> 1"},
      {"a = 1", "b = 1"},
      {"x IS NULL", "x IS NOT NULL"},
      {"true", "false"},
      {"a IN (1, 2)", "a IN (1, 3)"},
      {"NOT a", "a"},
      {"fn(a)", "other_fn(a)"},
  };
  for (const auto& [left, right] : kPairs) {
    EXPECT_NE(CanonicalExpression(Parse(left)), CanonicalExpression(Parse(right)))
        << left << " vs " << right;
  }
}

TEST(CatalogExpressionTest, WithoutTreeComparesCollapsedText) {
  Expression a, b;
  a.text = "f( x ,\n y)";
  b.text = "f( x , y)";
  EXPECT_TRUE(EquivalentExpressions(a, b));
  b.text = "f(x, y)";
  EXPECT_FALSE(EquivalentExpressions(a, b));
}

TEST(CatalogExpressionTest, DeepNestingFallsBackToText) {
  std::string text;
  for (int i = 0; i < 700; ++i) text += "NOT (";
  text += "a";
  for (int i = 0; i < 700; ++i) text += ")";
  std::optional<Expression> e = ParseExpression(text);
  if (!e) GTEST_SKIP() << "the parser refuses this depth";
  EXPECT_EQ(CanonicalExpression(e->tree), "");
  EXPECT_EQ(CanonicalExpression(*e).rfind("text:", 0), 0u);
}

}  // namespace
}  // namespace runwarden::schema
