#ifndef RUNWARDEN_ANALYSIS_RULES_RULES_H_
#define RUNWARDEN_ANALYSIS_RULES_RULES_H_

#include "analysis/rule.h"

namespace runwarden::analysis::rules {

// One function per rule, each defined in the file named after its id.
const Rule& DependencyCycle();
const Rule& DuplicateStepId();
const Rule& InvalidAttributeValue();
const Rule& PlaceholderInStringLiteral();
const Rule& PositionalParameter();
const Rule& SessionLevelTenantContext();
const Rule& SqlSyntaxError();
const Rule& UnbindablePlaceholder();
const Rule& UndeclaredParameter();
const Rule& UnknownAttribute();
const Rule& UnknownDependency();
const Rule& UnusedParameter();

}  // namespace runwarden::analysis::rules

#endif  // RUNWARDEN_ANALYSIS_RULES_RULES_H_
