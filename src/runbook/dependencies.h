#ifndef RUNWARDEN_RUNBOOK_DEPENDENCIES_H_
#define RUNWARDEN_RUNBOOK_DEPENDENCIES_H_

#include <cstddef>
#include <vector>

#include "runbook/runbook.h"

namespace runwarden::runbook {

/// The steps each step needs (indices into Runbook::steps), from needs=
/// references that resolve; unknown ids are left out.
std::vector<std::vector<size_t>> NeedsGraph(const Runbook& runbook);

/// Groups of steps that need each other in a cycle, each group sorted in
/// document order, groups ordered by their first step. A step that needs
/// itself is a group of one.
std::vector<std::vector<size_t>> FindDependencyCycles(const Runbook& runbook);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_DEPENDENCIES_H_
