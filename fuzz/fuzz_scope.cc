// The tenant-scope analyzer on random SQL against a fixed multi-tenant
// schema: every statement of the input is analyzed as runbook SQL ($1 is the
// tenant) and as application SQL (every parameter may be the tenant), in
// tenant and admin steps, and through the application-SQL path with its
// cache. Checks what must hold whatever the input: verdicts agree with the
// problems found, every occurrence maps to a fix slot, and a cached result
// equals a fresh one.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "analysis/scope/application_sql.h"
#include "analysis/scope/statement_scope.h"
#include "analysis/tenancy.h"
#include "schema/ddl_loader.h"
#include "sql/parser.h"

namespace {

namespace scope = runwarden::analysis::scope;
namespace sql = runwarden::sql;

constexpr char kSchema[] = R"sql(
CREATE ROLE app_user WITH LOGIN;
CREATE TABLE countries (code char(2) PRIMARY KEY, name text);
CREATE TABLE tenants (id uuid PRIMARY KEY, name text, country_code char(2) REFERENCES countries(code));
CREATE TABLE users (id uuid PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), email text,
                    UNIQUE (tenant_id, email));
CREATE TABLE projects (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id), name text);
CREATE TABLE tasks (id bigint PRIMARY KEY, project_id bigint NOT NULL REFERENCES projects(id), title text);
CREATE TABLE task_comments (id bigint PRIMARY KEY, task_id bigint NOT NULL REFERENCES tasks(id), body text);
CREATE TABLE folders (id bigint PRIMARY KEY, tenant_id uuid NOT NULL REFERENCES tenants(id),
                      parent_id bigint REFERENCES folders(id));
CREATE TABLE audit_events (id bigint PRIMARY KEY, tenant_id uuid NOT NULL, action text);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY guard ON audit_events AS RESTRICTIVE
  USING (tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);
CREATE POLICY app ON audit_events USING (true);
CREATE VIEW v_users WITH (security_invoker = true) AS SELECT id, tenant_id, email FROM users;
CREATE VIEW v_tasks AS SELECT t.id, p.tenant_id FROM tasks t JOIN projects p ON p.id = t.project_id;
CREATE VIEW v_both AS SELECT * FROM v_users u JOIN v_tasks t ON t.tenant_id = u.tenant_id;
)sql";

struct Fixture {
  std::unique_ptr<runwarden::schema::LoadedSchema> schema;
  runwarden::analysis::Tenancy tenancy;
};

const Fixture& GetFixture() {
  static const Fixture* const fixture = [] {
    auto* f = new Fixture;
    auto loaded = runwarden::schema::LoadDdlText(kSchema, "schema.sql");
    if (!loaded.ok()) std::abort();
    f->schema = std::make_unique<runwarden::schema::LoadedSchema>(std::move(*loaded));
    f->tenancy =
        runwarden::analysis::ClassifyTenancy(f->schema->schema, runwarden::config::TenantConfig());
    return f;
  }();
  return *fixture;
}

void Check(const scope::StatementScope& s, scope::StepScope step) {
  if (s.fixes.size() != s.occurrences.size()) std::abort();
  const bool problem = scope::HasProblem(s, step);
  if (problem && s.verdict != scope::Verdict::kUnscoped && s.verdict != scope::Verdict::kAdmin) {
    std::abort();
  }
  if (!problem && s.verdict == scope::Verdict::kUnscoped) std::abort();
  for (const scope::Occurrence& o : s.occurrences) {
    static_cast<void>(scope::ProblemRuleId(scope::ProblemOf(o, step)));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Fixture& f = GetFixture();
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const sql::StatementParse& st : sql::ParseStatements(text)) {
    if (!st.root) continue;
    for (scope::StepScope step : {scope::StepScope::kTenant, scope::StepScope::kAdmin}) {
      scope::ScopeContext ctx;
      ctx.schema = &f.schema->schema;
      ctx.tenancy = &f.tenancy;
      ctx.tenant.params = {1};
      ctx.step_scope = step;
      ctx.rls_applies = step == scope::StepScope::kTenant;
      Check(scope::AnalyzeStatement(st.root, ctx), step);
    }
  }
  scope::ScopeContext app;
  app.schema = &f.schema->schema;
  app.tenancy = &f.tenancy;
  app.tenant.any_param = true;
  scope::SqlSource source;
  source.file = std::make_shared<const runwarden::SourceText>("input.sql", text);
  source.sql = text;
  scope::ScopeCache cache;
  auto first = scope::AnalyzeApplicationSql(source, app, cache, nullptr);
  auto again = scope::AnalyzeApplicationSql(source, app, cache, nullptr);
  if (first.size() != again.size()) std::abort();
  for (size_t i = 0; i < first.size(); ++i) {
    if (first[i].scope.verdict != again[i].scope.verdict ||
        first[i].scope.occurrences.size() != again[i].scope.occurrences.size()) {
      std::abort();
    }
    Check(first[i].scope, scope::StepScope::kTenant);
    for (const scope::Occurrence& o : first[i].scope.occurrences) {
      if (!first[i].span_at(o.location).valid()) std::abort();
    }
  }
  return 0;
}
