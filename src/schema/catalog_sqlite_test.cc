#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/sqlite.h"
#include "schema/catalog.h"

namespace runwarden::schema {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(CatalogSqliteTest, ReadsTablesColumnsKeysAndIndexes) {
  auto conn = db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
  ASSERT_TRUE(conn.ok()) << conn.status().ToString();
  auto ddl = (*conn)->Execute(R"(
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, name VARCHAR( 40 ) NOT NULL DEFAULT 'x',
                           email text UNIQUE, doubled int GENERATED ALWAYS AS (id * 2) STORED);
    CREATE TABLE orders (
      id integer NOT NULL, account_id INT REFERENCES accounts, code BLOB, note,
      PRIMARY KEY (code, id),
      FOREIGN KEY (note, code) REFERENCES accounts (id, name));
    CREATE INDEX orders_note ON orders (lower(note), code) WHERE code IS NOT NULL;
    CREATE UNIQUE INDEX orders_account ON orders (account_id);
    CREATE VIEW account_names AS SELECT id, name FROM accounts;
  )");
  ASSERT_TRUE(ddl.ok()) << ddl.status().ToString();
  Result<Schema> s = ReadCatalog(**conn);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_THAT(s->search_path, ElementsAre("main"));
  EXPECT_FALSE(s->session_role);
  EXPECT_THAT(s->roles, IsEmpty());
  ASSERT_EQ(s->tables.size(), 2u);

  const Table* accounts = s->FindTable("", "accounts");
  ASSERT_TRUE(accounts);
  EXPECT_EQ(accounts->name, (QualifiedName{"main", "accounts"}));
  EXPECT_FALSE(accounts->rls_enabled);
  EXPECT_EQ(accounts->owner, "");
  ASSERT_EQ(accounts->columns.size(), 4u);
  EXPECT_EQ(accounts->columns[0].type, "integer");
  EXPECT_TRUE(accounts->columns[0].not_null);  // the rowid alias
  EXPECT_EQ(accounts->columns[1].type, "varchar( 40 )");
  EXPECT_TRUE(accounts->columns[1].not_null);
  EXPECT_EQ(accounts->columns[1].default_expr, "'x'");
  EXPECT_FALSE(accounts->columns[2].not_null);
  EXPECT_FALSE(accounts->columns[2].default_expr);
  EXPECT_TRUE(accounts->columns[3].generated);
  EXPECT_THAT(accounts->primary_key->columns, ElementsAre("id"));
  ASSERT_EQ(accounts->unique_keys.size(), 1u);
  EXPECT_THAT(accounts->unique_keys[0].columns, ElementsAre("email"));
  EXPECT_THAT(accounts->indexes, IsEmpty());

  const Table* orders = s->FindTable("main", "orders");
  ASSERT_TRUE(orders);
  EXPECT_EQ(orders->columns[3].type, "");
  EXPECT_TRUE(orders->columns[0].not_null);
  EXPECT_FALSE(orders->columns[2].not_null);  // a BLOB in a composite key may be NULL
  EXPECT_THAT(orders->primary_key->columns, ElementsAre("code", "id"));
  ASSERT_EQ(orders->foreign_keys.size(), 2u);
  EXPECT_THAT(orders->foreign_keys[0].columns, ElementsAre("note", "code"));
  EXPECT_THAT(orders->foreign_keys[0].referenced_columns, ElementsAre("id", "name"));
  EXPECT_EQ(orders->foreign_keys[0].referenced, (QualifiedName{"main", "accounts"}));
  EXPECT_THAT(orders->foreign_keys[1].columns, ElementsAre("account_id"));
  EXPECT_THAT(orders->foreign_keys[1].referenced_columns, IsEmpty());
  ASSERT_EQ(orders->indexes.size(), 2u);
  EXPECT_EQ(orders->indexes[0].name, "orders_account");
  EXPECT_TRUE(orders->indexes[0].unique);
  EXPECT_THAT(orders->indexes[0].keys, ElementsAre("account_id"));
  EXPECT_EQ(orders->indexes[1].name, "orders_note");
  EXPECT_THAT(orders->indexes[1].keys, ElementsAre("<expression>", "code"));
  EXPECT_EQ(orders->indexes[1].predicate, "code IS NOT NULL");

  ASSERT_EQ(s->views.size(), 1u);
  const View& view = s->views.begin()->second;
  EXPECT_EQ(view.name, (QualifiedName{"main", "account_names"}));
  EXPECT_EQ(view.definition, "SELECT id, name FROM accounts");
  EXPECT_TRUE(view.tree);
  EXPECT_EQ(s->origin, (*conn)->Describe().ToString());
}

TEST(CatalogSqliteTest, EmptyDatabase) {
  auto conn = db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
  ASSERT_TRUE(conn.ok());
  Result<Schema> s = ReadCatalog(**conn);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_TRUE(s->tables.empty());
  EXPECT_TRUE(s->views.empty());
}

}  // namespace
}  // namespace runwarden::schema
