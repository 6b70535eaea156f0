#include "analysis/lint.h"

#include <algorithm>

#include "analysis/registry.h"

namespace runwarden::analysis {

bool TargetLoaded(RuleTarget target, const RuleContext& c) {
  switch (target) {
    case RuleTarget::kRunbook:
      return c.runbook != nullptr;
    case RuleTarget::kSchema:
      return c.schema != nullptr;
    case RuleTarget::kRowLevelSecurity:
      return c.schema != nullptr && c.schema->row_level_security;
    case RuleTarget::kRunbookSchema:
      return c.runbook != nullptr && c.schema != nullptr;
    case RuleTarget::kStatementScope:
      return c.statements != nullptr && c.schema != nullptr;
    case RuleTarget::kLiveSchema:
      return c.schema != nullptr && c.schema->session_role.has_value();
    case RuleTarget::kContracts:
      return c.contracts != nullptr;
  }
  return false;
}

std::vector<Finding> RunRules(const RuleContext& context) {
  std::vector<Finding> findings;
  for (const Rule* rule : AllRules()) {
    if (!TargetLoaded(rule->info().target, context)) continue;
    Reporter reporter(rule->info(), findings);
    rule->Check(context, reporter);
  }
  SortFindings(findings);
  return findings;
}

std::vector<Finding> RunRules(const RuleContext& context, const std::vector<RuleTarget>& targets) {
  std::vector<Finding> findings;
  for (const Rule* rule : AllRules()) {
    const RuleTarget t = rule->info().target;
    if (std::find(targets.begin(), targets.end(), t) == targets.end()) continue;
    if (!TargetLoaded(t, context)) continue;
    Reporter reporter(rule->info(), findings);
    rule->Check(context, reporter);
  }
  SortFindings(findings);
  return findings;
}

}  // namespace runwarden::analysis
