#ifndef RUNWARDEN_RUNBOOK_SHELL_STEP_H_
#define RUNWARDEN_RUNBOOK_SHELL_STEP_H_

#include <memory>

#include "runbook/markdown.h"
#include "runbook/parameter_table.h"
#include "runbook/runbook.h"

namespace runwarden::runbook {

/// Fills `step.shell` and `step.placeholders` from the script in `block`:
/// every placeholder becomes a reference to an environment variable
/// (RUNWARDEN_PARAM_<NAME>) quoted to suit where it stands, so that a value
/// is never spliced into script text and is never split or globbed.
void BuildShellStep(const MarkdownBlock& block, const std::shared_ptr<const SourceText>& source,
                    ParameterTable& params, Step& step);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_SHELL_STEP_H_
