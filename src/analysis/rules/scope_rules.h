#ifndef RUNWARDEN_ANALYSIS_RULES_SCOPE_RULES_H_
#define RUNWARDEN_ANALYSIS_RULES_SCOPE_RULES_H_

// What the tenant-scope rules share: each reports the occurrences whose
// problem (scope::ProblemOf) is its own, with the occurrence, its location
// and the predicate that would pin it.

#include <string>

#include "analysis/rule.h"

namespace runwarden::analysis::rules {

/// Reports every occurrence of `kind` in `ctx.statements`. `message` words
/// the finding for one occurrence.
void ReportScopeProblems(const RuleContext& ctx, Reporter& out, scope::ProblemKind kind,
                         std::string (*message)(const scope::AnalyzedStatement&,
                                                const scope::Occurrence&));

/// "sessions s" / "orders (through view open_orders)".
std::string DescribeOccurrence(const scope::Occurrence& occurrence);

}  // namespace runwarden::analysis::rules

#endif  // RUNWARDEN_ANALYSIS_RULES_SCOPE_RULES_H_
