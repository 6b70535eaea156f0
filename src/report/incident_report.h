#ifndef RUNWARDEN_REPORT_INCIDENT_REPORT_H_
#define RUNWARDEN_REPORT_INCIDENT_REPORT_H_

#include <optional>
#include <string>

#include "audit/reader.h"
#include "audit/run_tree.h"
#include "plan/plan.h"

namespace runwarden::report {

/// The plan file kept beside an audit log, as far as the report can use it.
struct PlanBeside {
  enum class State {
    kMatches,     ///< read, and its hash is the run's plan_hash
    kMissing,     ///< no file at `path`
    kUnreadable,  ///< not a plan file, or changed after it was written
    kDiffers,     ///< a valid plan, but not the one the run executed
  };
  State state = State::kMissing;
  std::string path;
  std::string hash;                ///< the file's plan_hash, when it was read
  std::string problem;             ///< why it cannot be used, in words
  std::optional<plan::Plan> plan;  ///< set only when kMatches
};

/// Reads the plan file text found at `path` (nullopt: no file there) and
/// checks its hash against the run's `run_plan_hash`.
PlanBeside CheckPlanBeside(const std::string& path, const std::optional<std::string>& text,
                           const std::string& run_plan_hash);

/// The post-incident report of a run as Markdown: summary (with the audit
/// log's verification), timeline, what changed (rows per table and tenant
/// when the plan is beside the log), findings and overrides, the decision
/// tree, remediation of a halted run, the evidence note, and blank "Root
/// cause" and "Follow-ups" sections. A log that does not verify starts with
/// a warning. The same inputs always give the same bytes.
std::string IncidentReportMarkdown(const audit::AuditLog& log, const audit::RunTree& tree,
                                   const PlanBeside& plan);

/// The same report as one self-contained HTML file: inline style only, no
/// script, nothing fetched from anywhere, printable. Every value from the
/// log or the plan is escaped. Stable ids: summary, verification, timeline,
/// changes, findings, decision-tree, remediation, evidence, root-cause,
/// follow-ups; the final status has class final-status.
std::string IncidentReportHtml(const audit::AuditLog& log, const audit::RunTree& tree,
                               const PlanBeside& plan);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_INCIDENT_REPORT_H_
