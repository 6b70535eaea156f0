#include "analysis/policy_facts.h"

#include <gtest/gtest.h>

#include "schema/expression.h"

namespace runwarden::analysis {
namespace {

PolicyFacts Facts(const std::string& expr) {
  auto e = schema::ParseExpression(expr);
  EXPECT_TRUE(e) << expr;
  if (!e) return {};
  return AnalyzePolicyExpression(e->tree, "tenant_id", "app.current_tenant_id");
}

constexpr char kGuard[] =
    "tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid";

TEST(PolicyFactsTest, RecognisesGuards) {
  EXPECT_TRUE(Facts(kGuard).guards_key);
  EXPECT_TRUE(Facts("(tenant_id = NULLIF(current_setting('app.current_tenant_id'::text, true), "
                    "''::text)::uuid)")
                  .guards_key);
  EXPECT_TRUE(Facts(std::string(kGuard) + " AND deleted_at IS NULL").guards_key);
  EXPECT_TRUE(Facts("tenant_id = app.current_tenant()").guards_key);
  EXPECT_TRUE(Facts("current_setting('app.current_tenant_id')::uuid = tenant_id").guards_key);
  EXPECT_FALSE(Facts(std::string(kGuard) + " OR is_public").guards_key);
  EXPECT_FALSE(Facts("tenant_id = current_setting('app.other')::uuid").guards_key);
  EXPECT_FALSE(Facts("owner_id = " + std::string(kGuard).substr(12)).guards_key);
}

TEST(PolicyFactsTest, AlwaysTrueShapes) {
  for (const char* e :
       {"true", "(1 = 1)", "'a' = 'a'", "'t'::boolean", "x > 1 OR true", "true AND 2 = 2"}) {
    EXPECT_TRUE(Facts(e).always_true) << e;
  }
  for (const char* e : {"false", "1 = 2", "is_public", kGuard})
    EXPECT_FALSE(Facts(e).always_true) << e;
}

TEST(PolicyFactsTest, FailsOpenShapes) {
  EXPECT_TRUE(Facts("NULLIF(current_setting('app.current_tenant_id', true), '') IS NULL OR " +
                    std::string(kGuard))
                  .fails_open);
  EXPECT_TRUE(
      Facts("current_setting('app.current_tenant_id', true) IS NULL OR " + std::string(kGuard))
          .fails_open);
  EXPECT_TRUE(Facts("coalesce(current_setting('app.current_tenant_id', true), '') = '' OR " +
                    std::string(kGuard))
                  .fails_open);
  EXPECT_FALSE(Facts(std::string(kGuard) + " OR current_user = 'admin'").fails_open);
  EXPECT_FALSE(Facts("deleted_at IS NULL OR " + std::string(kGuard)).fails_open);
}

TEST(PolicyFactsTest, InequalityWrongColumnAndCasts) {
  EXPECT_TRUE(Facts("tenant_id <> app.current_tenant()").inequality);
  EXPECT_TRUE(Facts("tenant_id IS DISTINCT FROM app.current_tenant()").inequality);
  EXPECT_TRUE(Facts("NOT (tenant_id = app.current_tenant())").inequality);
  EXPECT_FALSE(Facts(kGuard).inequality);
  EXPECT_EQ(Facts("author_id = app.current_tenant()").other_columns,
            (std::vector<std::string>{"author_id"}));
  EXPECT_TRUE(Facts("tenant_id = current_setting('app.current_tenant_id')::uuid").unguarded_cast);
  EXPECT_TRUE(Facts("tenant_id = CAST(current_setting('app.current_tenant_id', true) AS uuid)")
                  .unguarded_cast);
  EXPECT_FALSE(Facts(kGuard).unguarded_cast);
  EXPECT_FALSE(Facts("tenant_id::text = current_setting('app.current_tenant_id', true)::text")
                   .unguarded_cast);
}

}  // namespace
}  // namespace runwarden::analysis
