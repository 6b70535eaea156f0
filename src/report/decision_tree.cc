// The decision tree of a run from its audit log: phases, the gates, then
// each step as it ran. Built once as JSON (decision_tree_model.h) and
// rendered from that, so the JSON and the text always say the same.
#include "report/decision_tree.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "report/decision_tree_model.h"

namespace runwarden::report {

namespace {

using audit::RunTree;

Json RemediationJson(const std::vector<RunTree::Remediation>& changes) {
  Json out = Json::array();
  for (const auto& r : changes) out.push_back({{"change", r.change}, {"at", r.at}});
  return out;
}

/// One entry per phase record. Older records have no action and no
/// findings: the phase's name stands for the action and its detail for the
/// findings.
Json PhaseEntry(const RunTree::Check& c, const RunTree& tree) {
  Json e;
  e["action"] = c.action.empty() ? c.name : c.action;
  e["phase"] = c.name;
  e["status"] = c.status;
  if (c.findings.is_object()) {
    e["findings"] = c.findings;
    if (!c.detail.empty()) e["detail"] = c.detail;
  } else {
    e["findings"] = Json{{"detail", c.detail}};
  }
  if (c.status == "halted") {
    const Json* decision = c.findings.is_object() && c.findings.contains("decision")
                               ? &c.findings["decision"]
                               : nullptr;
    if (decision && decision->is_string()) {
      e["decision"] = *decision;
    } else {
      e["decision"] = tree.final_status == "execution_blocked_for_safety"
                          ? "execution_blocked_for_safety"
                          : "halted";
    }
    const Json* rem = c.findings.is_object() && c.findings.contains("remediation")
                          ? &c.findings["remediation"]
                          : nullptr;
    e["remediation"] = rem && rem->is_array() ? *rem : RemediationJson(tree.remediation);
  }
  return e;
}

Json GatesEntry(const std::vector<RunTree::Check>& gates) {
  Json findings = Json::object();
  bool halted = false, overridden = false;
  for (const auto& g : gates) {
    findings[g.name.empty() ? "?" : g.name] = g.status;
    halted = halted || g.status == "halted";
    overridden = overridden || g.status == "overridden";
  }
  Json e;
  e["action"] = "Checking the plan's gates";
  // Any halted gate halts; an overridden one is said rather than hidden.
  e["status"] = halted ? "halted" : overridden ? "overridden" : "passed";
  e["findings"] = findings;
  return e;
}

/// The outcome of the transaction a step's unit ran in: its latest one.
std::string UnitOutcome(const RunTree& tree, const RunTree::Step& s) {
  if (!s.unit) return "";
  for (auto it = tree.transactions.rbegin(); it != tree.transactions.rend(); ++it) {
    if (it->unit != s.unit) continue;
    if (!it->committed.empty()) return "committed";
    if (!it->rolled_back.empty()) return "rolled back";
    if (!it->commit_intended.empty()) return "commit outcome unknown";
    return "never committed";
  }
  return "";
}

Json StepEntry(const RunTree::Step& s, const RunTree& tree) {
  std::string attrs = s.kind;
  if (s.unit) attrs += (attrs.empty() ? "" : ", ") + std::string("unit ") + std::to_string(*s.unit);
  if (!s.group.empty()) attrs += (attrs.empty() ? "" : ", ") + std::string("group ") + s.group;
  Json e;
  e["action"] = "Ran step " + (s.id.empty() ? std::string("(no step id)") : s.id) +
                (attrs.empty() ? "" : " (" + attrs + ")");
  e["status"] = s.status.empty() ? "not finished" : s.status;
  Json f = Json::object();
  bool any_rows = false, any_duration = false;
  int64_t rows = 0;
  double ms = 0;
  std::string error;
  for (const auto& st : s.statements) {
    if (st.rows) {
      any_rows = true;
      rows += *st.rows;
    }
    if (st.duration_ms) {
      any_duration = true;
      ms += *st.duration_ms;
    }
    if (error.empty() && !st.error.empty()) {
      error = (st.index ? "statement " + std::to_string(*st.index) + ": " : "") + st.error;
    }
  }
  if (!s.statements.empty()) f["statements"] = s.statements.size();
  if (any_rows) f["rows"] = rows;
  for (const auto& sh : s.shell_results) {
    if (sh.duration_ms) {
      any_duration = true;
      ms += *sh.duration_ms;
    }
  }
  if (any_duration) f["duration_ms"] = ms == std::floor(ms) ? Json(int64_t(ms)) : Json(ms);
  for (const auto& c : s.confirmations) {
    f[c.answer == "no" ? "declined_by" : "confirmed_by"] =
        c.operator_name + (c.via.empty() ? "" : " via " + c.via);
  }
  if (!s.shell_results.empty()) {
    const RunTree::ShellResult& sh = s.shell_results.back();
    f["exit_code"] = sh.exit_code ? Json(*sh.exit_code) : Json();
    if (!sh.signal.empty()) f["signal"] = sh.signal;
    if (sh.timed_out.value_or(false)) f["timed_out"] = true;
  }
  if (!error.empty()) f["error"] = error;
  for (const auto& c : s.compensations) {
    f["compensated"] = c.for_step + (c.status.empty() ? "" : ": " + c.status);
  }
  if (std::string outcome = UnitOutcome(tree, s); !outcome.empty()) f["transaction"] = outcome;
  e["findings"] = f;
  return e;
}

Json ResumeEntry(const RunTree::Resume& r) {
  Json e;
  e["action"] = "Resumed the run from step " + (r.from_step.empty() ? "?" : r.from_step);
  e["status"] = "resumed";
  Json f = Json::object();
  f["previous_head"] = r.previous_head;
  e["findings"] = f;
  return e;
}

/// Key, value lines of a findings object, nested values indented.
void FindingLines(const Json& v, const std::string& indent, std::string& out) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    const Json& x = *it;
    const bool nested_array = x.is_array() && std::any_of(x.begin(), x.end(), [](const Json& e) {
                                return e.is_object() || e.is_array();
                              });
    if (x.is_object() && !x.empty()) {
      out += indent + it.key() + ":\n";
      FindingLines(x, indent + "  ", out);
    } else if (nested_array) {
      out += indent + it.key() + ":\n";
      for (const Json& e : x) {
        if (e.is_object()) {
          std::string line;
          for (auto f = e.begin(); f != e.end(); ++f) {
            if (f->is_string() && f->get<std::string>().empty()) continue;
            line += (line.empty() ? "" : ", ") + f.key() + " " + ValueText(*f);
          }
          out += indent + "  - " + line + "\n";
        } else {
          out += indent + "  - " + ValueText(e) + "\n";
        }
      }
    } else {
      out += indent + it.key() + ": " + ValueText(x) + "\n";
    }
  }
}

}  // namespace

std::string FormatNumber(double v) {
  char buf[64];
  if (std::isfinite(v) && std::fabs(v) < 1e15 && v == std::floor(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else if (std::isfinite(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.1f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%g", v);
  }
  return buf;
}

std::string ValueText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_number()) return FormatNumber(v.get<double>());
  if (v.is_null()) return "-";
  if (v.is_array() && std::none_of(v.begin(), v.end(),
                                   [](const Json& e) { return e.is_object() || e.is_array(); })) {
    if (v.empty()) return "none";
    std::string out;
    for (const Json& e : v) out += (out.empty() ? "" : ", ") + ValueText(e);
    return out;
  }
  return v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string VerificationLine(const audit::VerifyResult& v) {
  if (v.intact) {
    return "intact: " + std::to_string(v.records) + (v.records == 1 ? " record" : " records") +
           ", head " + v.head;
  }
  return "DOES NOT VERIFY at line " + std::to_string(v.first_bad_line.value_or(0)) + ": " +
         v.problem;
}

Json DecisionTree(const audit::AuditLog& log, const RunTree& tree) {
  Json j;
  j["runbook_id"] = tree.run ? tree.run->runbook_id : "";
  j["timestamp"] = tree.started;
  j["plan_hash"] = tree.run ? tree.run->plan_hash : "";
  Json entries = Json::array();
  for (const auto& c : tree.phases) entries.push_back(PhaseEntry(c, tree));
  if (!tree.gates.empty()) entries.push_back(GatesEntry(tree.gates));
  // Steps and resumes in the order of the records that began them.
  std::vector<std::pair<int64_t, Json>> ran;
  for (const auto& s : tree.steps) ran.emplace_back(s.seq, StepEntry(s, tree));
  for (const auto& r : tree.resumes) ran.emplace_back(r.seq, ResumeEntry(r));
  std::stable_sort(ran.begin(), ran.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [seq, e] : ran) entries.push_back(std::move(e));
  // "step" first in every entry.
  Json numbered = Json::array();
  for (size_t i = 0; i < entries.size(); ++i) {
    Json e;
    e["step"] = i + 1;
    for (auto it = entries[i].begin(); it != entries[i].end(); ++it) e[it.key()] = *it;
    numbered.push_back(std::move(e));
  }
  j["execution_phase"] = numbered;
  j["final_status"] = tree.final_status.empty() ? Json() : Json(tree.final_status);
  if (!tree.remediation.empty()) {
    j["remediation"] = {{"required_changes", tree.remediation.size()},
                        {"changes", RemediationJson(tree.remediation)}};
  }
  if (!tree.message.empty()) j["message"] = tree.message;
  if (!tree.failed_step.empty()) j["failed_step"] = tree.failed_step;
  const audit::VerifyResult& v = log.verify;
  Json a;
  a["path"] = log.path;
  a["intact"] = v.intact;
  a["records"] = v.records;
  a["head"] = v.head;
  a["first_bad_line"] = v.first_bad_line ? Json(*v.first_bad_line) : Json();
  a["problem"] = v.problem;
  j["audit_log"] = a;
  return j;
}

std::string RunDecisionTreeJson(const audit::AuditLog& log, const RunTree& tree) {
  return Dump(DecisionTree(log, tree));
}

std::string RunDecisionTreeText(const audit::AuditLog& log, const RunTree& tree) {
  const Json j = DecisionTree(log, tree);
  std::string out;
  if (!log.verify.intact) {
    out += "WARNING: THIS AUDIT LOG DOES NOT VERIFY (line " +
           std::to_string(log.verify.first_bad_line.value_or(0)) + ": " + log.verify.problem +
           "); nothing below can be trusted.\n\n";
  }
  const std::string runbook = j["runbook_id"].get<std::string>();
  out +=
      "Decision tree of " + (runbook.empty() ? std::string("an unknown runbook") : runbook) + "\n";
  out += "  started    " + (tree.started.empty() ? std::string("-") : tree.started) + "\n";
  out += "  plan       " +
         (j["plan_hash"].get<std::string>().empty() ? std::string("-")
                                                    : j["plan_hash"].get<std::string>()) +
         "\n";
  out += "  audit log  " + log.path + ", " + VerificationLine(log.verify) + "\n\n";
  for (const Json& e : j["execution_phase"]) {
    out += std::to_string(e["step"].get<int64_t>()) + ". " + e["action"].get<std::string>() +
           "  [" + (e["status"].get<std::string>().empty() ? "?" : e["status"].get<std::string>()) +
           "]\n";
    if (e.contains("detail")) out += "     " + e["detail"].get<std::string>() + "\n";
    Json findings = e["findings"];
    // An old phase record's detail alone: one line, or nothing.
    if (findings.size() == 1 && findings.contains("detail") && findings["detail"].is_string()) {
      if (!findings["detail"].get<std::string>().empty()) {
        out += "     " + findings["detail"].get<std::string>() + "\n";
      }
    } else {
      FindingLines(findings, "     ", out);
    }
    // A halted phase's decision and remediation, unless its findings said them.
    if (e.contains("decision") && !findings.contains("decision")) {
      out += "     decision: " + ValueText(e["decision"]) + "\n";
    }
    if (e.contains("remediation") && !e["remediation"].empty() &&
        !findings.contains("remediation")) {
      Json rem = Json::object();
      rem["remediation"] = e["remediation"];
      FindingLines(rem, "     ", out);
    }
  }
  out += "\nFinal status: " +
         (j["final_status"].is_string() ? j["final_status"].get<std::string>()
                                        : std::string("none (the log has no run-end record)")) +
         "\n";
  if (j.contains("failed_step")) out += "  failed step: " + ValueText(j["failed_step"]) + "\n";
  if (j.contains("message")) out += "  " + ValueText(j["message"]) + "\n";
  if (j.contains("remediation")) {
    const Json& r = j["remediation"];
    const size_t n = r["required_changes"].get<size_t>();
    out += "\nRemediation (" + std::to_string(n) +
           (n == 1 ? " required change" : " required changes") + ")\n";
    size_t i = 0;
    for (const Json& c : r["changes"]) {
      const std::string at = c["at"].get<std::string>();
      out += "  " + std::to_string(++i) + ". " + (at.empty() ? "" : at + ": ") +
             c["change"].get<std::string>() + "\n";
    }
  }
  return out;
}

}  // namespace runwarden::report
