#ifndef RUNWARDEN_RUNBOOK_ATTRIBUTES_H_
#define RUNWARDEN_RUNBOOK_ATTRIBUTES_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "runbook/runbook.h"

namespace runwarden::runbook {

/// A fence's info string split into its language and its attributes.
struct InfoString {
  std::string language;  ///< first word, lower-cased
  StepAttributes attrs;
};

/// Parses the raw info string of a fence line, as in
///   sql {#cutoff needs=disconnect scope=admin timeout=30s expect="rows == 0" confirm}
/// `info` starts at byte `file_offset` of `source` (for attribute spans).
/// Problems (unknown keys, bad values, broken syntax) are recorded in
/// attrs.problems; parsing itself never fails.
InfoString ParseInfoString(std::string_view info, size_t file_offset, const SourceText& source);

/// Step ids, atomic group names and references: a letter or digit, then
/// letters, digits, '_', '-' or '.'.
bool IsStepId(std::string_view id);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_ATTRIBUTES_H_
