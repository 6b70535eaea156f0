#include "schema/schema.h"

#include <gtest/gtest.h>

#include "schema/expression.h"
#include "schema/types.h"

namespace runwarden::schema {
namespace {

TEST(TypesTest, NormalisesToFormatTypeSpelling) {
  EXPECT_EQ(NormalizeTypeName("int8"), "bigint");
  EXPECT_EQ(NormalizeTypeName("INT"), "integer");
  EXPECT_EQ(NormalizeTypeName("varchar(40)"), "character varying(40)");
  EXPECT_EQ(NormalizeTypeName("timestamptz"), "timestamp with time zone");
  EXPECT_EQ(NormalizeTypeName("timestamp(3) with time zone"), "timestamp(3) with time zone");
  EXPECT_EQ(NormalizeTypeName("numeric(10, 2)"), "numeric(10,2)");
  EXPECT_EQ(NormalizeTypeName("text[]"), "text[]");
  EXPECT_EQ(NormalizeTypeName("int[][]"), "integer[]");
  EXPECT_EQ(NormalizeTypeName("public.mood"), "public.mood");
  EXPECT_EQ(NormalizeTypeName("double precision"), "double precision");
  EXPECT_EQ(NormalizeTypeName("bigserial"), "bigint");
  EXPECT_EQ(NormalizeTypeName("uuid"), "uuid");
  EXPECT_EQ(NormalizeTypeName("jsonb"), "jsonb");
}

TEST(ExpressionTest, ParsesPolicyExpressions) {
  auto e = ParseExpression("  tenant_id = current_setting('app.current_tenant_id')::uuid");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->text, "tenant_id = current_setting('app.current_tenant_id')::uuid");
  EXPECT_EQ(e->tree.tag(), "A_Expr");
  // Node locations are offsets in the parsed string; minus tree_offset they
  // are offsets in the expression text.
  const int64_t loc = e->tree.unwrap()["lexpr"].unwrap()["location"].integer();
  EXPECT_EQ(static_cast<size_t>(loc) - e->tree_offset, 0u);
  EXPECT_FALSE(ParseExpression("1) FROM t WHERE (1"));
  EXPECT_FALSE(ParseExpression("not valid ("));
}

TEST(SchemaTest, FindsTablesThroughTheSearchPath) {
  Schema s;
  s.search_path = {"app", "public"};
  s.tables[{"public", "orders"}].name = {"public", "orders"};
  s.tables[{"app", "orders"}].name = {"app", "orders"};
  s.tables[{"public", "users"}].name = {"public", "users"};
  EXPECT_EQ(s.FindTable("", "orders")->name.schema, "app");
  EXPECT_EQ(s.FindTable("public", "orders")->name.schema, "public");
  EXPECT_EQ(s.FindTable("", "users")->name.schema, "public");
  EXPECT_EQ(s.FindTable("", "nope"), nullptr);
}

TEST(SchemaTest, FingerprintIgnoresOrderAndLocationsButNotContent) {
  Schema a, b;
  Table t1;
  t1.name = {"public", "a"};
  t1.columns.push_back({"id", "bigint", true});
  t1.unique_keys = {{"u1", {"x"}}, {"u2", {"y"}}};
  Table t2;
  t2.name = {"public", "b"};
  a.tables[t1.name] = t1;
  a.tables[t2.name] = t2;
  Table t1b = t1;
  std::swap(t1b.unique_keys[0], t1b.unique_keys[1]);
  t1b.span = SourceSpan{"other.sql", {3, 1, 10}, {3, 5, 14}};
  b.tables[t2.name] = t2;
  b.tables[t1.name] = t1b;
  b.origin = "elsewhere";
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  b.tables[t1.name].columns[0].not_null = false;
  EXPECT_NE(a.Fingerprint(), b.Fingerprint());
}

TEST(QualifiedNameTest, QuotesWhenNeeded) {
  EXPECT_EQ((QualifiedName{"public", "orders"}).ToString(), "public.orders");
  EXPECT_EQ((QualifiedName{"App", "order items"}).ToString(), "\"App\".\"order items\"");
}

}  // namespace
}  // namespace runwarden::schema
