#ifndef RUNWARDEN_REPORT_CONTRACTS_REPORT_H_
#define RUNWARDEN_REPORT_CONTRACTS_REPORT_H_

#include <string>
#include <vector>

#include "analysis/finding.h"
#include "analysis/suppression.h"
#include "base/source_text.h"
#include "contracts/contracts.h"
#include "report/findings_report.h"

namespace runwarden::report {

/// Everything `runwarden contracts` reports on. Points into data the caller
/// owns.
struct ContractsInput {
  std::string rust_path;  ///< --rust as given
  const contracts::Contracts* contracts = nullptr;
  std::vector<analysis::Finding> findings;
  std::vector<analysis::Suppressed> suppressed;
};

/// One contract finding about a field and a column, as the mismatch table
/// shows it. Read from a finding's evidence (struct, field, column,
/// rust_type, sql_type); findings without a field are not mismatches.
struct Mismatch {
  std::string rule_id;
  analysis::Severity severity = analysis::Severity::kWarning;
  std::string contract;  ///< "BillingUpdate", "table! invoices"
  std::string field;
  std::string column;  ///< where the column comes from: "public.billing.amount_cents"
  std::string rust_type;
  std::string sql_type;
  SourceSpan span;
};

/// The mismatches among `findings`, in report order.
std::vector<Mismatch> Mismatches(const std::vector<analysis::Finding>& findings);

/// The contracts phase for a terminal: how many contracts were loaded from
/// how many files, the dialect and why, how each was mapped, what the binary
/// held, one line per mismatch (struct.field, both types, the column), then
/// the findings.
std::string ContractsText(const ContractsInput& in, const SourceSet& sources, Color color);

/// The same as one JSON document: {"phase": "contracts", "status", "summary",
/// "mappings", "unmapped", "binary", "mismatches", "diagnostics", ...}.
std::string ContractsJson(const ContractsInput& in);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_CONTRACTS_REPORT_H_
