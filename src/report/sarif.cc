// SARIF 2.1.0 output. Columns are Unicode code points (runwarden's unit), so
// the run declares columnKind "unicodeCodePoints". Artifact URIs are the
// paths as the user gave them, which code-scanning services resolve against
// the repository root when the command runs there.
#include <map>

#include "analysis/registry.h"
#include "base/version.h"
#include "report/findings_report.h"
#include "report/json_util.h"

namespace runwarden::report {

namespace {

std::string Level(analysis::Severity s) {
  switch (s) {
    case analysis::Severity::kError:
      return "error";
    case analysis::Severity::kWarning:
      return "warning";
    case analysis::Severity::kInfo:
      return "note";
  }
  return "note";
}

Json Region(const SourceSpan& span) {
  Json r;
  r["startLine"] = span.begin.line;
  r["startColumn"] = span.begin.column;
  if (span.end.valid() && span.begin < span.end) {
    r["endLine"] = span.end.line;
    r["endColumn"] = span.end.column;
  }
  return r;
}

Json Location(const SourceSpan& span, const std::string& message = {}) {
  Json loc;
  Json phys;
  phys["artifactLocation"] = {{"uri", span.path}};
  if (span.valid()) phys["region"] = Region(span);
  loc["physicalLocation"] = phys;
  if (!message.empty()) loc["message"] = {{"text", message}};
  return loc;
}

}  // namespace

std::string FindingsSarif(const std::vector<analysis::Finding>& findings) {
  Json rules = Json::array();
  std::map<std::string, size_t> rule_index;
  for (const analysis::Rule* rule : analysis::AllRules()) {
    const analysis::RuleInfo& info = rule->info();
    rule_index[std::string(info.id)] = rules.size();
    Json r;
    r["id"] = std::string(info.id);
    r["shortDescription"] = {{"text", std::string(info.summary)}};
    r["help"] = {{"text", std::string(info.summary) + " See docs/rules/" + std::string(info.id) +
                              ".md in the runwarden sources."}};
    r["defaultConfiguration"] = {{"level", Level(info.default_severity)}};
    rules.push_back(r);
  }
  Json results = Json::array();
  for (const analysis::Finding& f : findings) {
    Json res;
    res["ruleId"] = f.rule_id;
    if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) res["ruleIndex"] = it->second;
    res["level"] = Level(f.severity);
    std::string text = f.message;
    if (!f.help.empty()) text += "\n" + f.help;
    res["message"] = {{"text", text}};
    res["locations"] = Json::array({Location(f.span)});
    if (!f.related.empty()) {
      Json related = Json::array();
      int id = 1;
      for (const auto& r : f.related) {
        Json loc = Location(r.span, r.message);
        loc["id"] = id++;
        related.push_back(loc);
      }
      res["relatedLocations"] = related;
    }
    if (!f.evidence.empty()) {
      Json props = Json::object();
      for (const auto& [k, v] : f.evidence) props[k] = v;
      res["properties"] = props;
    }
    results.push_back(res);
  }
  Json driver;
  driver["name"] = "runwarden";
  driver["version"] = std::string(kVersion);
  driver["rules"] = rules;
  Json run;
  run["tool"] = {{"driver", driver}};
  run["columnKind"] = "unicodeCodePoints";
  run["results"] = results;
  Json log;
  log["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  log["version"] = "2.1.0";
  log["runs"] = Json::array({run});
  return Dump(log);
}

}  // namespace runwarden::report
