#ifndef RUNWARDEN_REPORT_JSON_UTIL_H_
#define RUNWARDEN_REPORT_JSON_UTIL_H_

// nlohmann::json is an implementation detail of report/: this header is
// private to the module (not included by any public header).
#include <nlohmann/json.hpp>

#include "analysis/finding.h"
#include "analysis/suppression.h"
#include "base/source_span.h"

namespace runwarden::report {

using Json = nlohmann::ordered_json;

/// {"path":..., "line":..., "column":..., "end_line":..., "end_column":...}
Json SpanJson(const SourceSpan& span);

/// One finding as the JSON reports use it.
Json FindingJson(const analysis::Finding& f);

/// Findings as a JSON array, and findings the configuration accepted, each
/// with "suppressed_because": the "diagnostics" and "suppressed" of reports.
Json FindingsArray(const std::vector<analysis::Finding>& findings);
Json SuppressedArray(const std::vector<analysis::Suppressed>& suppressed);

/// Serialises with two-space indentation and a final newline; invalid UTF-8
/// is replaced rather than thrown on.
std::string Dump(const Json& j);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_JSON_UTIL_H_
