// Comparing a replay with the run it reproduces.
#include "bundle/run_decision.h"

#include <algorithm>
#include <map>
#include <set>

namespace runwarden::bundle {

namespace {

using Json = nlohmann::ordered_json;

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// True for "path:line:col".
bool IsFileLocation(const std::string& at) {
  size_t end = at.size();
  for (int part = 0; part < 2; ++part) {
    const size_t colon = at.rfind(':', end == 0 ? 0 : end - 1);
    if (colon == std::string::npos || colon + 1 == end) return false;
    for (size_t i = colon + 1; i < end; ++i) {
      if (at[i] < '0' || at[i] > '9') return false;
    }
    end = colon;
  }
  return end > 0;
}

void AddFindings(const Json& list, std::vector<std::string>& out) {
  if (!list.is_array()) return;
  for (const Json& f : list) {
    if (!f.is_object()) continue;
    const std::string rule = Str(f, "rule");
    if (rule.empty()) continue;
    // A finding of a live catalog is located at the database, which is the
    // sandbox in a replay: it is told apart by what it says instead.
    const std::string at = Str(f, "at");
    out.push_back(IsFileLocation(at) ? rule + " at " + at
                                     : rule + " on the target: " + Str(f, "message"));
  }
}

std::string Join(const std::vector<std::string>& v) {
  if (v.empty()) return "(none)";
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

RunDecision DecisionOf(const audit::AuditLog& log) {
  RunDecision d;
  std::set<std::string> shell;
  std::map<std::string, size_t> step_index;
  for (const audit::AuditRecord& r : log.records) {
    const Json& f = r.fields;
    if (r.kind == "phase") {
      auto findings = f.find("findings");
      if (findings == f.end() || !findings->is_object()) continue;
      for (const char* key : {"issues", "vectors"}) {
        if (auto it = findings->find(key); it != findings->end()) AddFindings(*it, d.findings);
      }
    } else if (r.kind == "gate") {
      if (Str(f, "status") == "halted") d.halted_gates.push_back(Str(f, "name"));
    } else if (r.kind == "step-start") {
      if (Str(f, "step_kind") == "shell" && shell.insert(Str(f, "step")).second) {
        d.shell_steps.push_back(Str(f, "step"));
      }
    } else if (r.kind == "step-done") {
      const std::string id = Str(f, "step");
      if (shell.count(id)) continue;
      const std::string line = id + ": " + Str(f, "status");
      auto it = step_index.find(id);
      if (it == step_index.end()) {
        step_index[id] = d.steps.size();
        d.steps.push_back(line);
      } else {
        d.steps[it->second] = line;  // a resumed run's last word on the step
      }
    } else if (r.kind == "run-end") {
      d.final_status = Str(f, "final_status");
      d.failed_step = Str(f, "failed_step");
    }
  }
  std::sort(d.findings.begin(), d.findings.end());
  d.findings.erase(std::unique(d.findings.begin(), d.findings.end()), d.findings.end());
  return d;
}

std::vector<std::string> Differences(const RunDecision& original, const RunDecision& replay) {
  std::vector<std::string> out;
  if (original.final_status != replay.final_status) {
    out.push_back("the run ended " + original.final_status + ", the replay " +
                  (replay.final_status.empty() ? "without an end" : replay.final_status));
  }
  if (original.failed_step != replay.failed_step) {
    out.push_back("the run stopped at step " +
                  (original.failed_step.empty() ? "(none)" : original.failed_step) +
                  ", the replay at " +
                  (replay.failed_step.empty() ? "(none)" : replay.failed_step));
  }
  if (original.halted_gates != replay.halted_gates) {
    out.push_back("halted gates differ: " + Join(original.halted_gates) + " in the run, " +
                  Join(replay.halted_gates) + " in the replay");
  }
  std::vector<std::string> only_original, only_replay;
  std::set_difference(original.findings.begin(), original.findings.end(), replay.findings.begin(),
                      replay.findings.end(), std::back_inserter(only_original));
  std::set_difference(replay.findings.begin(), replay.findings.end(), original.findings.begin(),
                      original.findings.end(), std::back_inserter(only_replay));
  for (const std::string& f : only_original)
    out.push_back("finding " + f + " is not in the replay");
  for (const std::string& f : only_replay) out.push_back("finding " + f + " is new in the replay");
  if (original.steps != replay.steps) {
    out.push_back("steps differ: " + Join(original.steps) + " in the run, " + Join(replay.steps) +
                  " in the replay");
  }
  return out;
}

}  // namespace runwarden::bundle
