#include "report/scan_report.h"

#include "report/json_util.h"

namespace runwarden::report {

namespace {

constexpr char kNoRowLevelSecurity[] =
    "none: the engine has no row-level security, so tenant isolation rests on the statements "
    "themselves (runwarden lint)";

using analysis::TableTenancy;
using analysis::TenancyKind;

struct Coverage {
  size_t tenant_tables = 0, forced = 0, enabled_only = 0, off = 0;
};

Coverage RlsCoverage(const ScanInput& in) {
  Coverage c;
  for (const auto& [name, t] : in.schema->tables) {
    const TableTenancy* tt = in.tenancy->Find(name);
    if (!tt || !tt->tenant_scoped()) continue;
    ++c.tenant_tables;
    if (t.rls_enabled && t.rls_forced) {
      ++c.forced;
    } else if (t.rls_enabled) {
      ++c.enabled_only;
    } else {
      ++c.off;
    }
  }
  return c;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

std::vector<std::string> Unpartitioned(const ScanInput& in, bool with_risk) {
  std::vector<std::string> out;
  for (const TableTenancy* t : in.tenancy->OfKind(TenancyKind::kUnscoped)) {
    out.push_back(t->table.ToString() +
                  (with_risk ? " (" + std::string(analysis::RiskName(t->risk)) + ")" : ""));
  }
  return out;
}

std::string TableLine(const schema::Table& t, const TableTenancy& tt) {
  std::string how;
  switch (tt.kind) {
    case TenancyKind::kRoot:
      how = "root (" + (tt.key_column.empty() ? "no key" : tt.key_column) + ")";
      break;
    case TenancyKind::kDirect:
      how = "direct via " + tt.key_column;
      break;
    case TenancyKind::kIndirect: {
      how = "indirect via ";
      for (const auto& hop : tt.path) how += hop.from.name + "." + Join(hop.columns) + " -> ";
      how += tt.path.empty() ? "" : tt.path.back().to.name;
      break;
    }
    case TenancyKind::kGlobal:
      how = "global";
      break;
    case TenancyKind::kUnscoped:
      how = "unpartitioned, risk " + std::string(analysis::RiskName(tt.risk));
      break;
  }
  if (tt.weak) how += ", weak";
  const std::string rls = t.rls_enabled ? (t.rls_forced ? "rls forced" : "rls enabled") : "rls off";
  return t.name.ToString() + "  " + how + "  " + rls + "  " + std::to_string(t.policies.size()) +
         (t.policies.size() == 1 ? " policy" : " policies");
}

}  // namespace

std::string RiskLevel(const ScanInput& in) {
  const analysis::FindingCounts c = analysis::CountFindings(in.findings);
  if (c.errors > 0) return "high";
  bool high_unscoped = false;
  for (const TableTenancy* t : in.tenancy->OfKind(TenancyKind::kUnscoped)) {
    high_unscoped = high_unscoped || t->risk == analysis::Risk::kHigh;
  }
  return c.warnings > 0 || high_unscoped ? "medium" : "low";
}

std::string ScanText(const ScanInput& in, const SourceSet& sources, Color color) {
  std::string out = "Analyzing SQL schema tree: " + in.schema->origin + "\n";
  if (in.load_stats) {
    const schema::LoadStats& s = *in.load_stats;
    out += "  read                     " + std::to_string(s.files) +
           (s.files == 1 ? " file, " : " files, ") + std::to_string(s.statements) +
           " statements: " + std::to_string(s.applied) + " applied, " +
           std::to_string(s.skipped_total()) + " skipped";
    std::string kinds;
    for (const auto& [kind, n] : s.skipped)
      kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(n);
    out += kinds.empty() ? "\n" : " (" + kinds + ")\n";
  }
  const Coverage cov = RlsCoverage(in);
  auto count = [&](TenancyKind k) { return std::to_string(in.tenancy->OfKind(k).size()); };
  out += "  tables analyzed          " + std::to_string(in.schema->tables.size()) + "\n";
  out +=
      "  partition keys detected  " +
      (in.tenancy->keys_detected.empty() ? std::string("none") : Join(in.tenancy->keys_detected)) +
      "\n";
  out += "  tenant tables            " + std::to_string(cov.tenant_tables) + " (root " +
         count(TenancyKind::kRoot) + ", direct " + count(TenancyKind::kDirect) + ", indirect " +
         count(TenancyKind::kIndirect) + ")\n";
  std::vector<std::string> globals;
  for (const TableTenancy* t : in.tenancy->OfKind(TenancyKind::kGlobal))
    globals.push_back(t->table.ToString());
  out += "  global tables            " + (globals.empty() ? std::string("none") : Join(globals)) +
         "\n";
  const auto unpartitioned = Unpartitioned(in, true);
  out += "  unpartitioned tables     " +
         (unpartitioned.empty() ? std::string("none") : Join(unpartitioned)) + "\n";
  if (in.schema->row_level_security) {
    out += "  row-level security       " + std::to_string(cov.forced) + " forced, " +
           std::to_string(cov.enabled_only) + " enabled but not forced, " +
           std::to_string(cov.off) + " off (of " + std::to_string(cov.tenant_tables) +
           " tenant tables)\n";
  } else {
    out += "  row-level security       " + std::string(kNoRowLevelSecurity) + "\n";
  }
  if (in.schema->session_role) {
    const schema::SessionRole& role = *in.schema->session_role;
    std::string attributes;
    if (role.superuser) attributes += ", superuser";
    if (role.bypass_rls) attributes += ", bypasses row-level security";
    out += "  connected as             " + role.name + attributes + "\n";
  }
  out += "  risk level               " + RiskLevel(in) + "\n";
  if (in.table_detail) {
    out += "\nTables\n";
    for (const auto& [name, t] : in.schema->tables) {
      if (const TableTenancy* tt = in.tenancy->Find(name)) out += "  " + TableLine(t, *tt) + "\n";
    }
  }
  out += "\n" + FindingsText(in.findings, sources, color);
  if (!in.suppressed.empty()) {
    out += std::to_string(in.suppressed.size()) + " finding" +
           (in.suppressed.size() == 1 ? "" : "s") + " accepted by the configuration:\n";
    for (const auto& s : in.suppressed) {
      out += "  " + s.finding.rule_id + " at " + FormatLocation(s.finding.span) + ": " + s.reason +
             "\n";
    }
  }
  return out;
}

std::string ScanJson(const ScanInput& in) {
  const Coverage cov = RlsCoverage(in);
  Json summary;
  summary["tables_analyzed"] = in.schema->tables.size();
  summary["partition_keys_detected"] = in.tenancy->keys_detected;
  summary["unpartitioned_tables"] = Unpartitioned(in, false);
  Json risks = Json::object();
  for (const TableTenancy* t : in.tenancy->OfKind(TenancyKind::kUnscoped)) {
    risks[t->table.ToString()] = std::string(analysis::RiskName(t->risk));
  }
  summary["unpartitioned_risk"] = risks;
  summary["tenant_tables"] = cov.tenant_tables;
  summary["row_level_security"] = in.schema->row_level_security;
  if (!in.schema->row_level_security) summary["row_level_security_note"] = kNoRowLevelSecurity;
  if (in.schema->session_role) {
    const schema::SessionRole& role = *in.schema->session_role;
    summary["session_role"] = {{"name", role.name},
                               {"superuser", role.superuser},
                               {"bypass_rls", role.bypass_rls},
                               {"inherited", role.inherited}};
  }
  summary["rls_forced"] = cov.forced;
  summary["rls_enabled_not_forced"] = cov.enabled_only;
  summary["rls_off"] = cov.off;
  summary["risk_level"] = RiskLevel(in);

  Json tables = Json::array();
  for (const auto& [name, t] : in.schema->tables) {
    const TableTenancy* tt = in.tenancy->Find(name);
    if (!tt) continue;
    Json j;
    j["table"] = name.ToString();
    j["tenancy"] = std::string(analysis::TenancyKindName(tt->kind));
    j["tenant_key"] = tt->key_column;
    Json path = Json::array();
    for (const auto& hop : tt->path) {
      path.push_back({{"from", hop.from.ToString()},
                      {"columns", hop.columns},
                      {"to", hop.to.ToString()},
                      {"nullable", hop.nullable}});
    }
    j["path"] = path;
    j["weak"] = tt->weak;
    j["risk"] = std::string(analysis::RiskName(tt->risk));
    j["evidence"] = tt->evidence;
    j["rls_enabled"] = t.rls_enabled;
    j["rls_forced"] = t.rls_forced;
    j["owner"] = t.owner;
    j["policies"] = t.policies.size();
    tables.push_back(j);
  }
  const Json diagnostics = FindingsArray(in.findings);
  const Json suppressed = SuppressedArray(in.suppressed);

  Json doc;
  doc["phase"] = "schema";
  doc["action"] = "Analyzing SQL schema tree";
  doc["status"] = "complete";
  doc["source"] = in.schema->origin;
  doc["fingerprint"] = in.schema->Fingerprint();
  doc["findings"] = summary;
  doc["tables"] = tables;
  doc["diagnostics"] = diagnostics;
  doc["suppressed"] = suppressed;
  return Dump(doc);
}

}  // namespace runwarden::report
