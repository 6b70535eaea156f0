#ifndef RUNWARDEN_REPORT_SCOPE_REPORT_H_
#define RUNWARDEN_REPORT_SCOPE_REPORT_H_

#include <string>
#include <vector>

#include "analysis/finding.h"
#include "analysis/scope/analyzed_statement.h"
#include "base/source_text.h"

namespace runwarden::report {

/// The per-statement verdicts for a terminal: a count line ("6 statements:
/// 4 passed, 2 failed") and one line per statement with its location, step,
/// kind, verdict and relations.
std::string StatementsText(const std::vector<analysis::scope::AnalyzedStatement>& statements);

/// Findings and verdicts as one JSON document: {"statements": [...],
/// "findings": [...], "summary": {...}}.
std::string ScopeJson(const std::vector<analysis::Finding>& findings,
                      const std::vector<analysis::scope::AnalyzedStatement>& statements);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_SCOPE_REPORT_H_
