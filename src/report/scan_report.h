#ifndef RUNWARDEN_REPORT_SCAN_REPORT_H_
#define RUNWARDEN_REPORT_SCAN_REPORT_H_

#include <string>
#include <vector>

#include "analysis/finding.h"
#include "analysis/suppression.h"
#include "analysis/tenancy.h"
#include "base/source_text.h"
#include "report/findings_report.h"
#include "schema/ddl_loader.h"
#include "schema/schema.h"

namespace runwarden::report {

/// Everything `runwarden scan` reports on.
struct ScanInput {
  const schema::Schema* schema = nullptr;
  const schema::LoadStats* load_stats = nullptr;  ///< null for a live database
  const analysis::Tenancy* tenancy = nullptr;
  std::vector<analysis::Finding> findings;
  std::vector<analysis::Suppressed> suppressed;
  bool table_detail = false;  ///< --tables
};

/// "high" when a finding is an error, "medium" when there are warnings or
/// high-risk unpartitioned tables, "low" otherwise.
std::string RiskLevel(const ScanInput& in);

/// The schema phase as the decision tree shows it (tables analysed,
/// partition keys, unpartitioned tables with their risk, row-level security
/// coverage, risk level), optionally a line per table, then the findings.
std::string ScanText(const ScanInput& in, const SourceSet& sources, Color color);

/// The same as one JSON document: {"phase": "schema", "action", "status",
/// "findings": {...summary...}, "tables": [...], "diagnostics": [...]}.
std::string ScanJson(const ScanInput& in);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_SCAN_REPORT_H_
