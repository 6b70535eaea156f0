#include "analysis/finding.h"

#include <algorithm>
#include <tuple>

namespace runwarden::analysis {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "info";
}

void SortFindings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.span.path, a.span.begin.line, a.span.begin.column, a.rule_id) <
           std::tie(b.span.path, b.span.begin.line, b.span.begin.column, b.rule_id);
  });
}

FindingCounts CountFindings(const std::vector<Finding>& findings) {
  FindingCounts c;
  for (const Finding& f : findings) {
    switch (f.severity) {
      case Severity::kError:
        ++c.errors;
        break;
      case Severity::kWarning:
        ++c.warnings;
        break;
      case Severity::kInfo:
        ++c.infos;
        break;
    }
  }
  return c;
}

}  // namespace runwarden::analysis
