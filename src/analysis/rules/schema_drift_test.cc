// schema-drift on models built in code: each kind of difference, its
// severity, and policies compared by meaning rather than text.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "analysis/rules/rules.h"
#include "schema/expression.h"

namespace runwarden::analysis {
namespace {

using schema::Column;
using schema::Policy;
using schema::Schema;
using schema::Table;
using ::testing::HasSubstr;

constexpr char kGuard[] =
    "tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid";
constexpr char kGuardFromCatalog[] =
    "(tenant_id = (NULLIF(current_setting('app.current_tenant_id'::text, true), "
    "''::text))::uuid)";

Table Orders() {
  Table t;
  t.name = {"public", "orders"};
  t.columns = {Column{"id", "bigint", true}, Column{"tenant_id", "uuid", true},
               Column{"note", "text", false}};
  t.rls_enabled = true;
  t.rls_forced = true;
  Policy p;
  p.name = "tenant_isolation";
  p.permissive = false;
  p.using_expr = schema::ParseExpression(kGuard);
  t.policies.push_back(p);
  return t;
}

struct Pair {
  Schema expected;
  Schema live;
  Pair() {
    expected.origin = "schema.sql";
    live.origin = "postgres host=db port=5432 dbname=app user=app";
    live.session_role = schema::SessionRole{"app"};
    expected.tables[{"public", "orders"}] = Orders();
    Table t = Orders();
    t.policies[0].using_expr = schema::ParseExpression(kGuardFromCatalog);
    live.tables[{"public", "orders"}] = t;
  }
  Table& Live() { return live.tables[{"public", "orders"}]; }
  std::vector<Finding> Run() const {
    std::vector<Finding> findings;
    RuleContext ctx;
    ctx.schema = &live;
    ctx.expected_schema = &expected;
    Reporter reporter(rules::SchemaDrift().info(), findings);
    rules::SchemaDrift().Check(ctx, reporter);
    return findings;
  }
};

TEST(SchemaDriftTest, SameSchemaWithReformattedPoliciesIsClean) {
  Pair p;
  EXPECT_TRUE(p.Run().empty());
}

TEST(SchemaDriftTest, NoExpectedSchemaNoFindings) {
  Pair p;
  std::vector<Finding> findings;
  RuleContext ctx;
  ctx.schema = &p.live;
  Reporter reporter(rules::SchemaDrift().info(), findings);
  rules::SchemaDrift().Check(ctx, reporter);
  EXPECT_TRUE(findings.empty());
}

TEST(SchemaDriftTest, MissingTableIsAnErrorExtraTableAWarning) {
  Pair p;
  p.live.tables.erase({"public", "orders"});
  Table extra;
  extra.name = {"public", "scratch"};
  p.live.tables[extra.name] = extra;
  auto f = p.Run();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].message, "table public.orders is in schema.sql but not in the database");
  EXPECT_EQ(f[0].span.path, p.live.origin);  // no DDL location in this model
  EXPECT_EQ(f[1].severity, Severity::kWarning);
  EXPECT_EQ(f[1].message, "table public.scratch is in the database but not in schema.sql");
}

TEST(SchemaDriftTest, ColumnsTypesAndNullability) {
  Pair p;
  Table& t = p.Live();
  t.columns.erase(t.columns.begin() + 2);                // note: missing
  t.columns[0].type = "integer";                         // id: type
  t.columns[1].not_null = false;                         // tenant_id: nullable
  t.columns.push_back(Column{"extra", "jsonb", false});  // extra
  auto f = p.Run();
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].message,
            "column public.orders.id is bigint in schema.sql but integer in the database");
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_EQ(
      f[1].message,
      "column public.orders.tenant_id is NOT NULL in schema.sql but nullable in the database");
  EXPECT_EQ(f[1].severity, Severity::kWarning);
  EXPECT_EQ(f[2].message, "column public.orders.note is in schema.sql but not in the database");
  EXPECT_EQ(f[2].severity, Severity::kError);
  EXPECT_EQ(f[3].message,
            "column public.orders.extra (jsonb) is in the database but not in schema.sql");
  EXPECT_EQ(f[3].severity, Severity::kWarning);
}

TEST(SchemaDriftTest, WeakerRlsIsAnErrorStrongerAWarning) {
  Pair p;
  p.Live().rls_forced = false;
  auto f = p.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].message,
            "row-level security on public.orders is enabled and forced in schema.sql but "
            "enabled in the database");

  Pair q;
  q.Live().rls_enabled = false;
  q.Live().rls_forced = false;
  f = q.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_THAT(f[0].message, HasSubstr("but disabled in the database"));

  Pair r;
  r.expected.tables[{"public", "orders"}].rls_forced = false;
  f = r.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
}

TEST(SchemaDriftTest, PolicyDifferences) {
  Pair p;
  p.Live().policies[0].using_expr = schema::ParseExpression("true");
  p.Live().policies[0].roles = {"app"};
  auto f = p.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kWarning);
  EXPECT_THAT(f[0].message, HasSubstr("policy tenant_isolation on public.orders differs: roles "
                                      "PUBLIC in schema.sql but app in the database; USING"));
  EXPECT_THAT(f[0].message, HasSubstr("but true in the database"));

  Pair widened;
  widened.Live().policies[0].permissive = true;
  f = widened.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_THAT(f[0].message, HasSubstr("kind restrictive in schema.sql but permissive"));

  Pair missing;
  missing.Live().policies.clear();
  f = missing.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_EQ(f[0].message,
            "policy tenant_isolation on public.orders is in schema.sql but not in the database");

  Pair extra;
  Policy open;
  open.name = "everyone";
  open.using_expr = schema::ParseExpression("true");
  extra.Live().policies.push_back(open);
  Policy narrowing = open;
  narrowing.name = "not_archived";
  narrowing.permissive = false;
  extra.Live().policies.push_back(narrowing);
  f = extra.Run();
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::kError);
  EXPECT_THAT(f[0].message, HasSubstr("policy everyone on public.orders (permissive ALL, USING "
                                      "true) is in the database but not in schema.sql"));
  EXPECT_EQ(f[1].severity, Severity::kWarning);
}

TEST(SchemaDriftTest, FindingsPointAtTheSchemaFileWhenItHasALocation) {
  Pair p;
  p.expected.tables[{"public", "orders"}].span =
      SourceSpan{"schema.sql", {12, 1, 300}, {12, 1, 300}};
  p.Live().rls_enabled = false;
  auto f = p.Run();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(FormatLocation(f[0].span), "schema.sql:12:1");
  EXPECT_EQ(f[0].evidence.back(), (std::pair<std::string, std::string>{"database", p.live.origin}));
}

}  // namespace
}  // namespace runwarden::analysis
