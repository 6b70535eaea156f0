#ifndef RUNWARDEN_REPORT_JSON_UTIL_H_
#define RUNWARDEN_REPORT_JSON_UTIL_H_

// nlohmann::json is an implementation detail of report/: this header is
// private to the module (not included by any public header).
#include <nlohmann/json.hpp>

#include "analysis/finding.h"
#include "base/source_span.h"

namespace runwarden::report {

using Json = nlohmann::ordered_json;

/// {"path":..., "line":..., "column":..., "end_line":..., "end_column":...}
Json SpanJson(const SourceSpan& span);

/// One finding as the JSON reports use it.
Json FindingJson(const analysis::Finding& f);

/// Serialises with two-space indentation and a final newline; invalid UTF-8
/// is replaced rather than thrown on.
std::string Dump(const Json& j);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_JSON_UTIL_H_
