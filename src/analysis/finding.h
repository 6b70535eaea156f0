#ifndef RUNWARDEN_ANALYSIS_FINDING_H_
#define RUNWARDEN_ANALYSIS_FINDING_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/source_span.h"

namespace runwarden::analysis {

/// How much a finding matters. Errors make commands exit 1 and halt plans.
enum class Severity { kInfo, kWarning, kError };

std::string_view SeverityName(Severity severity);

/// Another place that explains a finding (the first of two duplicate ids,
/// the other end of a dependency cycle).
struct RelatedLocation {
  SourceSpan span;
  std::string message;
};

/// One thing a rule found. Plain data: reporters render it, plans carry it,
/// tests compare it. Never an error of runwarden itself.
struct Finding {
  std::string rule_id;  ///< stable kebab-case id, e.g. "sql-syntax-error"
  Severity severity = Severity::kWarning;
  SourceSpan span;
  std::string message;  ///< what is wrong, in one sentence
  std::string help;     ///< what to do about it
  /// Facts that support the finding, in a stable order (key, value).
  std::vector<std::pair<std::string, std::string>> evidence;
  std::vector<RelatedLocation> related;
};

/// Sorts by file, position, then rule id: the order reports use.
void SortFindings(std::vector<Finding>& findings);

/// Counts of findings by severity.
struct FindingCounts {
  size_t errors = 0;
  size_t warnings = 0;
  size_t infos = 0;
};
FindingCounts CountFindings(const std::vector<Finding>& findings);

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_FINDING_H_
