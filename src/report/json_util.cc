#include "report/json_util.h"

namespace runwarden::report {

Json SpanJson(const SourceSpan& span) {
  Json j;
  j["path"] = span.path;
  if (span.valid()) {
    j["line"] = span.begin.line;
    j["column"] = span.begin.column;
    j["end_line"] = span.end.line;
    j["end_column"] = span.end.column;
  }
  return j;
}

Json FindingJson(const analysis::Finding& f) {
  Json j;
  j["rule"] = f.rule_id;
  j["severity"] = std::string(analysis::SeverityName(f.severity));
  j["message"] = f.message;
  j["help"] = f.help;
  j["location"] = SpanJson(f.span);
  Json evidence = Json::object();
  for (const auto& [k, v] : f.evidence) evidence[k] = v;
  j["evidence"] = evidence;
  Json related = Json::array();
  for (const auto& r : f.related) {
    Json rj;
    rj["message"] = r.message;
    rj["location"] = SpanJson(r.span);
    related.push_back(rj);
  }
  j["related"] = related;
  return j;
}

Json FindingsArray(const std::vector<analysis::Finding>& findings) {
  Json out = Json::array();
  for (const auto& f : findings) out.push_back(FindingJson(f));
  return out;
}

Json SuppressedArray(const std::vector<analysis::Suppressed>& suppressed) {
  Json out = Json::array();
  for (const auto& s : suppressed) {
    Json j = FindingJson(s.finding);
    j["suppressed_because"] = s.reason;
    out.push_back(j);
  }
  return out;
}

std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace runwarden::report
