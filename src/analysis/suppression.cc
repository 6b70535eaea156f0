#include "analysis/suppression.h"

#include "analysis/registry.h"

namespace runwarden::analysis {

namespace {

std::string EvidenceOf(const Finding& f, std::string_view key) {
  for (const auto& [k, v] : f.evidence) {
    if (k == key) return v;
  }
  return "";
}

bool TableMatches(const std::string& configured, const std::string& qualified) {
  if (configured.empty()) return true;
  if (configured == qualified) return true;
  const size_t dot = qualified.find('.');
  return dot != std::string::npos && qualified.substr(dot + 1) == configured;
}

}  // namespace

std::vector<Finding> ApplyConfig(std::vector<Finding> findings, const config::Config& config,
                                 std::vector<Suppressed>* suppressed) {
  std::vector<Finding> kept;
  for (Finding& f : findings) {
    if (auto it = config.severities.find(f.rule_id); it != config.severities.end()) {
      if (it->second == "off") {
        if (suppressed)
          suppressed->push_back({std::move(f), "rule set to off in " + config.path, {}});
        continue;
      }
      f.severity = it->second == "error"     ? Severity::kError
                   : it->second == "warning" ? Severity::kWarning
                                             : Severity::kInfo;
    }
    const config::Ignore* match = nullptr;
    for (const config::Ignore& ig : config.ignores) {
      if (ig.rule != f.rule_id) continue;
      const std::string table =
          !EvidenceOf(f, "table").empty() ? EvidenceOf(f, "table") : EvidenceOf(f, "view");
      if (!ig.table.empty() && !TableMatches(ig.table, table)) continue;
      if (!ig.path.empty() && f.span.path.rfind(ig.path, 0) != 0) continue;
      match = &ig;
      break;
    }
    if (match) {
      if (suppressed) suppressed->push_back({std::move(f), match->reason, match->span});
      continue;
    }
    kept.push_back(std::move(f));
  }
  return kept;
}

Status CheckConfigRules(const config::Config& config) {
  for (const auto& [rule, level] : config.severities) {
    if (!FindRule(rule)) {
      return InvalidInput(config.path + ": [rules] names an unknown rule '" + rule + "'")
          .WithHint("runwarden rules lists every rule id");
    }
  }
  for (const config::Ignore& ig : config.ignores) {
    if (!FindRule(ig.rule)) {
      return InvalidInput(config.path + ": [[ignore]] names an unknown rule '" + ig.rule + "'")
          .At(ig.span)
          .WithHint("runwarden rules lists every rule id");
    }
  }
  return Status::Ok();
}

}  // namespace runwarden::analysis
