#ifndef RUNWARDEN_REPORT_STEPS_REPORT_H_
#define RUNWARDEN_REPORT_STEPS_REPORT_H_

#include <string>

#include "runbook/runbook.h"

namespace runwarden::report {

/// The runbook's parameters and steps for a terminal: id, kind, section,
/// location, attributes, statements with their binds, scripts with their
/// environment, manual text.
std::string StepsText(const runbook::Runbook& runbook);

/// The same as JSON, for tools.
std::string StepsJson(const runbook::Runbook& runbook);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_STEPS_REPORT_H_
