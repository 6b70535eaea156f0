#ifndef RUNWARDEN_RUNBOOK_STEP_IDS_H_
#define RUNWARDEN_RUNBOOK_STEP_IDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "runbook/runbook.h"

namespace runwarden::runbook {

/// A heading's slug: lower-case ASCII letters and digits joined by '-', with
/// leading section numbers ("2.", "3.1", "A.") removed so that renumbering
/// sections does not rename their steps. "section" when nothing is left.
std::string Slugify(std::string_view heading);

/// Gives every step without an explicit id one derived from its section:
/// the section's slug for its first step, then slug-2, slug-3, ... Derived
/// ids that two sections share are qualified with the parent section's slug,
/// then numbered; explicit ids are never changed and always win.
void AssignStepIds(std::vector<Step>& steps);

}  // namespace runwarden::runbook

#endif  // RUNWARDEN_RUNBOOK_STEP_IDS_H_
