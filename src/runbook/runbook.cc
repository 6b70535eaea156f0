#include "runbook/runbook.h"

#include <algorithm>

#include "base/text.h"

namespace runwarden::runbook {

SourceSpan Statement::SpanAt(int64_t location) const {
  if (!map) return span;
  const int64_t at = std::max<int64_t>(0, location + location_offset);
  const size_t rel = static_cast<size_t>(at);
  return map->Span(rel, rel);
}

std::string Step::SectionTitle() const {
  std::string out;
  for (const auto& part : section_path) {
    if (!out.empty()) out += " > ";
    out += part;
  }
  return out;
}

const Parameter* Runbook::FindParameter(std::string_view name) const {
  for (const Parameter& p : parameters) {
    if (EqualsIgnoreCase(p.name, name)) return &p;
  }
  return nullptr;
}

const Parameter* Runbook::TenantParameter() const {
  return FindParameter(tenant.parameter.empty() ? "tenant_id" : tenant.parameter);
}

const Step* Runbook::FindStep(std::string_view id) const {
  for (const Step& s : steps) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kSql:
      return "sql";
    case StepKind::kShell:
      return "shell";
    case StepKind::kManual:
      return "manual";
  }
  return "manual";
}

std::string_view ScopeName(Scope scope) {
  switch (scope) {
    case Scope::kTenant:
      return "tenant";
    case Scope::kAdmin:
      return "admin";
    case Scope::kGlobal:
      return "global";
  }
  return "tenant";
}

std::string_view PlaceholderContextName(PlaceholderContext context) {
  switch (context) {
    case PlaceholderContext::kSqlExpression:
      return "bind";
    case PlaceholderContext::kSqlStringLiteral:
      return "string-literal";
    case PlaceholderContext::kSqlDollarQuoted:
      return "dollar-quoted";
    case PlaceholderContext::kSqlQuotedIdentifier:
      return "quoted-identifier";
    case PlaceholderContext::kSqlIdentifier:
      return "identifier";
    case PlaceholderContext::kSqlComment:
      return "comment";
    case PlaceholderContext::kShell:
      return "env";
    case PlaceholderContext::kShellComment:
      return "comment";
    case PlaceholderContext::kShellQuotedHeredoc:
      return "quoted-heredoc";
    case PlaceholderContext::kText:
      return "text";
  }
  return "text";
}

}  // namespace runwarden::runbook
