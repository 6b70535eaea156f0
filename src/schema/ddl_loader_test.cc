#include "schema/ddl_loader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "schema/dump.h"
#include "testutil/golden.h"
#include "testutil/schema_generator.h"

namespace runwarden::schema {
namespace {

LoadedSchema MustLoad(const std::string& sql) {
  auto r = LoadDdlText(sql, "schema.sql");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(*r) : LoadedSchema{};
}

std::string Stats(const LoadedSchema& l) {
  std::string out = "files " + std::to_string(l.stats.files) + ", statements " +
                    std::to_string(l.stats.statements) + ", applied " +
                    std::to_string(l.stats.applied) + ", skipped " +
                    std::to_string(l.stats.skipped_total()) + "\n";
  for (const auto& [kind, n] : l.stats.skipped)
    out += "  skipped " + kind + ": " + std::to_string(n) + "\n";
  for (const auto& p : l.schema.load_problems) {
    out += "  problem " + FormatLocation(p.span) + ": " + p.message + "\n";
  }
  return out;
}

TEST(DdlLoaderTest, LoadsAPgDumpGolden) {
  auto r = LoadDdl((testutil::SourceDir() / "testdata/schema/saas.sql").string(), DiskFileReader());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  r->schema.origin.clear();
  std::string text = Stats(*r);
  // Paths in problems are absolute here; the golden keeps them relative.
  testutil::ExpectGolden("testdata/schema/saas.model.txt", DumpSchema(r->schema) + "\n" + text);
  EXPECT_TRUE(r->schema.load_problems.empty());
}

TEST(DdlLoaderTest, ColumnsConstraintsAndTypes) {
  LoadedSchema l = MustLoad(R"(
CREATE TABLE orders (
  id bigserial PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  total numeric(10, 2) DEFAULT 0 NOT NULL,
  note varchar(40) COLLATE "C",
  tags text[],
  placed_at timestamptz DEFAULT now(),
  total_x2 numeric GENERATED ALWAYS AS (total * 2) STORED,
  UNIQUE (tenant_id, id)
);
CREATE TABLE tenants (id uuid PRIMARY KEY);
)");
  const Table* t = l.schema.FindTable("public", "orders");
  ASSERT_NE(t, nullptr);
  ASSERT_EQ(t->columns.size(), 7u);
  EXPECT_EQ(t->columns[0].type, "bigint");
  EXPECT_TRUE(t->columns[0].not_null);
  EXPECT_EQ(t->columns[0].default_expr, "nextval('orders_id_seq'::regclass)");
  EXPECT_EQ(t->columns[2].type, "numeric(10,2)");
  EXPECT_EQ(t->columns[2].default_expr, "0");
  EXPECT_TRUE(t->columns[2].not_null);
  EXPECT_EQ(t->columns[3].type, "character varying(40)");
  EXPECT_FALSE(t->columns[3].not_null);
  EXPECT_EQ(t->columns[4].type, "text[]");
  EXPECT_EQ(t->columns[5].type, "timestamp with time zone");
  EXPECT_EQ(t->columns[5].default_expr, "now()");
  EXPECT_TRUE(t->columns[6].generated);
  ASSERT_TRUE(t->primary_key);
  EXPECT_EQ(t->primary_key->columns, (std::vector<std::string>{"id"}));
  ASSERT_EQ(t->foreign_keys.size(), 1u);
  EXPECT_EQ(t->foreign_keys[0].referenced.ToString(), "public.tenants");
  EXPECT_EQ(t->unique_keys.size(), 1u);
  EXPECT_EQ(FormatLocation(t->columns[1].span), "schema.sql:4:3");
}

TEST(DdlLoaderTest, AlterTableVariants) {
  LoadedSchema l = MustLoad(R"(
CREATE TABLE t (a int, b text, c int);
ALTER TABLE t ADD COLUMN d uuid NOT NULL, DROP COLUMN c;
ALTER TABLE t ALTER COLUMN a SET NOT NULL, ALTER COLUMN a TYPE bigint;
ALTER TABLE t RENAME COLUMN b TO body;
ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY (a);
ALTER TABLE t ENABLE ROW LEVEL SECURITY;
ALTER TABLE t FORCE ROW LEVEL SECURITY;
ALTER TABLE t NO FORCE ROW LEVEL SECURITY;
ALTER TABLE t OWNER TO app;
ALTER TABLE t RENAME TO things;
ALTER TABLE IF EXISTS missing ADD COLUMN x int;
ALTER TABLE things DROP CONSTRAINT t_pkey;
ALTER TABLE things ALTER COLUMN d DROP NOT NULL;
)");
  const Table* t = l.schema.FindTable("public", "things");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(l.schema.FindTable("public", "t"), nullptr);
  ASSERT_EQ(t->columns.size(), 3u);
  EXPECT_EQ(t->columns[0].type, "bigint");
  EXPECT_TRUE(t->columns[0].not_null);
  EXPECT_EQ(t->columns[1].name, "body");
  EXPECT_EQ(t->columns[2].name, "d");
  EXPECT_FALSE(t->columns[2].not_null);
  EXPECT_FALSE(t->primary_key);
  EXPECT_TRUE(t->rls_enabled);
  EXPECT_FALSE(t->rls_forced);
  EXPECT_EQ(t->owner, "app");
  EXPECT_TRUE(l.schema.load_problems.empty()) << Stats(l);
}

TEST(DdlLoaderTest, PoliciesKeepTextAndTree) {
  LoadedSchema l = MustLoad(R"(
CREATE TABLE t (tenant_id uuid NOT NULL);
CREATE POLICY guard ON t AS RESTRICTIVE FOR UPDATE TO app, admin
  USING (tenant_id = current_setting('app.tenant')::uuid)
  WITH CHECK ((tenant_id IS NOT NULL));
CREATE POLICY everyone ON t USING (true);
CREATE POLICY gone ON t USING (false);
DROP POLICY gone ON t;
ALTER POLICY everyone ON t TO app USING (tenant_id IS NULL);
)");
  const Table* t = l.schema.FindTable("public", "t");
  ASSERT_EQ(t->policies.size(), 2u);
  const Policy& g = t->policies[0];
  EXPECT_EQ(g.command, PolicyCommand::kUpdate);
  EXPECT_FALSE(g.permissive);
  EXPECT_EQ(g.roles, (std::vector<std::string>{"app", "admin"}));
  ASSERT_TRUE(g.using_expr);
  EXPECT_EQ(g.using_expr->text, "tenant_id = current_setting('app.tenant')::uuid");
  EXPECT_EQ(g.using_expr->tree.tag(), "A_Expr");
  EXPECT_EQ(FormatLocation(g.using_expr->span), "schema.sql:4:10");
  ASSERT_TRUE(g.check_expr);
  EXPECT_EQ(g.check_expr->text, "(tenant_id IS NOT NULL)");
  const Policy& e = t->policies[1];
  EXPECT_TRUE(e.permissive);
  EXPECT_EQ(e.roles, (std::vector<std::string>{"app"}));
  EXPECT_EQ(e.using_expr->text, "tenant_id IS NULL");
}

TEST(DdlLoaderTest, PartitionsViewsEnumsRoles) {
  LoadedSchema l = MustLoad(R"(
CREATE SCHEMA app;
SET search_path TO app, public;
CREATE TABLE events (tenant_id uuid NOT NULL, at date NOT NULL) PARTITION BY LIST (tenant_id);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('7d0b8f5e-6c2a-4c55-9a0e-2f4d1a9c0b11');
CREATE TYPE mood AS ENUM ('ok', 'meh');
ALTER TYPE mood ADD VALUE 'bad';
CREATE VIEW v WITH (security_invoker = true) AS SELECT * FROM events;
CREATE VIEW w AS SELECT 1 AS one;
ALTER VIEW w SET (security_invoker = on);
CREATE MATERIALIZED VIEW mv AS SELECT tenant_id FROM events;
CREATE ROLE app_user LOGIN IN ROLE readers;
GRANT writers TO app_user;
)");
  const Table* parent = l.schema.FindTable("app", "events");
  ASSERT_NE(parent, nullptr);
  EXPECT_EQ(parent->kind, TableKind::kPartitioned);
  EXPECT_EQ(parent->partition_by, "LIST (tenant_id)");
  ASSERT_EQ(parent->partitions.size(), 1u);
  const Table* child = l.schema.FindTable("app", "events_a");
  ASSERT_NE(child, nullptr);
  EXPECT_EQ(child->columns.size(), 2u);
  EXPECT_EQ(child->partition_of->ToString(), "app.events");
  EXPECT_EQ(child->partition_bound, "FOR VALUES IN ('7d0b8f5e-6c2a-4c55-9a0e-2f4d1a9c0b11')");
  EXPECT_EQ(l.schema.enums.at({"app", "mood"}).values,
            (std::vector<std::string>{"ok", "meh", "bad"}));
  EXPECT_TRUE(l.schema.views.at({"app", "v"}).security_invoker);
  EXPECT_EQ(l.schema.views.at({"app", "v"}).definition, "SELECT * FROM events");
  EXPECT_EQ(l.schema.views.at({"app", "v"}).tree.tag(), "SelectStmt");
  EXPECT_TRUE(l.schema.views.at({"app", "w"}).security_invoker);
  EXPECT_TRUE(l.schema.views.at({"app", "mv"}).materialized);
  EXPECT_EQ(l.schema.roles.at("app_user").member_of,
            (std::vector<std::string>{"readers", "writers"}));
  EXPECT_TRUE(l.schema.roles.at("app_user").login);
}

TEST(DdlLoaderTest, PartitionBoundsAsWritten) {
  LoadedSchema l = MustLoad(R"(
CREATE TABLE m (at date NOT NULL, DEFAULT_x int DEFAULT 1) PARTITION BY RANGE (at);
CREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM ('2026-01-01') TO ( '2027-01-01' );
CREATE TABLE m_rest (at date NOT NULL, DEFAULT_x int DEFAULT 1);
ALTER TABLE ONLY m ATTACH PARTITION m_rest DEFAULT;
CREATE TABLE h (id int) PARTITION BY HASH (id);
CREATE TABLE h_0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE h_1 (id int);
ALTER TABLE h ATTACH PARTITION h_1 FOR VALUES WITH (MODULUS 2, REMAINDER 1);
ALTER TABLE h DETACH PARTITION h_1;
)");
  EXPECT_EQ(l.schema.FindTable("public", "m_2026")->partition_bound,
            "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')");
  EXPECT_EQ(l.schema.FindTable("public", "m_rest")->partition_bound, "DEFAULT");
  EXPECT_EQ(l.schema.FindTable("public", "h_0")->partition_bound,
            "FOR VALUES WITH (MODULUS 2, REMAINDER 0)");
  EXPECT_EQ(l.schema.FindTable("public", "h_1")->partition_bound, "");
  EXPECT_FALSE(l.schema.FindTable("public", "h_1")->partition_of);
  EXPECT_EQ(l.schema.FindTable("public", "m")->partition_bound, "");
}

// The usual way for a migration to create a role only when it is missing.
TEST(DdlLoaderTest, ReadsCreateRoleInsideADoBlock) {
  LoadedSchema l = MustLoad(R"(
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'app') THEN
    create role app LOGIN BYPASSRLS; -- 'CREATE ROLE' in a comment is not read
  END IF;
  RAISE NOTICE 'CREATE ROLE ignored';
  EXECUTE format('CREATE ROLE %I', 'dynamic');
END $$;
DO LANGUAGE plpgsql $body$ BEGIN CREATE ROLE "Ops" NOINHERIT; END $body$;
DO $$ BEGIN PERFORM 1; END $$;
)");
  EXPECT_EQ(l.schema.roles.size(), 2u);
  ASSERT_EQ(l.schema.roles.count("app"), 1u);
  EXPECT_TRUE(l.schema.roles.at("app").login);
  EXPECT_TRUE(l.schema.roles.at("app").bypass_rls);
  ASSERT_EQ(l.schema.roles.count("Ops"), 1u);
  EXPECT_FALSE(l.schema.roles.at("Ops").inherit);
  EXPECT_EQ(l.stats.applied, 2u);
  EXPECT_EQ(l.stats.skipped.at("DO"), 1u);
  EXPECT_TRUE(l.schema.load_problems.empty());
}

TEST(DdlLoaderTest, QuotesMixedCaseTypeAndSequenceNamesAsPostgresDoes) {
  LoadedSchema l = MustLoad(
      "CREATE SCHEMA \"App\";\nCREATE TYPE \"App\".\"Mood\" AS ENUM ('ok');\n"
      "CREATE TABLE \"App\".\"Things\" (id serial, m \"App\".\"Mood\", n app.mood);\n");
  const Table* t = l.schema.FindTable("App", "Things");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->columns[0].default_expr, "nextval('\"App\".\"Things_id_seq\"'::regclass)");
  EXPECT_EQ(t->columns[1].type, "\"App\".\"Mood\"");
  EXPECT_EQ(t->columns[2].type, "app.mood");
}

TEST(DdlLoaderTest, BadStatementsAreProblemsAndLoadingGoesOn) {
  LoadedSchema l = MustLoad(
      "CREATE TABLE a (id int);\nCREATE TABEL b (id int);\nCREATE TABLE c (id int);\n"
      "ALTER TABLE nope ENABLE ROW LEVEL SECURITY;\nCREATE POLICY p ON nope USING (true);\n");
  EXPECT_NE(l.schema.FindTable("public", "a"), nullptr);
  EXPECT_NE(l.schema.FindTable("public", "c"), nullptr);
  ASSERT_EQ(l.schema.load_problems.size(), 3u);
  EXPECT_EQ(l.schema.load_problems[0].kind, LoadProblem::Kind::kSyntax);
  EXPECT_EQ(FormatLocation(l.schema.load_problems[0].span), "schema.sql:2:8");
  EXPECT_EQ(l.schema.load_problems[1].kind, LoadProblem::Kind::kNotApplied);
  EXPECT_EQ(l.schema.load_problems[1].message, "ALTER TABLE public.nope: table is not defined");
}

TEST(DdlLoaderTest, SkipsAndCountsWhatItDoesNotModel) {
  LoadedSchema l = MustLoad(
      "SET lock_timeout = 0;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
      "GRANT SELECT ON t TO x;\nCOMMENT ON TABLE t IS 'x';\n\\connect app\n");
  EXPECT_EQ(l.stats.applied, 0u);
  EXPECT_EQ(l.stats.skipped.at("CREATE FUNCTION"), 1u);
  EXPECT_EQ(l.stats.skipped.at("GRANT"), 1u);
  EXPECT_EQ(l.stats.skipped.at("psql meta-command"), 1u);
  EXPECT_TRUE(l.schema.load_problems.empty());
}

// pg_dump changes a sequence's owner with ALTER TABLE, not ALTER SEQUENCE.
TEST(DdlLoaderTest, AlterTableOnASequenceIsSkippedNotAProblem) {
  LoadedSchema l = MustLoad(
      "CREATE SEQUENCE public.orders_id_seq START WITH 1;\n"
      "ALTER TABLE public.orders_id_seq OWNER TO app_owner;\n"
      "ALTER TABLE public.missing_seq OWNER TO app_owner;\n");
  EXPECT_EQ(l.stats.skipped.at("CREATE SEQUENCE"), 1u);
  EXPECT_EQ(l.stats.skipped.at("ALTER TABLE"), 1u);
  ASSERT_EQ(l.schema.load_problems.size(), 1u);
  EXPECT_EQ(l.schema.load_problems[0].message,
            "ALTER TABLE public.missing_seq: table is not defined");
}

TEST(DdlLoaderTest, FingerprintIsIndependentOfStatementOrder) {
  LoadedSchema a = MustLoad(
      "CREATE TABLE x (id int);\nCREATE TABLE y (id int);\nALTER TABLE x ENABLE ROW LEVEL "
      "SECURITY;");
  LoadedSchema b = MustLoad(
      "CREATE TABLE y (id int);\n\n\nCREATE TABLE x (id int);\nALTER TABLE x ENABLE ROW LEVEL "
      "SECURITY;");
  EXPECT_EQ(a.schema.Fingerprint(), b.schema.Fingerprint());
  LoadedSchema c = MustLoad("CREATE TABLE y (id int);\nCREATE TABLE x (id int);");
  EXPECT_NE(a.schema.Fingerprint(), c.schema.Fingerprint());
}

TEST(DdlLoaderTest, MigrationsFolderInLexicalOrderWithoutDownFiles) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("rw_migrations_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir / "20260102_add_notes");
  std::ofstream(dir / "0002_rls.sql") << "ALTER TABLE orders ENABLE ROW LEVEL SECURITY;\n";
  std::ofstream(dir / "0001_init.sql") << "CREATE TABLE orders (id int, tenant_id uuid);\n";
  std::ofstream(dir / "20260102_add_notes" / "up.sql") << "CREATE TABLE notes (id int);\n";
  std::ofstream(dir / "20260102_add_notes" / "down.sql") << "DROP TABLE orders;\n";
  auto r = LoadDdl(dir.string(), DiskFileReader());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stats.files, 3u);
  ASSERT_NE(r->schema.FindTable("public", "orders"), nullptr);
  EXPECT_TRUE(r->schema.FindTable("public", "orders")->rls_enabled);
  EXPECT_NE(r->schema.FindTable("public", "notes"), nullptr);
}

TEST(DdlLoaderTest, UnreadableInputIsAnError) {
  EXPECT_FALSE(LoadDdl("/nonexistent/schema.sql", DiskFileReader()).ok());
  auto bad = LoadDdlText("CREATE TABLE caf\xE9 (id int);", "latin1.sql");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "file is not valid UTF-8");
  EXPECT_EQ(FormatLocation(*bad.status().span()), "latin1.sql:1:17");
}

// The size of a large application's dump: about 1,000 tables, 2.7 MB.
TEST(DdlLoaderTest, LoadsAThousandTableDump) {
  const std::string dump = testutil::GenerateDump({});
  EXPECT_GT(dump.size(), 2'000'000u);
  auto r = LoadDdlText(dump, "large.sql");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->schema.tables.size(), 1001u);
  EXPECT_TRUE(r->schema.load_problems.empty());
  const Table* t = r->schema.FindTable("public", "t999");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->foreign_keys.size(), t->FindColumn("tenant_id") ? 2u : 1u);
  testutil::ExpectGolden("testdata/schema/large.stats.txt", "bytes " + std::to_string(dump.size()) +
                                                                "\n" + Stats(*r) + "fingerprint " +
                                                                r->schema.Fingerprint() + "\n");
}

}  // namespace
}  // namespace runwarden::schema
