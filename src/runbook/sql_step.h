#ifndef RUNWARDEN_RUNBOOK_SQL_STEP_H_
#define RUNWARDEN_RUNBOOK_SQL_STEP_H_

#include <memory>

#include "runbook/markdown.h"
#include "runbook/parameter_table.h"
#include "runbook/runbook.h"

namespace runwarden::runbook {

/// Fills `step.statements` and `step.placeholders` from the SQL in `block`:
/// splits it into statements, replaces placeholders by per-statement bind
/// parameters (splitting string literals that contain one), parses every
/// statement with the PostgreSQL grammar and maps every position back to the
/// Markdown file.
void BuildSqlStep(const MarkdownBlock& block, const std::shared_ptr<const SourceText>& source,
                  ParameterTable& params, Step& step);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_SQL_STEP_H_
