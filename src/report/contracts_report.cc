// The contracts phase as text and JSON. The mismatch table is read from the
// findings' evidence, so that it shows exactly what the rules found and
// nothing else.
#include "report/contracts_report.h"

#include <map>

#include "report/json_util.h"

namespace runwarden::report {

namespace {

using contracts::Contracts;
using contracts::Mapping;

std::string Evidence(const analysis::Finding& f, std::string_view key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return "";
}

std::string Plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "query 3, diesel table_name 1" in the order of MappingSource.
std::string SourcesLine(const Contracts& c) {
  std::map<contracts::MappingSource, size_t> counts;
  for (const Mapping& m : c.mappings()) ++counts[m.source];
  std::string out;
  for (const auto& [source, n] : counts) {
    out += (out.empty() ? "" : ", ") + std::string(contracts::MappingSourceName(source)) + " " +
           std::to_string(n);
  }
  return out;
}

struct BinaryCounts {
  size_t matched = 0;
  size_t differing = 0;
};

BinaryCounts CountBinary(const std::vector<analysis::Finding>& findings, const Contracts& c) {
  BinaryCounts out;
  out.matched = c.binary_pairs().size();
  std::map<std::string, bool> differ;
  for (const analysis::Finding& f : findings) {
    if (f.rule_id == "binary-source-mismatch") differ[Evidence(f, "struct")] = true;
  }
  out.differing = differ.size();
  return out;
}

}  // namespace

std::vector<Mismatch> Mismatches(const std::vector<analysis::Finding>& findings) {
  std::vector<Mismatch> out;
  for (const analysis::Finding& f : findings) {
    const std::string field = Evidence(f, "field");
    const std::string rust_type = Evidence(f, "rust_type");
    const std::string sql_type = Evidence(f, "sql_type");
    if (field.empty() || rust_type.empty() || sql_type.empty()) continue;
    Mismatch m;
    m.rule_id = f.rule_id;
    m.severity = f.severity;
    m.contract = Evidence(f, "struct");
    if (m.contract.empty()) m.contract = Evidence(f, "table!");
    m.field = field;
    m.column = Evidence(f, "column_origin");
    if (m.column.empty()) m.column = Evidence(f, "column");
    m.rust_type = rust_type;
    m.sql_type = sql_type;
    m.span = f.span;
    out.push_back(std::move(m));
  }
  return out;
}

std::string ContractsText(const ContractsInput& in, const SourceSet& sources, Color color) {
  const Contracts& c = *in.contracts;
  std::string out = "Loading Rust contracts: " + in.rust_path + "\n";
  out += "  read                     " +
         Plural(c.crate().rust_files.size(), "Rust file", "Rust files");
  if (!c.crate().offline_queries.empty()) {
    out += ", " + Plural(c.crate().offline_queries.size(), "offline query", "offline queries");
  }
  out += "\n";
  out += "  dialect                  " + std::string(contracts::DialectName(c.dialect())) + " (" +
         c.dialect_evidence() + ")\n";
  const size_t tables = c.crate().diesel_tables.size();
  const size_t records = c.query_record_count();
  out += "  contracts loaded         " + std::to_string(c.contract_count()) + " (" +
         Plural(c.contract_count() - tables - records, "struct", "structs") + ", " +
         Plural(tables, "table! block", "table! blocks") + ", " +
         Plural(records, "query! record", "query! records") + "; " +
         Plural(c.crate().queries.size(), "query call", "query calls") + " read)\n";
  out += "  mapped                   " + std::to_string(c.mappings().size());
  if (!c.mappings().empty()) out += " (" + SourcesLine(c) + ")";
  out += "\n";
  out += "  not mapped               " + std::to_string(c.unmapped().size());
  if (!c.unmapped().empty()) {
    std::string names;
    for (const auto& u : c.unmapped()) names += (names.empty() ? "" : ", ") + u.contract;
    out += " (" + names + ")";
  }
  out += "\n";
  if (const contracts::BinaryLayout* b = c.binary()) {
    const BinaryCounts counts = CountBinary(in.findings, c);
    out += "  binary                   " + b->path + ": " +
           Plural(counts.matched, "contract struct", "contract structs") + " found, " +
           std::to_string(counts.differing) + " differ from the source, " +
           std::to_string(c.missing_in_binary().size()) + " not in the binary\n";
  }
  const std::vector<Mismatch> mismatches = Mismatches(in.findings);
  out += "  mismatches               " + std::to_string(mismatches.size()) + "\n";
  for (const Mismatch& m : mismatches) {
    // "BillingUpdate.amount_cents", "table! users column email".
    const std::string field =
        m.contract +
        (m.contract.find(' ') == std::string::npos ? "." + m.field : " column " + m.field);
    out += "    " + std::string(analysis::SeverityName(m.severity)) + " " + field + ": Rust " +
           m.rust_type + ", SQL " + m.sql_type + " (" + m.column + ") [" + m.rule_id + "] at " +
           FormatLocation(m.span) + "\n";
  }
  out += "\n" + FindingsText(in.findings, sources, color);
  if (!in.suppressed.empty()) {
    out +=
        Plural(in.suppressed.size(), "finding", "findings") + " accepted by the configuration:\n";
    for (const auto& s : in.suppressed) {
      out += "  " + s.finding.rule_id + " at " + FormatLocation(s.finding.span) + ": " + s.reason +
             "\n";
    }
  }
  return out;
}

std::string ContractsJson(const ContractsInput& in) {
  const Contracts& c = *in.contracts;
  Json summary;
  summary["rust_files"] = c.crate().rust_files.size();
  summary["offline_queries"] = c.crate().offline_queries.size();
  summary["dialect"] = std::string(contracts::DialectName(c.dialect()));
  summary["dialect_evidence"] = c.dialect_evidence();
  summary["contracts_loaded"] = c.contract_count();
  summary["mapped"] = c.mappings().size();
  summary["unmapped"] = c.unmapped().size();

  Json mappings = Json::array();
  for (const Mapping& m : c.mappings()) {
    Json j;
    j["contract"] = m.contract;
    j["source"] = std::string(contracts::MappingSourceName(m.source));
    j["confidence"] = std::string(contracts::ConfidenceName(m.confidence));
    j["direction"] = m.direction == contracts::Direction::kRead ? "read" : "write";
    j["target"] = m.target;
    j["fields"] = m.fields.size();
    j["columns"] = m.columns.size();
    j["span"] = SpanJson(m.span);
    mappings.push_back(j);
  }
  Json unmapped = Json::array();
  for (const auto& u : c.unmapped()) {
    unmapped.push_back({{"contract", u.contract},
                        {"reason", u.reason},
                        {"tried", u.tried},
                        {"span", SpanJson(u.span)}});
  }
  Json binary = nullptr;
  if (const contracts::BinaryLayout* b = c.binary()) {
    const BinaryCounts counts = CountBinary(in.findings, c);
    binary = {{"path", b->path},
              {"producer", b->producer},
              {"compile_units", b->compile_units},
              {"structs_found", counts.matched},
              {"structs_differing", counts.differing},
              {"structs_missing", c.missing_in_binary().size()}};
  }
  Json mismatches = Json::array();
  for (const Mismatch& m : Mismatches(in.findings)) {
    mismatches.push_back({{"rule", m.rule_id},
                          {"severity", std::string(analysis::SeverityName(m.severity))},
                          {"contract", m.contract},
                          {"field", m.field},
                          {"column", m.column},
                          {"rust_type", m.rust_type},
                          {"sql_type", m.sql_type},
                          {"span", SpanJson(m.span)}});
  }
  const Json diagnostics = FindingsArray(in.findings);
  const Json suppressed = SuppressedArray(in.suppressed);

  Json doc;
  doc["phase"] = "contracts";
  doc["action"] = "Loading Rust contracts";
  doc["status"] = "complete";
  doc["source"] = in.rust_path;
  doc["summary"] = summary;
  doc["mappings"] = mappings;
  doc["unmapped"] = unmapped;
  doc["binary"] = binary;
  doc["mismatches"] = mismatches;
  doc["diagnostics"] = diagnostics;
  doc["suppressed"] = suppressed;
  return Dump(doc);
}

}  // namespace runwarden::report
