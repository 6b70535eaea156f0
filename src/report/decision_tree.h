#ifndef RUNWARDEN_REPORT_DECISION_TREE_H_
#define RUNWARDEN_REPORT_DECISION_TREE_H_

#include <string>

#include "audit/reader.h"
#include "audit/run_tree.h"

namespace runwarden::report {

/// The decision tree of a run, from its audit log, as JSON:
///
///   {"runbook_id", "timestamp" (the run-start time), "plan_hash",
///    "execution_phase": [{"step": 1, "action", "status", "findings"}, ...],
///    "final_status", "remediation": {"required_changes", "changes":
///    [{"change", "at"}]} (only when there is remediation), "message" and
///    "failed_step" (when set), "audit_log": {"path", "intact", "records",
///    "head", "first_bad_line", "problem"}}
///
/// Entries come in this order: one per phase record (a halted phase also
/// carries "decision" and "remediation"), one "Checking the plan's gates"
/// with {gate: status}, then one per step the run started (and one per
/// resume, at its place among them). The same log always gives the same
/// bytes.
std::string RunDecisionTreeJson(const audit::AuditLog& log, const audit::RunTree& tree);

/// The same tree indented for a terminal, under a warning when the log
/// does not verify.
std::string RunDecisionTreeText(const audit::AuditLog& log, const audit::RunTree& tree);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_DECISION_TREE_H_
