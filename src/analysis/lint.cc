#include "analysis/lint.h"

#include "analysis/registry.h"

namespace runwarden::analysis {

std::vector<Finding> RunRules(const RuleContext& context) {
  std::vector<Finding> findings;
  for (const Rule* rule : AllRules()) {
    if (rule->info().target == RuleTarget::kRunbook && context.runbook == nullptr) continue;
    Reporter reporter(rule->info(), findings);
    rule->Check(context, reporter);
  }
  SortFindings(findings);
  return findings;
}

}  // namespace runwarden::analysis
