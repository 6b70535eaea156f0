#ifndef RUNWARDEN_REPORT_FINDINGS_REPORT_H_
#define RUNWARDEN_REPORT_FINDINGS_REPORT_H_

#include <string>
#include <vector>

#include "analysis/finding.h"
#include "base/source_text.h"

namespace runwarden::report {

enum class Color { kNever, kAlways };

/// Findings for a terminal: "path:line:col: severity[rule]: message", the
/// source line with a caret under the column, the help, then a summary.
std::string FindingsText(const std::vector<analysis::Finding>& findings, const SourceSet& sources,
                         Color color);

/// Findings as one JSON document: {"findings": [...], "summary": {...}}.
std::string FindingsJson(const std::vector<analysis::Finding>& findings);

/// Findings as a SARIF 2.1.0 log with one run of tool "runwarden", listing
/// every registered rule so that code-scanning UIs can show their help.
std::string FindingsSarif(const std::vector<analysis::Finding>& findings);

/// "2 errors, 1 warning" / "no findings".
std::string SummaryLine(const std::vector<analysis::Finding>& findings);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_FINDINGS_REPORT_H_
