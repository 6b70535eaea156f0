#ifndef RUNWARDEN_REPORT_PLAN_REPORT_H_
#define RUNWARDEN_REPORT_PLAN_REPORT_H_

#include <string>

#include "base/source_text.h"
#include "plan/plan.h"
#include "report/findings_report.h"

namespace runwarden::report {

/// The plan as the decision tree an operator reads on a terminal: what the
/// plan is for, each phase (runbook, schema, contracts, isolation, dry run,
/// transaction plan) with its status, the steps in order with their
/// statements and binds, what a failure leaves behind, ordering hazards,
/// the gates, the findings, and the decision with its remediation.
std::string PlanText(const plan::Plan& plan, const std::string& hash, const SourceSet& sources,
                     Color color);

/// The decision tree as JSON: {"runbook_id", "plan_hash", "execution_phase":
/// [{"phase", "action", "status", "findings": [...]}], "hazards",
/// "final_status", "remediation"}.
std::string PlanJson(const plan::Plan& plan, const std::string& hash);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_PLAN_REPORT_H_
