#ifndef RUNWARDEN_ANALYSIS_REGISTRY_H_
#define RUNWARDEN_ANALYSIS_REGISTRY_H_

#include <string_view>
#include <vector>

#include "analysis/rule.h"

namespace runwarden::analysis {

/// Every rule, sorted by id. The table lives in registry.cc.
const std::vector<const Rule*>& AllRules();

/// The rule with `id`, or nullptr.
const Rule* FindRule(std::string_view id);

}  // namespace runwarden::analysis

#endif  // RUNWARDEN_ANALYSIS_REGISTRY_H_
