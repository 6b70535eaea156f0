#ifndef RUNWARDEN_ANALYSIS_LINT_H_
#define RUNWARDEN_ANALYSIS_LINT_H_

#include <vector>

#include "analysis/finding.h"
#include "analysis/rule.h"

namespace runwarden::analysis {

/// Whether `context` holds what rules of `target` read.
bool TargetLoaded(RuleTarget target, const RuleContext& context);

/// Runs every rule whose target is loaded in `context` and returns the
/// findings sorted for reporting.
std::vector<Finding> RunRules(const RuleContext& context);

/// Runs only the rules of `targets` whose target is loaded.
std::vector<Finding> RunRules(const RuleContext& context, const std::vector<RuleTarget>& targets);

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_LINT_H_
