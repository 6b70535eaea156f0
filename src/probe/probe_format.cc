// The probe report as text and as JSON. JSON keys keep a fixed order
// (nlohmann::ordered_json) so that the output diffs cleanly.

#include <map>

#include <nlohmann/json.hpp>

#include "probe/probe.h"

namespace runwarden::probe {

namespace {

constexpr Verdict kVerdicts[] = {Verdict::kIsolated, Verdict::kLeaks, Verdict::kFailsOpen,
                                 Verdict::kErrorsWithoutContext, Verdict::kNotTestable};

std::string Pad(std::string_view s, size_t width) {
  std::string out(s);
  if (out.size() < width) out.append(width - out.size(), ' ');
  return out + " ";
}

std::map<Verdict, size_t> Count(const ProbeReport& report) {
  std::map<Verdict, size_t> counts;
  for (Verdict v : kVerdicts) counts[v] = 0;
  for (const RelationProbe& r : report.relations) ++counts[r.verdict];
  return counts;
}

std::string Summary(const RelationProbe& r) {
  std::string out;
  for (Check c : r.leaking) out += (out.empty() ? "" : ", ") + std::string(CheckName(c));
  if (r.bypass != Bypass::kNone) {
    out += (out.empty() ? "" : " ") + std::string("(") + std::string(BypassName(r.bypass)) + ")";
  }
  return out;
}

}  // namespace

std::string FormatProbeText(const ProbeReport& report) {
  std::string out = "isolation probe of " + report.target + "\nrole " + report.role +
                    ", tenant setting " + report.setting + "; nothing was kept (rolled back)\n\n";
  size_t width = 0;
  for (const RelationProbe& r : report.relations) width = std::max(width, r.name.ToString().size());
  for (const RelationProbe& r : report.relations) {
    out += "  " + Pad(VerdictName(r.verdict), 22) + Pad(r.name.ToString(), width) + Summary(r);
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += "\n";
  }
  for (const RelationProbe& r : report.relations) {
    if (r.verdict == Verdict::kIsolated) continue;
    out += "\n" + r.name.ToString() + " (" + std::string(RelationKindName(r.kind)) +
           "): " + std::string(VerdictName(r.verdict)) + ": " + r.reason + "\n";
    if (!r.tenants.a.empty()) {
      out += "  tenant A " + r.tenants.a + ", tenant B " + r.tenants.b +
             (r.synthetic_rows ? " (B's rows made by the probe)" : "") + "\n";
    }
    for (const CheckResult& c : r.checks) {
      out += "  " + Pad(CheckName(c.check), 17) + Pad(OutcomeName(c.outcome), 8) + c.detail + "\n";
    }
  }
  for (const std::string& note : report.notes) out += "\nnote: " + note + "\n";
  const auto counts = Count(report);
  out += "\n" + std::to_string(report.relations.size()) + " relations:";
  bool first = true;
  for (Verdict v : kVerdicts) {
    out += std::string(first ? " " : ", ") + std::to_string(counts.at(v)) + " " +
           std::string(VerdictName(v));
    first = false;
  }
  return out + "\n";
}

std::string FormatProbeJson(const ProbeReport& report) {
  using nlohmann::ordered_json;
  ordered_json relations = ordered_json::array();
  for (const RelationProbe& r : report.relations) {
    ordered_json checks = ordered_json::array();
    for (const CheckResult& c : r.checks) {
      checks.push_back({{"check", CheckName(c.check)},
                        {"outcome", OutcomeName(c.outcome)},
                        {"detail", c.detail}});
    }
    ordered_json leaking = ordered_json::array();
    for (Check c : r.leaking) leaking.push_back(CheckName(c));
    ordered_json tenants = nullptr;
    if (!r.tenants.a.empty()) tenants = {{"a", r.tenants.a}, {"b", r.tenants.b}};
    relations.push_back({
        {"name", r.name.ToString()},
        {"schema", r.name.schema},
        {"relation", r.name.name},
        {"kind", RelationKindName(r.kind)},
        {"tenant_key", r.tenant_key.empty() ? ordered_json(nullptr) : ordered_json(r.tenant_key)},
        {"verdict", VerdictName(r.verdict)},
        {"leaking", leaking},
        {"bypass",
         r.bypass == Bypass::kNone ? ordered_json(nullptr) : ordered_json(BypassName(r.bypass))},
        {"reason", r.reason},
        {"tenants", tenants},
        {"synthetic_rows", r.synthetic_rows},
        {"checks", checks},
    });
  }
  ordered_json summary = ordered_json::object();
  for (const auto& [verdict, count] : Count(report))
    summary[std::string(VerdictName(verdict))] = count;
  const ordered_json doc = {
      {"target", report.target}, {"role", report.role}, {"setting", report.setting},
      {"rolled_back", true},     {"summary", summary},  {"relations", relations},
      {"notes", report.notes},
  };
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace runwarden::probe
