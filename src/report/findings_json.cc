#include "report/findings_report.h"
#include "report/json_util.h"

namespace runwarden::report {

std::string FindingsJson(const std::vector<analysis::Finding>& findings) {
  Json doc;
  doc["findings"] = FindingsArray(findings);
  const analysis::FindingCounts c = analysis::CountFindings(findings);
  doc["summary"] = {{"errors", c.errors}, {"warnings", c.warnings}, {"notes", c.infos}};
  return Dump(doc);
}

}  // namespace runwarden::report
