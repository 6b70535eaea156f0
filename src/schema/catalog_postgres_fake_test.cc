// The PostgreSQL catalog reader against scripted answers: what a real
// server cannot easily show in a test (a Citus cluster, malformed values,
// errors at a given step).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "db/fake.h"
#include "schema/catalog_postgres.h"

namespace runwarden::schema {
namespace {

using ::testing::HasSubstr;

db::QueryResult Rows(std::vector<db::Row> rows) {
  db::QueryResult r;
  r.rows = std::move(rows);
  return r;
}

// A FakeConnection that answers every catalog query, with one table
// public.orders (oid 100) and, when `citus` is set, the extension present.
// `first` scripts answers before the defaults are registered, so they win.
class ScriptedCatalog {
 public:
  explicit ScriptedCatalog(bool citus, const std::function<void(db::FakeConnection&)>& first = {}) {
    if (first) first(fake_);
    fake_.set_server_version("15.4");
    fake_.set_description({.backend = db::BackendKind::kPostgres,
                           .host = "db.internal",
                           .port = "5432",
                           .database = "app",
                           .user = "app"});
    // Each substring occurs in exactly one catalog query.
    fake_.ScriptResult("current_schemas(false)", Rows({{"{public}", "\"$user\", public"}}));
    fake_.ScriptResult("set_config('search_path'", Rows({{""}}));
    fake_.ScriptResult("WITH RECURSIVE", Rows({{"app", "f", "f", "{}", citus ? "t" : "f"}}));
    fake_.ScriptResult("FROM pg_roles r WHERE", Rows({{"app", "f", "f", "t", "t", "{}"}}));
    fake_.ScriptResult("pg_get_partkeydef",
                       Rows({{"100", "public", "orders", "r", "t", "t", "owner", std::nullopt,
                              std::nullopt, std::nullopt}}));
    fake_.ScriptResult("format_type",
                       Rows({{"100", "tenant_id", "uuid", "t", std::nullopt, "", "f"}}));
    fake_.ScriptResult("k.contype IN", Rows({}));
    fake_.ScriptResult("pg_get_indexdef", Rows({}));
    fake_.ScriptResult("FROM pg_policy", Rows({}));
    fake_.ScriptResult("pg_get_viewdef", Rows({}));
    fake_.ScriptResult("pg_enum", Rows({}));
    fake_.ScriptResult("pg_dist_partition", Rows({{"100", "tenant_id"}, {"999", "x"}}));
  }

  db::FakeConnection& fake() { return fake_; }

 private:
  db::FakeConnection fake_;
};

TEST(CatalogPostgresFakeTest, ReadsCitusDistributionColumnsWhenTheExtensionIsPresent) {
  ScriptedCatalog catalog(/*citus=*/true);
  Result<Schema> s = ReadPostgresCatalog(catalog.fake());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  const Table* orders = s->FindTable("public", "orders");
  ASSERT_TRUE(orders);
  EXPECT_EQ(orders->distribution_column, "tenant_id");
  EXPECT_EQ(s->origin, "postgres host=db.internal port=5432 dbname=app user=app");
  // BEGIN, the batch (11 statements), the Citus query (and a ROLLBACK the
  // fake does not record: it does not track a BEGIN sent as SQL).
  const auto log = catalog.fake().CallLog();
  ASSERT_EQ(log.size(), 13u);
  EXPECT_THAT(log.front(), HasSubstr("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
  EXPECT_THAT(log.front(), HasSubstr("SET LOCAL lock_timeout = 10000"));
  EXPECT_THAT(log.back(), HasSubstr("pg_dist_partition"));
}

TEST(CatalogPostgresFakeTest, SkipsCitusWithoutTheExtension) {
  ScriptedCatalog catalog(/*citus=*/false);
  Result<Schema> s = ReadPostgresCatalog(catalog.fake());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->FindTable("public", "orders")->distribution_column, "");
  for (const std::string& call : catalog.fake().CallLog()) {
    EXPECT_THAT(call, ::testing::Not(HasSubstr("pg_dist_partition")));
  }
}

TEST(CatalogPostgresFakeTest, LostConnectionIsUnavailable) {
  ScriptedCatalog catalog(/*citus=*/true, [](db::FakeConnection& fake) {
    fake.ScriptError("pg_dist_partition",
                     Unavailable("the connection to the PostgreSQL server was lost: "
                                 "server closed the connection unexpectedly"));
  });
  Result<Schema> s = ReadPostgresCatalog(catalog.fake());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kUnavailable);
  EXPECT_THAT(s.status().message(), HasSubstr("was lost while reading the catalog"));
}

TEST(CatalogPostgresFakeTest, RefusedQueryIsAnExecutionError) {
  ScriptedCatalog catalog(/*citus=*/false, [](db::FakeConnection& fake) {
    fake.ScriptError("FROM pg_policy",
                     ExecutionError("SQLSTATE 42501: permission denied for table pg_policy"));
  });
  Result<Schema> s = ReadPostgresCatalog(catalog.fake());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kExecution);
  EXPECT_THAT(s.status().message(), HasSubstr("reading the catalog of postgres host=db.internal"));
}

TEST(CatalogPostgresFakeTest, MalformedValuesAreInternalErrors) {
  ScriptedCatalog catalog(/*citus=*/false, [](db::FakeConnection& fake) {
    fake.ScriptResult("pg_enum", Rows({{"public", "mood", "{broken"}}));
  });
  Result<Schema> s = ReadPostgresCatalog(catalog.fake());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInternal);
  EXPECT_THAT(s.status().message(), HasSubstr("unexpected array value"));
}

TEST(CatalogPostgresFakeTest, OldServersAreRefused) {
  db::FakeConnection fake;
  fake.set_server_version("11.22");
  Result<Schema> s = ReadPostgresCatalog(fake);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidInput);
  EXPECT_THAT(s.status().message(), HasSubstr("PostgreSQL 11.22 is not supported"));
  EXPECT_TRUE(fake.calls().empty());
}

}  // namespace
}  // namespace runwarden::schema
