#ifndef RUNWARDEN_REPORT_INCIDENT_FACTS_H_
#define RUNWARDEN_REPORT_INCIDENT_FACTS_H_

// Private to report/: everything the incident report says, computed once
// from the audit log, its run tree and the plan beside it, and rendered by
// incident_report_md.cc and incident_report_html.cc. Every string here is
// plain text as it came from the log or the plan; renderers escape it.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/incident_report.h"
#include "report/json_util.h"

namespace runwarden::report {

struct IncidentFacts {
  struct Field {
    std::string label, value;
    bool code = false;  ///< an identifier, hash or path rather than prose
  };
  struct Event {
    std::string time;
    int64_t seq = 0;
    std::string kind;  ///< the record's kind
    std::string what;  ///< one sentence
  };
  /// Rows a run's statements wrote to one table for one tenant.
  struct TableChange {
    std::string table;        ///< "sessions", or "(unknown)" without the plan
    std::string tenant;       ///< the run's tenant, or "all tenants (global step)"
    int64_t changed = 0;      ///< committed, or written outside a transaction
    int64_t rolled_back = 0;  ///< written in a transaction that was rolled back
    int64_t unknown = 0;      ///< the commit's outcome is not in the log
    std::vector<std::string> steps;
  };
  struct UnitOutcome {
    std::string unit, txid, outcome, detail, steps;
  };
  struct FindingRow {
    std::string rule, severity, message, at;
  };
  struct Override {
    std::string rule, reason;
  };
  struct Gate {
    std::string name, status, detail, source;  ///< source: "plan" or "run"
  };
  struct Change {
    std::string change, at;
  };

  std::string title;  ///< "Post-incident report: <runbook title or id>"
  std::string runbook_id, final_status, plan_hash;
  bool verified = false;
  std::string verification;  ///< VerificationLine
  std::string warning;       ///< set when the log does not verify
  std::vector<Field> summary;
  std::string plan_note;  ///< what became of the plan beside the log
  bool plan_used = false;

  std::vector<Event> timeline;

  std::vector<TableChange> changes;
  std::vector<UnitOutcome> units;
  std::vector<std::string> change_notes;  ///< shell steps, reads, statements not in the plan

  std::vector<FindingRow> findings;  ///< the plan's, then the phases'
  std::vector<Override> overrides;
  std::vector<Gate> gates;

  Json decision_tree;  ///< DecisionTree()
  std::vector<Change> remediation;
  std::string failed_step, message;
};

IncidentFacts ComputeIncidentFacts(const audit::AuditLog& log, const audit::RunTree& tree,
                                   const PlanBeside& plan);

/// Milliseconds between two RFC 3339 UTC times; nullopt when either is not one.
std::optional<int64_t> MillisBetween(const std::string& from, const std::string& to);

/// "850 ms", "12.4 s", "3 min 05 s", "2 h 01 min".
std::string FormatDuration(int64_t ms);

/// The evidence note shared by both formats.
inline constexpr char kEvidenceNote[] =
    "This report is generated from the run's hash-chained audit log. It serves as evidence of "
    "incident response (for example for SOC 2 CC7.4: responding to identified security "
    "incidents) and as the draft of the post-incident review. Keep it with the audit log and "
    "the head printed above, which lets anyone check that the log is the one the run wrote "
    "(runwarden audit verify LOG --expect-head HEAD).";

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_INCIDENT_FACTS_H_
