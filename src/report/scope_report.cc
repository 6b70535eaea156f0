#include "report/scope_report.h"

#include "report/json_util.h"

namespace runwarden::report {

namespace {

namespace scope = analysis::scope;

std::string Relations(const scope::AnalyzedStatement& st) {
  std::string out;
  for (const scope::Occurrence& o : st.scope.occurrences) {
    if (!out.empty()) out += ", ";
    out += o.relation;
    if (o.relation_class == scope::RelationClass::kTenantTable) {
      out += "=" + std::string(scope::PinName(o.pin));
    }
  }
  return out;
}

}  // namespace

std::string StatementsText(const std::vector<scope::AnalyzedStatement>& statements) {
  size_t failed = 0;
  for (const auto& st : statements) failed += scope::HasProblem(st.scope, st.step_scope) ? 1 : 0;
  std::string out = "Statements: " + std::to_string(statements.size()) + " checked, " +
                    std::to_string(statements.size() - failed) + " passed, " +
                    std::to_string(failed) + " failed\n";
  for (const auto& st : statements) {
    out += "  " + FormatLocation(st.span) + "  ";
    if (!st.step_id.empty()) out += st.step_id + "  ";
    out += st.scope.kind + "  " + std::string(scope::VerdictName(st.scope.verdict));
    const std::string rel = Relations(st);
    if (!rel.empty()) out += "  (" + rel + ")";
    out += "\n";
  }
  return out + "\n";
}

std::string ScopeJson(const std::vector<analysis::Finding>& findings,
                      const std::vector<scope::AnalyzedStatement>& statements) {
  Json doc;
  Json list = Json::array();
  size_t failed = 0;
  for (const auto& st : statements) {
    const bool fails = scope::HasProblem(st.scope, st.step_scope);
    failed += fails ? 1 : 0;
    Json j;
    j["location"] = SpanJson(st.span);
    if (!st.step_id.empty()) j["step"] = st.step_id;
    j["kind"] = st.scope.kind;
    j["verdict"] = std::string(scope::VerdictName(st.scope.verdict));
    j["passed"] = !fails;
    Json rels = Json::array();
    for (size_t i = 0; i < st.scope.occurrences.size(); ++i) {
      const scope::Occurrence& o = st.scope.occurrences[i];
      Json r;
      r["relation"] = o.relation;
      if (!o.alias.empty()) r["alias"] = o.alias;
      if (!o.via_view.empty()) r["via_view"] = o.via_view;
      r["class"] = std::string(scope::RelationClassName(o.relation_class));
      r["access"] = std::string(scope::AccessName(o.access));
      if (o.relation_class == scope::RelationClass::kTenantTable) {
        r["pin"] = std::string(scope::PinName(o.pin));
      }
      const std::string_view rule = scope::ProblemRuleId(scope::ProblemOf(o, st.step_scope));
      if (!rule.empty()) {
        r["rule"] = std::string(rule);
        if (i < st.scope.fixes.size()) r["fix"] = st.scope.fixes[i];
      }
      if (st.span_at) r["location"] = SpanJson(st.span_at(o.location));
      rels.push_back(r);
    }
    j["relations"] = rels;
    list.push_back(j);
  }
  doc["statements"] = list;
  doc["findings"] = FindingsArray(findings);
  const analysis::FindingCounts c = analysis::CountFindings(findings);
  doc["summary"] = {{"errors", c.errors},
                    {"warnings", c.warnings},
                    {"notes", c.infos},
                    {"statements", statements.size()},
                    {"passed", statements.size() - failed},
                    {"failed", failed}};
  return Dump(doc);
}

}  // namespace runwarden::report
