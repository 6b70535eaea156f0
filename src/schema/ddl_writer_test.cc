// The schema snapshot round trips: every DDL fixture of testdata/, loaded,
// written as DDL and loaded again, gives the same model (Fingerprint and
// DumpSchema); on a real PostgreSQL and on SQLite, the written DDL recreates
// the catalog it was written from.

#include "schema/ddl_writer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "db/pg_fixture_env.h"
#include "db/pg_test_env.h"
#include "db/sqlite.h"
#include "schema/catalog.h"
#include "schema/ddl_loader.h"
#include "schema/dump.h"
#include "testutil/golden.h"
#include "testutil/schema_generator.h"

namespace runwarden::schema {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// .sql files under testdata/ that are not schema DDL: the round trip does
// not apply to them.
const std::set<std::string>& NotDdl() {
  static const std::set<std::string> kNotDdl = {
      "testdata/scope/app/queries.sql",  // application queries (check-sql input)
      "testdata/scope/corpus.sql",       // statements for the scope analyzer
  };
  return kNotDdl;
}

// Every DDL fixture: each .sql file under testdata/, sorted.
std::vector<std::string> DdlFixtures() {
  std::vector<std::string> out;
  const std::filesystem::path root = testutil::SourceDir();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "testdata")) {
    if (!entry.is_regular_file() || entry.path().extension() != ".sql") continue;
    std::string relative = std::filesystem::relative(entry.path(), root).generic_string();
    if (NotDdl().count(relative) == 0) out.push_back(std::move(relative));
  }
  std::sort(out.begin(), out.end());
  return out;
}

// What the snapshot deliberately or necessarily writes differently, applied
// to the model it was written from before comparing:
//   - every role is created NOLOGIN (a replay sandbox must not accept
//     logins as the target's roles);
//   - an index on an expression whose text the model did not keep (the DDL
//     loader records such a key as "(expression)") cannot be written.
Schema AsSnapshotted(Schema s) {
  for (auto& [name, role] : s.roles) role.login = false;
  for (auto& [name, t] : s.tables) {
    std::erase_if(t.indexes, [](const Index& i) {
      return std::any_of(i.keys.begin(), i.keys.end(), [](const std::string& k) {
        return k == "(expression)" || k == "<expression>";
      });
    });
  }
  return s;
}

void ExpectRoundTrip(const Schema& source, const std::string& label) {
  const Schema expected = AsSnapshotted(source);
  const std::string ddl = WriteDdl(source, DdlDialect::kPostgres);
  Result<LoadedSchema> again = LoadDdlText(ddl, label + ".snapshot.sql");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  for (const LoadProblem& p : again->schema.load_problems) {
    ADD_FAILURE() << FormatLocation(p.span) << ": " << p.message << "\n" << ddl;
  }
  EXPECT_EQ(DumpSchema(again->schema), DumpSchema(expected)) << ddl;
  EXPECT_EQ(again->schema.Fingerprint(), expected.Fingerprint());
  // Writing the reloaded model gives the same bytes.
  again->schema.origin = source.origin;
  Schema expected_origin = expected;
  expected_origin.origin = source.origin;
  EXPECT_EQ(WriteDdl(again->schema, DdlDialect::kPostgres),
            WriteDdl(expected_origin, DdlDialect::kPostgres));
}

class DdlWriterRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DdlWriterRoundTripTest, LoadWriteLoadKeepsTheModel) {
  Result<LoadedSchema> loaded =
      LoadDdl((testutil::SourceDir() / GetParam()).string(), DiskFileReader());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ExpectRoundTrip(loaded->schema, GetParam());
}

std::string FixtureTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(std::string("testdata/").size());
  name = name.substr(0, name.size() - 4);
  for (char& c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, DdlWriterRoundTripTest, ::testing::ValuesIn(DdlFixtures()),
                         FixtureTestName);

TEST(DdlWriterTest, FindsTheFixturesNamedInTheDesign) {
  const std::vector<std::string> fixtures = DdlFixtures();
  for (const char* path :
       {"testdata/schema/saas.sql", "testdata/scope/schema.sql", "testdata/apply/support.sql",
        "testdata/contracts/billing-service/schema.sql", "testdata/live/clean.sql"}) {
    EXPECT_NE(std::find(fixtures.begin(), fixtures.end(), path), fixtures.end()) << path;
  }
  EXPECT_GT(fixtures.size(), 60u);
}

// The size of a large application's dump: about 1,000 tables.
TEST(DdlWriterTest, RoundTripsAThousandTableDump) {
  Result<LoadedSchema> loaded = LoadDdlText(testutil::GenerateDump({}), "large.sql");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  ExpectRoundTrip(loaded->schema, "large");
}

TEST(DdlWriterTest, RoundTripsWhatTheFixturesDoNotHave) {
  Result<LoadedSchema> loaded = LoadDdlText(R"(
CREATE SCHEMA "Billing";
CREATE TYPE "Billing".state AS ENUM ('new', 'it''s done');
CREATE ROLE admin SUPERUSER NOINHERIT;
CREATE ROLE app LOGIN IN ROLE readers;
CREATE TABLE "Billing"."Order" (
  "user" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  "Select" text NOT NULL DEFAULT 'a, b' COLLATE "C",
  state "Billing".state DEFAULT 'new',
  total numeric(10,2),
  doubled numeric GENERATED ALWAYS AS (total * 2) STORED,
  id serial,
  UNIQUE ("Select", state)
);
CREATE UNIQUE INDEX order_id ON "Billing"."Order" (id);
CREATE INDEX order_partial ON "Billing"."Order" ("Select", total) WHERE total > 0;
CREATE TABLE events (tenant int NOT NULL, at date NOT NULL, PRIMARY KEY (tenant, at))
  PARTITION BY LIST (tenant);
CREATE TABLE events_1 PARTITION OF events FOR VALUES IN (1, 2);
CREATE TABLE events_rest PARTITION OF events DEFAULT;
CREATE TABLE hashed (id int) PARTITION BY HASH (id);
CREATE TABLE hashed_0 PARTITION OF hashed FOR VALUES WITH (MODULUS 2, REMAINDER 0);
ALTER TABLE events ADD CONSTRAINT events_order FOREIGN KEY (tenant) REFERENCES "Billing"."Order";
ALTER TABLE events ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Guard" ON events AS RESTRICTIVE FOR UPDATE TO app, CURRENT_USER
  USING (tenant = 1 -- a comment
  ) WITH CHECK (tenant > 0);
CREATE POLICY ins ON events FOR INSERT WITH CHECK (true);
ALTER TABLE events OWNER TO owner_role;
CREATE VIEW b_view AS SELECT * FROM a_view;
CREATE VIEW a_view WITH (security_invoker = true) AS SELECT tenant FROM events;
CREATE MATERIALIZED VIEW m AS SELECT count(*) AS n FROM events;
ALTER VIEW a_view OWNER TO app;
)",
                                            "features.sql");
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  // b_view refers to a_view before it exists: the loader does not check.
  ASSERT_THAT(loaded->schema.load_problems, IsEmpty());
  const Table* events_1 = loaded->schema.FindTable("public", "events_1");
  ASSERT_TRUE(events_1);
  EXPECT_EQ(events_1->partition_bound, "FOR VALUES IN (1, 2)");
  EXPECT_EQ(loaded->schema.FindTable("public", "events_rest")->partition_bound, "DEFAULT");
  EXPECT_EQ(loaded->schema.FindTable("public", "hashed_0")->partition_bound,
            "FOR VALUES WITH (MODULUS 2, REMAINDER 0)");
  ExpectRoundTrip(loaded->schema, "features");

  const std::string ddl = WriteDdl(loaded->schema, DdlDialect::kPostgres);
  EXPECT_THAT(ddl, HasSubstr("CREATE SCHEMA IF NOT EXISTS \"Billing\";\n"));
  EXPECT_THAT(ddl, HasSubstr("CREATE TYPE \"Billing\".state AS ENUM ('new', 'it''s done');"));
  EXPECT_THAT(ddl, HasSubstr("CREATE ROLE admin NOLOGIN SUPERUSER NOINHERIT;"));
  EXPECT_THAT(ddl, HasSubstr("CREATE ROLE app NOLOGIN;"));
  EXPECT_THAT(ddl, HasSubstr("-- can log in on the source: app\n"));
  EXPECT_THAT(ddl, HasSubstr("ARRAY['owner_role', 'readers']::text[]"));
  EXPECT_THAT(ddl, HasSubstr("GRANT readers TO app;"));
  EXPECT_THAT(ddl, HasSubstr("CREATE SEQUENCE IF NOT EXISTS \"Billing\"."));
  EXPECT_THAT(ddl, HasSubstr("\"user\" bigint NOT NULL GENERATED BY DEFAULT AS IDENTITY"));
  EXPECT_THAT(ddl, HasSubstr("CREATE UNIQUE INDEX order_id ON \"Billing\".\"Order\" (id);"));
  EXPECT_THAT(ddl, Not(HasSubstr("CONSTRAINT order_id UNIQUE")));
  EXPECT_THAT(ddl, HasSubstr("ALTER TABLE ONLY public.events ATTACH PARTITION public.events_1 "
                             "FOR VALUES IN (1, 2);"));
  EXPECT_THAT(ddl, HasSubstr("CREATE POLICY \"Guard\" ON public.events AS RESTRICTIVE FOR UPDATE "
                             "TO app, CURRENT_USER"));
  EXPECT_LT(ddl.find("CREATE VIEW public.a_view"), ddl.find("CREATE VIEW public.b_view"));
}

TEST(DdlWriterTest, QuotesIdentifiersOnlyWhenNeeded) {
  EXPECT_EQ(QuoteIdent("orders"), "orders");
  EXPECT_EQ(QuoteIdent("tenant_id2"), "tenant_id2");
  EXPECT_EQ(QuoteIdent("_x$"), "_x$");
  EXPECT_EQ(QuoteIdent("Orders"), "\"Orders\"");
  EXPECT_EQ(QuoteIdent("order items"), "\"order items\"");
  EXPECT_EQ(QuoteIdent("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(QuoteIdent("2fa"), "\"2fa\"");
  EXPECT_EQ(QuoteIdent(""), "\"\"");
  EXPECT_EQ(QuoteIdent("user"), "\"user\"");
  EXPECT_EQ(QuoteIdent("order"), "\"order\"");
  EXPECT_EQ(QuoteIdent("integer"), "\"integer\"");
  EXPECT_EQ(QuoteIdent("name"), "name");  // unreserved
  EXPECT_EQ(QuoteIdent("text"), "text");
}

TEST(DdlWriterTest, IsDeterministicAndSaysWhatItIs) {
  Result<LoadedSchema> a = LoadDdlText(
      "CREATE TABLE b (id int);\nCREATE TABLE a (id int REFERENCES b);\n"
      "CREATE POLICY p ON a USING (true);\n",
      "one.sql");
  Result<LoadedSchema> b = LoadDdlText(
      "CREATE TABLE a (id int);\n\nCREATE POLICY p ON a USING (true);\n"
      "CREATE TABLE b (id int);\nALTER TABLE a ADD FOREIGN KEY (id) REFERENCES b;\n",
      "two.sql");
  ASSERT_TRUE(a.ok() && b.ok());
  b->schema.origin = a->schema.origin;
  const std::string ddl = WriteDdl(a->schema, DdlDialect::kPostgres);
  EXPECT_EQ(ddl, WriteDdl(b->schema, DdlDialect::kPostgres));
  EXPECT_EQ(ddl, WriteDdl(a->schema, DdlDialect::kPostgres));
  EXPECT_EQ(ddl.rfind("-- runwarden schema snapshot (PostgreSQL)\n-- origin: one.sql\n"
                      "-- fingerprint: " +
                          a->schema.Fingerprint() + "\n",
                      0),
            0u)
      << ddl;
  EXPECT_LT(ddl.find("CREATE TABLE public.a"), ddl.find("CREATE TABLE public.b"));
  EXPECT_LT(ddl.find("CREATE TABLE public.b"), ddl.find("FOREIGN KEY"));
  // A line break in the origin cannot end the comment.
  a->schema.origin = "x\nDROP TABLE a;";
  EXPECT_THAT(WriteDdl(a->schema, DdlDialect::kPostgres), HasSubstr("-- DROP TABLE a;\n"));
}

TEST(DdlWriterTest, SqliteLeavesOutWhatSqliteDoesNotHaveAndSaysSo) {
  Result<LoadedSchema> pg = LoadDdlText(
      "CREATE ROLE app;\nCREATE TABLE t (id int PRIMARY KEY, owner_id int REFERENCES t (id));\n"
      "ALTER TABLE t ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON t USING (true);\n",
      "pg.sql");
  ASSERT_TRUE(pg.ok());
  const std::string ddl = WriteDdl(pg->schema, DdlDialect::kSqlite);
  EXPECT_THAT(ddl, HasSubstr("-- SQLite has no schema names, row-level security on 1 tables, 1 "
                             "policies, 1 roles: left out\n"));
  EXPECT_THAT(ddl, HasSubstr("CREATE TABLE t (\n    id integer NOT NULL,\n    owner_id integer,\n"
                             "    PRIMARY KEY (id),\n    FOREIGN KEY (owner_id) REFERENCES t (id)\n"
                             ");\n"));
  EXPECT_THAT(ddl, Not(HasSubstr("POLICY")));

  Result<LoadedSchema> plain =
      LoadDdl((testutil::SourceDir() / "testdata/apply/support.sql").string(), DiskFileReader());
  ASSERT_TRUE(plain.ok());
  EXPECT_THAT(WriteDdl(plain->schema, DdlDialect::kSqlite), HasSubstr("schema names"));
}

// ---- SQLite: catalog -> snapshot -> new database -> catalog

std::unique_ptr<db::Connection> SqliteWith(const std::string& ddl) {
  auto conn = db::OpenSqlite(":memory:", db::SqliteOpenMode::kCreateIfMissing);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  if (!conn.ok()) return nullptr;
  auto applied = (*conn)->Execute(ddl);
  EXPECT_TRUE(applied.ok()) << applied.status().ToString() << "\n" << ddl;
  return std::move(conn).value();
}

TEST(DdlWriterSqliteTest, SnapshotRecreatesTheCatalog) {
  const std::string support = [] {
    std::ifstream in(testutil::SourceDir() / "testdata/apply/support.sql");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }();
  for (const std::string& source : {support, std::string(R"(
    CREATE TABLE accounts (id INTEGER PRIMARY KEY, name VARCHAR( 40 ) NOT NULL DEFAULT 'x',
                           email text UNIQUE, doubled int GENERATED ALWAYS AS (id * 2) STORED,
                           "Order" text DEFAULT (datetime('now')), untyped);
    CREATE TABLE orders (
      id integer NOT NULL, account_id INT REFERENCES accounts, code BLOB, note,
      PRIMARY KEY (code, id),
      FOREIGN KEY (note, code) REFERENCES accounts (id, name));
    CREATE INDEX orders_note ON orders (note, code) WHERE code IS NOT NULL;
    CREATE INDEX orders_lower ON orders (lower(note));
    CREATE UNIQUE INDEX orders_account ON orders (account_id);
    CREATE VIEW b AS SELECT * FROM a;
    CREATE VIEW a AS SELECT id, name FROM accounts;
  )")}) {
    auto original = SqliteWith(source);
    ASSERT_TRUE(original);
    Result<Schema> before = ReadCatalog(*original);
    ASSERT_TRUE(before.ok()) << before.status().ToString();
    const std::string ddl = WriteDdl(*before, DdlDialect::kSqlite);
    auto copy = SqliteWith(ddl);
    ASSERT_TRUE(copy);
    Result<Schema> after = ReadCatalog(*copy);
    ASSERT_TRUE(after.ok()) << after.status().ToString();
    // Index keys SQLite keeps no text for ("<expression>") cannot be written.
    EXPECT_EQ(DumpSchema(after.value()), DumpSchema(AsSnapshotted(before.value()))) << ddl;
    EXPECT_EQ(after->Fingerprint(), AsSnapshotted(before.value()).Fingerprint());
    EXPECT_THAT(ddl, Not(HasSubstr("-- SQLite has no")));
  }
}

// ---- PostgreSQL: catalog -> snapshot -> second database -> catalog

class DdlWriterPostgresTest : public db::ScratchDatabaseTest {
 protected:
  Schema Read(const std::string& dsn) {
    auto conn = db::Open(dsn);
    EXPECT_TRUE(conn.ok()) << conn.status().ToString();
    if (!conn.ok()) return Schema{};
    Result<Schema> schema = ReadCatalog(**conn);
    EXPECT_TRUE(schema.ok()) << schema.status().ToString();
    return schema.ok() ? std::move(schema).value() : Schema{};
  }

  // Loads `ddl` into a new scratch database and reads its catalog back.
  Schema LoadIntoFreshDatabase(const std::string& ddl) {
    auto copy = db::ScratchDatabase::Create(db::TestPgDsn().value());
    EXPECT_TRUE(copy.ok()) << copy.status().ToString();
    if (!copy.ok()) return Schema{};
    {
      auto conn = db::Open((*copy)->dsn());
      EXPECT_TRUE(conn.ok()) << conn.status().ToString();
      if (!conn.ok()) return Schema{};
      auto applied = (*conn)->Execute(ddl);
      EXPECT_TRUE(applied.ok()) << applied.status().ToString() << "\n" << ddl;
    }
    return Read((*copy)->dsn());
  }
};

// Roles belong to the cluster, which both databases share: they are left
// out of the comparison (the written roles exist already, so nothing shows
// whether the snapshot would create them).
Schema WithoutRoles(Schema s) {
  s.roles.clear();
  return s;
}

TEST_F(DdlWriterPostgresTest, SnapshotOfACatalogRecreatesIt) {
  auto owner = db_->CreateRole("rw_snap_owner");
  auto reader = db_->CreateRole("rw_snap_reader");
  ASSERT_TRUE(owner.ok() && reader.ok());
  auto applied = admin_->Execute(R"(
    CREATE SCHEMA "Billing";
    CREATE TYPE "Billing".mood AS ENUM ('sad', 'it''s ok');
    CREATE TABLE "Billing".accounts (id uuid PRIMARY KEY, name text NOT NULL);
    CREATE TABLE orders (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL,
      account_id uuid REFERENCES "Billing".accounts (id),
      code varchar(40) NOT NULL DEFAULT 'x',
      amount numeric(10,2),
      placed_at timestamp(3) with time zone DEFAULT now(),
      tags text[],
      feeling "Billing".mood,
      doubled integer GENERATED ALWAYS AS (2 * 21) STORED,
      seq_always integer GENERATED ALWAYS AS IDENTITY,
      seq_default bigint GENERATED BY DEFAULT AS IDENTITY,
      "Weird Col" text,
      "user" text,
      UNIQUE (tenant_id, code),
      UNIQUE (tenant_id, id)
    );
    CREATE INDEX orders_lower_code ON orders (lower(code)) WHERE tenant_id IS NOT NULL;
    CREATE UNIQUE INDEX orders_weird ON orders ("Weird Col", tenant_id);
    CREATE TABLE order_items (
      tenant_id uuid NOT NULL, order_id bigint NOT NULL, line int NOT NULL,
      PRIMARY KEY (tenant_id, order_id, line),
      CONSTRAINT items_order FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id));
    ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
    ALTER TABLE orders FORCE ROW LEVEL SECURITY;
    ALTER TABLE order_items ENABLE ROW LEVEL SECURITY;
    CREATE POLICY tenant_guard ON orders AS RESTRICTIVE FOR ALL TO )" +
                                 *reader + ", " + *owner + R"(
      USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
    CREATE POLICY read_all ON orders FOR SELECT TO CURRENT_USER USING (true);
    CREATE POLICY ins ON orders FOR INSERT WITH CHECK (code <> '');
    CREATE POLICY upd ON orders FOR UPDATE USING (feeling IN ('sad'));
    ALTER TABLE orders OWNER TO )" +
                                 *owner + R"(;
    CREATE TABLE events (tenant_id uuid NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE TABLE events_rest PARTITION OF events DEFAULT;
    CREATE TABLE event_refs (tenant_id uuid, at date);
    ALTER TABLE events ADD PRIMARY KEY (tenant_id, at);
    ALTER TABLE event_refs ADD FOREIGN KEY (tenant_id, at) REFERENCES events;
    CREATE INDEX events_at ON events (at);
    CREATE TABLE buckets (id int NOT NULL, tenant_id uuid REFERENCES "Billing".accounts (id))
      PARTITION BY HASH (id);
    CREATE TABLE buckets_0 PARTITION OF buckets FOR VALUES WITH (MODULUS 2, REMAINDER 0);
    CREATE TABLE buckets_1 PARTITION OF buckets FOR VALUES WITH (MODULUS 2, REMAINDER 1);
    CREATE VIEW order_codes WITH (security_invoker = on) AS SELECT id, code FROM orders;
    CREATE VIEW a_codes AS SELECT id FROM order_codes WHERE code <> '';
    CREATE MATERIALIZED VIEW order_count AS SELECT count(*) AS n FROM orders;
    ALTER VIEW a_codes OWNER TO )" +
                                 *reader + R"(;
    CREATE TABLE "Mixed Case" ("ID" int);
  )");
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  const Schema before = Read(db_->dsn());
  ASSERT_FALSE(before.tables.empty());
  const std::string ddl = WriteDdl(before, DdlDialect::kPostgres);
  const Schema after = LoadIntoFreshDatabase(ddl);
  EXPECT_EQ(DumpSchema(WithoutRoles(after)), DumpSchema(WithoutRoles(before))) << ddl;
  EXPECT_EQ(WithoutRoles(after).Fingerprint(), WithoutRoles(before).Fingerprint());
}

// The live fixtures (pg_dump files): the snapshot of their live catalog
// recreates it, and so does the snapshot of the offline model of the same
// file.
TEST_F(DdlWriterPostgresTest, SnapshotsOfTheLiveFixturesRecreateThem) {
  for (const std::string fixture : {"clean.sql", "holes.sql"}) {
    SCOPED_TRACE(fixture);
    auto db = db::ScratchDatabase::Create(db::TestPgDsn().value());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    ASSERT_TRUE(db::ApplyLiveFixture(**db, fixture).ok());
    const Schema live = Read((*db)->dsn());
    const Schema from_live = LoadIntoFreshDatabase(WriteDdl(live, DdlDialect::kPostgres));
    EXPECT_EQ(DumpSchema(WithoutRoles(from_live)), DumpSchema(WithoutRoles(live)));

    Result<LoadedSchema> offline = LoadDdlText(db::ReadLiveFixture(fixture), fixture);
    ASSERT_TRUE(offline.ok()) << offline.status().ToString();
    const std::string ddl = WriteDdl(offline->schema, DdlDialect::kPostgres);
    const Schema from_offline = LoadIntoFreshDatabase(ddl);
    EXPECT_EQ(DumpSchema(WithoutRoles(from_offline)),
              DumpSchema(WithoutRoles(AsSnapshotted(offline->schema))))
        << ddl;
  }
}

// The snapshot of every DDL fixture loads into a real PostgreSQL 15, except
// where the source uses what the model does not hold.
class DdlWriterPostgresLoadTest : public db::ScratchDatabaseTest,
                                  public ::testing::WithParamInterface<std::string> {};

TEST_P(DdlWriterPostgresLoadTest, SnapshotOfTheFixtureLoads) {
  Result<LoadedSchema> loaded =
      LoadDdl((testutil::SourceDir() / GetParam()).string(), DiskFileReader());
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const std::string ddl = WriteDdl(loaded->schema, DdlDialect::kPostgres);
  auto applied = admin_->Execute(ddl);
  if (GetParam() == "testdata/schema/saas.sql") {
    // A policy calls public.current_tenant(): functions are not in the model.
    ASSERT_FALSE(applied.ok());
    EXPECT_THAT(applied.status().message(),
                HasSubstr("function public.current_tenant() does not exist"));
    return;
  }
  EXPECT_TRUE(applied.ok()) << applied.status().ToString() << "\n" << ddl;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, DdlWriterPostgresLoadTest, ::testing::ValuesIn(DdlFixtures()),
                         FixtureTestName);

// Roles the snapshot creates: NOLOGIN, with the attributes the model
// records, and left alone when they exist.
TEST_F(DdlWriterPostgresTest, CreatesMissingRolesNologinAndLeavesExistingOnes) {
  const std::string suffix = db::RandomSuffix();
  const std::string bypass = "rw_snap_bypass_" + suffix;
  const std::string named = "rw_snap_named_" + suffix;
  auto existing = db_->CreateRole("rw_snap_existing");
  ASSERT_TRUE(existing.ok());
  Schema s;
  s.roles[bypass] = Role{bypass, false, true, true, false, {*existing}};
  s.roles[*existing] = Role{*existing, false, false, false, true, {}};
  Table t;
  t.name = {"public", "t"};
  t.columns.push_back({"id", "integer"});
  t.owner = named;
  s.tables[t.name] = t;
  const std::string ddl = WriteDdl(s, DdlDialect::kPostgres);
  auto applied = admin_->Execute(ddl);
  auto cleanup = [&] {
    static_cast<void>(admin_->Execute("DROP TABLE IF EXISTS t"));
    static_cast<void>(admin_->Execute("DROP ROLE IF EXISTS " + bypass));
    static_cast<void>(admin_->Execute("DROP ROLE IF EXISTS " + named));
  };
  if (!applied.ok()) cleanup();
  ASSERT_TRUE(applied.ok()) << applied.status().ToString() << "\n" << ddl;
  Schema read = Read(db_->dsn());
  cleanup();
  ASSERT_EQ(read.roles.count(bypass), 1u);
  EXPECT_FALSE(read.roles.at(bypass).login);
  EXPECT_TRUE(read.roles.at(bypass).bypass_rls);
  EXPECT_FALSE(read.roles.at(bypass).inherit);
  EXPECT_EQ(read.roles.at(bypass).member_of, std::vector<std::string>{*existing});
  EXPECT_TRUE(read.roles.at(*existing).login);  // existed: left as it was
  ASSERT_EQ(read.roles.count(named), 1u);
  EXPECT_FALSE(read.roles.at(named).login);
  EXPECT_EQ(read.FindTable("public", "t")->owner, named);
}

}  // namespace
}  // namespace runwarden::schema
