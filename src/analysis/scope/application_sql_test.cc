#include "analysis/scope/application_sql.h"

#include <gtest/gtest.h>

#include "schema/ddl_loader.h"

namespace runwarden::analysis::scope {
namespace {

class ApplicationSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = schema::LoadDdlText(
        "CREATE TABLE tenants (id uuid PRIMARY KEY);\n"
        "CREATE TABLE notes (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES "
        "tenants(id), body text);\n",
        "schema.sql");
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    loaded_ = std::make_unique<schema::LoadedSchema>(std::move(*loaded));
    tenancy_ = ClassifyTenancy(loaded_->schema, config::TenantConfig());
    ctx_.schema = &loaded_->schema;
    ctx_.tenancy = &tenancy_;
    ctx_.tenant.any_param = true;
  }

  SqlSource Source(const std::string& text) {
    SqlSource s;
    s.file = std::make_shared<const SourceText>("app.sql", text);
    s.sql = text;
    return s;
  }

  std::unique_ptr<schema::LoadedSchema> loaded_;
  Tenancy tenancy_;
  ScopeContext ctx_;
};

TEST_F(ApplicationSqlTest, RepeatedStatementsComeFromTheCacheWithTheirOwnPositions) {
  const std::string text =
      "SELECT * FROM notes WHERE id = $1;\n\n  SELECT * FROM notes WHERE id = $1;\n";
  ScopeCache cache;
  std::vector<Status> errors;
  const auto out = AnalyzeApplicationSql(Source(text), ctx_, cache, &errors);
  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(cache.hits(), 1u);
  for (const AnalyzedStatement& st : out) {
    EXPECT_EQ(st.scope.verdict, Verdict::kUnscoped);
    ASSERT_EQ(st.scope.occurrences.size(), 1u);
  }
  EXPECT_EQ(FormatLocation(out[0].span_at(out[0].scope.occurrences[0].location)), "app.sql:1:15");
  EXPECT_EQ(FormatLocation(out[1].span_at(out[1].scope.occurrences[0].location)), "app.sql:3:17");
}

TEST_F(ApplicationSqlTest, AnyParameterCountsAsTheTenantAndBadStatementsAreErrors) {
  ScopeCache cache;
  std::vector<Status> errors;
  const auto out = AnalyzeApplicationSql(
      Source("SELECT body FROM notes WHERE tenant_id = $2 AND id = $1;\nSELEC 1;\n"), ctx_, cache,
      &errors);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].scope.verdict, Verdict::kScoped);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(FormatLocation(*errors[0].span()), "app.sql:2:1");
}

}  // namespace
}  // namespace runwarden::analysis::scope
