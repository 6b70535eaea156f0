#ifndef RUNWARDEN_RUNBOOK_FRONT_MATTER_H_
#define RUNWARDEN_RUNBOOK_FRONT_MATTER_H_

#include <string_view>
#include <vector>

#include "base/result.h"
#include "runbook/runbook.h"

namespace runwarden::runbook {

/// What the YAML front matter of a runbook declares.
struct FrontMatter {
  Metadata meta;
  TenantSettings tenant;
  std::vector<Parameter> parameters;
  std::vector<FrontMatterProblem> problems;  ///< unknown keys: reported, not fatal
};

/// Parses the YAML between the `---` lines. `yaml` starts at byte
/// `file_offset` of `source` (used for locations). Malformed YAML, an unknown
/// parameter type, an invalid default or pattern, or an unknown severity are
/// errors with the location in the file.
Result<FrontMatter> ParseFrontMatter(std::string_view yaml, size_t file_offset,
                                     const SourceText& source);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_FRONT_MATTER_H_
