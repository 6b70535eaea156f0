#ifndef RUNWARDEN_REPORT_AUDIT_REPORT_H_
#define RUNWARDEN_REPORT_AUDIT_REPORT_H_

#include <string>

#include "audit/reader.h"
#include "audit/run_tree.h"

namespace runwarden::report {

/// What `runwarden audit verify` prints: whether the chain is intact, the
/// number of records and the head, a torn tail if there is one, or the
/// first bad line and what is wrong with it. With a non-empty
/// `expected_head`, also whether the head is that one, and if not where the
/// expected head sits in the log.
std::string AuditVerifyText(const audit::AuditLog& log, const std::string& expected_head);

/// The same as JSON: {"log", "intact", "records", "head", "torn_tail",
/// "torn_bytes", "first_bad_line", "problem", "expected_head",
/// "head_matches", "expected_head_line"}.
std::string AuditVerifyJson(const audit::AuditLog& log, const std::string& expected_head);

/// The run's decision tree for a terminal: the run, its phases and gates,
/// each step with its statements, shell results, confirmations and
/// compensations, the transactions, resumes, records of other kinds, and
/// the final status. A log that does not verify starts with a warning.
std::string AuditText(const audit::AuditLog& log, const audit::RunTree& tree);

/// The decision tree as JSON: {"log", "run_id", "created", "chain", "run",
/// "phases", "gates", "steps", "transactions", "resumes", "other",
/// "final_status", "failed_step", "message", "started", "ended"}.
std::string AuditJson(const audit::AuditLog& log, const audit::RunTree& tree);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_AUDIT_REPORT_H_
