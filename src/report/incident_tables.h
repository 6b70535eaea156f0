// The tables of the post-incident report, built once for both formats.
#ifndef RUNWARDEN_REPORT_INCIDENT_TABLES_H_
#define RUNWARDEN_REPORT_INCIDENT_TABLES_H_

#include <functional>
#include <string>
#include <vector>

#include "report/incident_facts.h"

namespace runwarden::report {

/// How a report format writes a cell: prose, an identifier, a status.
struct CellMarkup {
  std::function<std::string(const std::string&)> text;
  std::function<std::string(const std::string&)> code;
  std::function<std::string(const std::string&)> status;
};

/// A table's header and its rows, cells already in the format's markup.
struct ReportTable {
  std::vector<std::string> head;
  std::vector<std::vector<std::string>> rows;
};

ReportTable TimelineTable(const IncidentFacts& f, const CellMarkup& m);
/// Rows per table and tenant.
ReportTable ChangesTable(const IncidentFacts& f, const CellMarkup& m);
/// Transactions: each unit's outcome.
ReportTable UnitsTable(const IncidentFacts& f, const CellMarkup& m);
ReportTable FindingsTable(const IncidentFacts& f, const CellMarkup& m);
ReportTable GatesTable(const IncidentFacts& f, const CellMarkup& m);

}  // namespace runwarden::report

#endif  // RUNWARDEN_REPORT_INCIDENT_TABLES_H_
