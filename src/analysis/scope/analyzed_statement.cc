#include "analysis/scope/analyzed_statement.h"

#include "base/text.h"

namespace runwarden::analysis::scope {

StepScope StepScopeOf(runbook::Scope scope) {
  switch (scope) {
    case runbook::Scope::kAdmin:
      return StepScope::kAdmin;
    case runbook::Scope::kGlobal:
      return StepScope::kGlobal;
    case runbook::Scope::kTenant:
      break;
  }
  return StepScope::kTenant;
}

std::vector<AnalyzedStatement> AnalyzeRunbook(const runbook::Runbook& runbook,
                                              const schema::Schema& schema, const Tenancy& tenancy,
                                              const AnalysisOptions& options) {
  std::vector<AnalyzedStatement> out;
  const runbook::Parameter* tenant_param = runbook.TenantParameter();
  for (const runbook::Step& step : runbook.steps) {
    if (step.kind != runbook::StepKind::kSql) continue;
    for (const runbook::Statement& st : step.statements) {
      if (!st.tree) continue;
      ScopeContext ctx;
      ctx.schema = &schema;
      ctx.tenancy = &tenancy;
      ctx.step_scope = StepScopeOf(step.attrs.scope);
      ctx.tenant.setting = runbook.tenant.context_setting;
      ctx.tenant.param_names = st.bind_params;
      if (tenant_param) {
        ctx.tenant.display = "<" + tenant_param->name + ">";
        for (size_t i = 0; i < st.bind_params.size(); ++i) {
          if (EqualsIgnoreCase(st.bind_params[i], tenant_param->name)) {
            ctx.tenant.params.push_back(static_cast<int>(i) + 1);
          }
        }
      } else {
        ctx.tenant.display = "current_setting('" + runbook.tenant.context_setting + "')";
      }
      // runwarden sets the tenant context in the transaction of every
      // tenant step when the runbook has a tenant parameter.
      ctx.rls_applies = options.role_cannot_bypass_rls && tenant_param != nullptr;
      AnalyzedStatement a;
      a.step_id = step.id;
      a.step_scope = ctx.step_scope;
      a.span = st.span;
      const runbook::Statement* sp = &st;
      a.span_at = [sp](int64_t location) { return sp->SpanAt(location); };
      a.scope = AnalyzeStatement(st.tree, ctx);
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace runwarden::analysis::scope
