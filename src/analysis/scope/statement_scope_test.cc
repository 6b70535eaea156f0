#include "analysis/scope/statement_scope.h"

#include <gtest/gtest.h>

#include "schema/ddl_loader.h"
#include "sql/parser.h"
#include "testutil/golden.h"

namespace runwarden::analysis::scope {
namespace {

// Statements use $1 for the run's tenant.
class StatementScopeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string text =
        testutil::ReadFileOrEmpty(testutil::SourceDir() / "testdata/scope/schema.sql");
    auto loaded = schema::LoadDdlText(text, "schema.sql");
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    loaded_ = new schema::LoadedSchema(std::move(*loaded));
    tenancy_ = new Tenancy(ClassifyTenancy(loaded_->schema, config::TenantConfig()));
  }

  static StatementScope Analyze(const std::string& sql, StepScope step = StepScope::kTenant,
                                bool rls = false) {
    auto parsed = sql::ParseStatements(sql);
    EXPECT_EQ(parsed.size(), 1u);
    EXPECT_FALSE(parsed[0].error) << parsed[0].error->message;
    ScopeContext ctx;
    ctx.schema = &loaded_->schema;
    ctx.tenancy = tenancy_;
    ctx.tenant.params = {1};
    ctx.step_scope = step;
    ctx.rls_applies = rls;
    StatementScope s = AnalyzeStatement(parsed[0].root, ctx);
    trees_.push_back(parsed[0].tree);
    return s;
  }

  // "verdict: relation=pin/problem ..." for compact expectations.
  static std::string Describe(const std::string& sql, StepScope step = StepScope::kTenant,
                              bool rls = false) {
    const StatementScope s = Analyze(sql, step, rls);
    std::string out(VerdictName(s.verdict));
    for (const Occurrence& o : s.occurrences) {
      out += " " + o.relation + "=";
      switch (o.pin) {
        case Pin::kNone:
          out += "none";
          break;
        case Pin::kTenant:
          out += "tenant";
          break;
        case Pin::kLiteral:
          out += "literal";
          break;
        case Pin::kRls:
          out += "rls";
          break;
      }
      const ProblemKind k = ProblemOf(o, step);
      if (k != ProblemKind::kNone) out += "/" + std::to_string(static_cast<int>(k));
    }
    return out;
  }

  static schema::LoadedSchema* loaded_;
  static Tenancy* tenancy_;
  static std::vector<std::shared_ptr<const sql::Tree>> trees_;
};

schema::LoadedSchema* StatementScopeTest::loaded_ = nullptr;
Tenancy* StatementScopeTest::tenancy_ = nullptr;
std::vector<std::shared_ptr<const sql::Tree>> StatementScopeTest::trees_;

constexpr int kMissing = static_cast<int>(ProblemKind::kMissingTenantFilter);
constexpr int kJoin = static_cast<int>(ProblemKind::kJoinWithoutTenantPredicate);

TEST_F(StatementScopeTest, DirectFilterPins) {
  EXPECT_EQ(Describe("SELECT * FROM users WHERE tenant_id = $1"), "scoped users=tenant");
  EXPECT_EQ(Describe("SELECT * FROM users u WHERE u.tenant_id = $1::uuid AND u.id = $2"),
            "scoped users=tenant");
  EXPECT_EQ(Describe("SELECT * FROM public.users WHERE tenant_id IN ($1)"),
            "scoped public.users=tenant");
  EXPECT_EQ(Describe("SELECT * FROM users WHERE tenant_id = ANY($1)"), "scoped users=tenant");
  EXPECT_EQ(Describe("SELECT * FROM users WHERE tenant_id = "
                     "current_setting('app.current_tenant_id')::uuid"),
            "scoped users=tenant");
}

TEST_F(StatementScopeTest, MissingFilterIsReported) {
  EXPECT_EQ(Describe("SELECT * FROM users WHERE id = $2"),
            "unscoped users=none/" + std::to_string(kMissing));
}

TEST_F(StatementScopeTest, JoinPropagatesThePin) {
  EXPECT_EQ(Describe("SELECT * FROM users u JOIN sessions s ON s.user_id = u.id AND "
                     "s.tenant_id = u.tenant_id WHERE u.tenant_id = $1"),
            "scoped users=tenant sessions=tenant");
  EXPECT_EQ(Describe("SELECT * FROM users u JOIN sessions s ON s.user_id = u.id "
                     "WHERE u.tenant_id = $1"),
            "unscoped users=tenant sessions=none/" + std::to_string(kJoin));
}

TEST_F(StatementScopeTest, ForeignKeyPathPinsIndirectTables) {
  EXPECT_EQ(Describe("SELECT c.body FROM task_comments c JOIN tasks t ON c.task_id = t.id "
                     "JOIN projects p ON t.project_id = p.id WHERE p.tenant_id = $1"),
            "scoped task_comments=tenant tasks=tenant projects=tenant");
  EXPECT_EQ(Describe("SELECT * FROM tasks WHERE project_id IN "
                     "(SELECT id FROM projects WHERE tenant_id = $1)"),
            "scoped tasks=tenant projects=tenant");
  EXPECT_EQ(Describe("SELECT * FROM tasks t WHERE EXISTS "
                     "(SELECT 1 FROM projects p WHERE p.id = t.project_id AND p.tenant_id = $1)"),
            "scoped tasks=tenant projects=tenant");
}

TEST_F(StatementScopeTest, OrPinsOnlyWhenEveryBranchPins) {
  EXPECT_EQ(Describe("SELECT * FROM documents WHERE (tenant_id = $1 AND is_public) OR "
                     "(tenant_id = $1 AND owner_id = $2)"),
            "scoped documents=tenant");
  EXPECT_EQ(Describe("SELECT * FROM documents WHERE tenant_id = $1 OR is_public"),
            "unscoped documents=none/" +
                std::to_string(static_cast<int>(ProblemKind::kOrWeakensTenantFilter)));
}

TEST_F(StatementScopeTest, LeftJoinOnConstrainsTheRightSideOnly) {
  EXPECT_EQ(Describe("SELECT * FROM users u LEFT JOIN sessions s ON s.user_id = u.id AND "
                     "s.tenant_id = $1 AND u.tenant_id = $1"),
            "unscoped users=none/" + std::to_string(kJoin) + " sessions=tenant");
  EXPECT_EQ(Describe("SELECT * FROM users u LEFT JOIN sessions s ON s.tenant_id = u.tenant_id "
                     "WHERE u.tenant_id = $1"),
            "scoped users=tenant sessions=tenant");
}

TEST_F(StatementScopeTest, CtesSubqueriesAndSetOperations) {
  EXPECT_EQ(Describe("WITH x AS (SELECT * FROM invoices WHERE tenant_id = $1) "
                     "SELECT * FROM x JOIN invoice_lines l ON l.invoice_id = x.id"),
            "scoped invoice_lines=tenant invoices=tenant");
  EXPECT_EQ(Describe("SELECT * FROM (SELECT * FROM invoices) i WHERE i.tenant_id = $1"),
            "scoped invoices=tenant");
  EXPECT_EQ(Describe("SELECT id FROM users WHERE tenant_id = $1 UNION SELECT id FROM users"),
            "unscoped users=tenant users=none/" + std::to_string(kMissing));
  EXPECT_EQ(Describe("WITH RECURSIVE tree AS (SELECT id, tenant_id FROM folders WHERE id = $2 "
                     "AND tenant_id = $1 UNION ALL SELECT f.id, f.tenant_id FROM folders f "
                     "JOIN tree ON f.parent_id = tree.id AND f.tenant_id = tree.tenant_id) "
                     "SELECT * FROM tree"),
            "scoped folders=tenant folders=tenant");
  EXPECT_EQ(Describe("SELECT u.id, (SELECT count(*) FROM sessions s WHERE s.user_id = u.id "
                     "AND s.tenant_id = u.tenant_id) FROM users u WHERE u.tenant_id = $1"),
            "scoped users=tenant sessions=tenant");
  EXPECT_EQ(Describe("SELECT * FROM users u, LATERAL (SELECT * FROM sessions s WHERE "
                     "s.tenant_id = u.tenant_id) s2 WHERE u.tenant_id = $1"),
            "scoped users=tenant sessions=tenant");
}

TEST_F(StatementScopeTest, JoinsOnAPinnedRowKeyArePushedIntoDerivedRelations) {
  EXPECT_EQ(Describe("WITH t AS (SELECT invoice_id, sum(amount_cents) FROM invoice_lines GROUP BY "
                     "invoice_id) SELECT * FROM invoices i JOIN t ON t.invoice_id = i.id WHERE "
                     "i.tenant_id = $1"),
            "scoped invoices=tenant invoice_lines=tenant");
  EXPECT_EQ(Describe("SELECT * FROM (SELECT invoice_id, count(*) OVER () FROM invoice_lines) x "
                     "JOIN invoices i ON i.id = x.invoice_id WHERE i.tenant_id = $1"),
            "unscoped invoices=tenant invoice_lines=none/" + std::to_string(kMissing));
}

TEST_F(StatementScopeTest, ViewsAreExpanded) {
  EXPECT_EQ(Describe("SELECT * FROM open_invoices WHERE tenant_id = $1"),
            "scoped public.invoices=tenant");
  EXPECT_EQ(Describe("SELECT * FROM open_invoices"),
            "unscoped public.invoices=none/" + std::to_string(kMissing));
}

TEST_F(StatementScopeTest, Writes) {
  EXPECT_EQ(Describe("UPDATE users SET name = $2 WHERE id = $3 AND tenant_id = $1"),
            "scoped users=tenant");
  EXPECT_EQ(
      Describe("DELETE FROM sessions WHERE user_id = $2"),
      "unscoped sessions=none/" + std::to_string(static_cast<int>(ProblemKind::kUnscopedDelete)));
  EXPECT_EQ(Describe("INSERT INTO incident_notes (tenant_id, ticket, note) VALUES ($1, $2, 'x')"),
            "scoped incident_notes=tenant");
  EXPECT_EQ(Describe("INSERT INTO incident_notes (tenant_id, ticket, note) VALUES ($2, $3, 'x')"),
            "unscoped incident_notes=literal/" +
                std::to_string(static_cast<int>(ProblemKind::kTenantValueNotBound)));
  EXPECT_EQ(
      Describe("TRUNCATE sessions"),
      "unscoped sessions=none/" + std::to_string(static_cast<int>(ProblemKind::kUnscopedDelete)));
  EXPECT_EQ(Describe("COPY (SELECT * FROM users WHERE tenant_id = $1) TO STDOUT"),
            "scoped users=tenant");
}

TEST_F(StatementScopeTest, RlsAdminAndNotApplicable) {
  EXPECT_EQ(Describe("SELECT * FROM audit_events", StepScope::kTenant, true),
            "relies-on-rls audit_events=rls");
  EXPECT_EQ(Describe("SELECT * FROM pg_stat_activity", StepScope::kAdmin),
            "admin pg_stat_activity=none");
  EXPECT_EQ(Describe("SELECT * FROM countries"), "not-applicable countries=none");
  EXPECT_EQ(Describe("SELECT set_config('app.current_tenant_id', $1, true)"), "not-applicable");
}

}  // namespace
}  // namespace runwarden::analysis::scope
