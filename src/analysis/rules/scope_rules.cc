#include "analysis/rules/scope_rules.h"

namespace runwarden::analysis::rules {

std::string DescribeOccurrence(const scope::Occurrence& o) {
  std::string out = o.relation;
  if (!o.alias.empty()) out += " " + o.alias;
  if (!o.via_view.empty()) out += " (through view " + o.via_view + ")";
  return out;
}

void ReportScopeProblems(const RuleContext& ctx, Reporter& out, scope::ProblemKind kind,
                         std::string (*message)(const scope::AnalyzedStatement&,
                                                const scope::Occurrence&)) {
  for (const scope::AnalyzedStatement& st : *ctx.statements) {
    for (size_t i = 0; i < st.scope.occurrences.size(); ++i) {
      const scope::Occurrence& o = st.scope.occurrences[i];
      if (scope::ProblemOf(o, st.step_scope) != kind) continue;
      int64_t at = o.location;
      if (kind == scope::ProblemKind::kTenantValueNotBound && o.literal_at) at = *o.literal_at;
      if (kind == scope::ProblemKind::kOrWeakensTenantFilter && o.weakened_at) at = *o.weakened_at;
      const SourceSpan span = st.span_at ? st.span_at(at) : st.span;
      const std::string fix = i < st.scope.fixes.size() ? st.scope.fixes[i] : "";
      Finding& f = out.Report(span.valid() ? span : st.span, message(st, o), fix);
      if (!st.step_id.empty()) f.evidence.emplace_back("step", st.step_id);
      f.evidence.emplace_back("relation", DescribeOccurrence(o));
      if (o.table) f.evidence.emplace_back("table", o.table->name.ToString());
      f.evidence.emplace_back("access", std::string(scope::AccessName(o.access)));
      if (o.tenancy) {
        f.evidence.emplace_back("tenancy", std::string(TenancyKindName(o.tenancy->kind)));
      }
      f.evidence.emplace_back("verdict", std::string(scope::VerdictName(st.scope.verdict)));
    }
  }
}

}  // namespace runwarden::analysis::rules
