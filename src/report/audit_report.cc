// Audit logs for people and for scripts. Text rendering never hides a
// record: fields runwarden does not know are printed as compact JSON after
// the fields it does.
#include "report/audit_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "report/decision_tree_model.h"
#include "report/json_util.h"

namespace runwarden::report {

namespace {

using audit::AuditLog;
using audit::RunTree;

std::string Compact(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

/// `extra` as "key=value key=value", values as compact JSON.
std::string ExtraText(const Json& extra) {
  std::string out;
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    out += (out.empty() ? "" : " ") + it.key() + "=" + Compact(*it);
  }
  return out;
}

void ExtraLine(const Json& extra, const std::string& indent, std::string& out) {
  if (!extra.empty()) out += indent + "other fields: " + ExtraText(extra) + "\n";
}

/// Output of a shell command, each line behind "| ".
void Quoted(const std::string& label, const std::string& text, const std::string& indent,
            std::string& out) {
  if (text.empty()) return;
  out += indent + label + ":\n";
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += indent + "  | " + text.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
}

std::string Plural(int64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string ChainLine(const AuditLog& log) {
  const audit::VerifyResult& v = log.verify;
  std::string out;
  if (v.intact) {
    out = "intact: " + Plural(v.records, "record") + ", head " + v.head;
  } else {
    out = "DOES NOT VERIFY at line " + std::to_string(v.first_bad_line.value_or(0)) + ": " +
          v.problem;
  }
  return out;
}

std::string TornText(const audit::VerifyResult& v) {
  return "torn tail: the last " + Plural(v.torn_bytes, "byte") + " (line " +
         std::to_string(v.records + 2) +
         ") are an incomplete record, left by a crash while it was written; they are not "
         "part of the chain and are dropped when the run resumes";
}

void CheckLines(const std::string& title, const std::vector<RunTree::Check>& checks,
                std::string& out) {
  if (checks.empty()) return;
  size_t width = 0;
  for (const auto& c : checks) width = std::max(width, c.name.size());
  out += "\n" + title + "\n";
  for (const auto& c : checks) {
    std::string line = "  " + c.name + std::string(width - c.name.size() + 2, ' ') +
                       (c.status.empty() ? "?" : c.status);
    if (!c.detail.empty()) line += "  " + c.detail;
    out += line + "\n";
    if (!c.action.empty()) out += "    action: " + c.action + "\n";
    if (c.findings.is_object() && !c.findings.empty()) {
      out += "    findings: " + ExtraText(c.findings) + "\n";
    }
    ExtraLine(c.extra, "    ", out);
  }
}

void StepText(const RunTree::Step& s, size_t n, std::string& out) {
  std::string attrs = s.kind.empty() ? "" : s.kind;
  if (s.unit) attrs += (attrs.empty() ? "" : ", ") + std::string("unit ") + std::to_string(*s.unit);
  if (!s.group.empty()) attrs += (attrs.empty() ? "" : ", ") + std::string("group ") + s.group;
  out += "  " + std::to_string(n) + ". " + (s.id.empty() ? "(no step id)" : s.id);
  if (!attrs.empty()) out += " (" + attrs + ")";
  out += "  " + (s.status.empty() ? std::string("not finished") : s.status) + "\n";
  out += "       started " + s.time + (s.done_time.empty() ? "" : ", ended " + s.done_time) + "\n";
  ExtraLine(s.extra, "       ", out);
  for (const auto& c : s.confirmations) {
    out += "       confirmation: " + (c.operator_name.empty() ? "?" : c.operator_name) +
           " answered " + (c.answer.empty() ? "?" : c.answer);
    if (!c.via.empty()) out += " via " + c.via;
    out += " at " + c.time + "\n";
    ExtraLine(c.extra, "         ", out);
  }
  for (const auto& st : s.statements) {
    std::string line = "       statement";
    if (st.index) line += " " + std::to_string(*st.index);
    line += ": " + (st.status.empty() ? std::string("?") : st.status);
    if (st.rows) line += ", " + Plural(*st.rows, "row");
    if (st.duration_ms) line += ", " + FormatNumber(*st.duration_ms) + " ms";
    out += line + "\n";
    if (!st.sql_sha256.empty()) out += "         sql " + st.sql_sha256 + "\n";
    for (const auto& b : st.binds) {
      out += "         bind " + b.parameter + " = " + b.value_sha256 + "\n";
    }
    if (!st.error.empty()) out += "         error: " + st.error + "\n";
    ExtraLine(st.extra, "         ", out);
  }
  for (const auto& sh : s.shell_results) {
    std::string line = "       shell: ";
    if (sh.exit_code) {
      line += "exit " + std::to_string(*sh.exit_code);
    } else if (!sh.signal.empty()) {
      line += "killed by signal " + sh.signal;
    } else {
      line += "no exit code";
    }
    if (sh.exit_code && !sh.signal.empty()) line += ", signal " + sh.signal;
    if (sh.timed_out.value_or(false)) line += ", timed out";
    if (sh.duration_ms) line += ", " + FormatNumber(*sh.duration_ms) + " ms";
    if (sh.truncated.value_or(false)) line += ", output truncated";
    out += line + "\n";
    Quoted("stdout", sh.stdout_text, "         ", out);
    Quoted("stderr", sh.stderr_text, "         ", out);
    ExtraLine(sh.extra, "         ", out);
  }
  for (const auto& c : s.compensations) {
    out += "       compensation for " + (c.for_step.empty() ? "?" : c.for_step) + ": " +
           (c.status.empty() ? "?" : c.status) + " at " + c.time + "\n";
    ExtraLine(c.extra, "         ", out);
  }
}

std::string JoinSteps(const std::vector<std::string>& steps) {
  std::string out;
  for (const auto& s : steps) out += (out.empty() ? "" : ", ") + s;
  return out;
}

Json ChainJson(const AuditLog& log) {
  const audit::VerifyResult& v = log.verify;
  Json j;
  j["intact"] = v.intact;
  j["records"] = v.records;
  j["head"] = v.head;
  j["torn_tail"] = v.torn_tail;
  j["torn_bytes"] = v.torn_bytes;
  j["first_bad_line"] = v.first_bad_line ? Json(*v.first_bad_line) : Json();
  j["problem"] = v.problem;
  return j;
}

void PutExtra(Json& j, const Json& extra) {
  if (!extra.empty()) j["extra"] = extra;
}

template <typename T>
Json Opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json();
}

Json CheckJson(const RunTree::Check& c) {
  Json j;
  j["seq"] = c.seq;
  j["time"] = c.time;
  j["name"] = c.name;
  j["status"] = c.status;
  j["detail"] = c.detail;
  if (!c.action.empty()) j["action"] = c.action;
  if (!c.findings.is_null()) j["findings"] = c.findings;
  PutExtra(j, c.extra);
  return j;
}

Json StepJson(const RunTree::Step& s) {
  Json j;
  j["seq"] = s.seq;
  j["step"] = s.id;
  j["kind"] = s.kind;
  j["unit"] = Opt(s.unit);
  j["group"] = s.group;
  j["started"] = s.time;
  j["ended"] = s.done_time;
  j["status"] = s.status;
  Json confirmations = Json::array();
  for (const auto& c : s.confirmations) {
    Json cj;
    cj["seq"] = c.seq;
    cj["time"] = c.time;
    cj["operator"] = c.operator_name;
    cj["answer"] = c.answer;
    cj["via"] = c.via;
    PutExtra(cj, c.extra);
    confirmations.push_back(cj);
  }
  j["confirmations"] = confirmations;
  Json statements = Json::array();
  for (const auto& st : s.statements) {
    Json sj;
    sj["seq"] = st.seq;
    sj["time"] = st.time;
    sj["index"] = Opt(st.index);
    sj["sql_sha256"] = st.sql_sha256;
    Json binds = Json::array();
    for (const auto& b : st.binds) {
      binds.push_back(Json{{"parameter", b.parameter}, {"value_sha256", b.value_sha256}});
    }
    sj["binds"] = binds;
    sj["rows"] = Opt(st.rows);
    sj["duration_ms"] = Opt(st.duration_ms);
    sj["status"] = st.status;
    sj["error"] = st.error;
    PutExtra(sj, st.extra);
    statements.push_back(sj);
  }
  j["statements"] = statements;
  Json shell = Json::array();
  for (const auto& sh : s.shell_results) {
    Json hj;
    hj["seq"] = sh.seq;
    hj["time"] = sh.time;
    hj["exit_code"] = Opt(sh.exit_code);
    hj["signal"] = sh.signal;
    hj["timed_out"] = Opt(sh.timed_out);
    hj["duration_ms"] = Opt(sh.duration_ms);
    hj["stdout"] = sh.stdout_text;
    hj["stderr"] = sh.stderr_text;
    hj["truncated"] = Opt(sh.truncated);
    PutExtra(hj, sh.extra);
    shell.push_back(hj);
  }
  j["shell_results"] = shell;
  Json compensations = Json::array();
  for (const auto& c : s.compensations) {
    Json cj;
    cj["seq"] = c.seq;
    cj["time"] = c.time;
    cj["for_step"] = c.for_step;
    cj["status"] = c.status;
    PutExtra(cj, c.extra);
    compensations.push_back(cj);
  }
  j["compensations"] = compensations;
  PutExtra(j, s.extra);
  return j;
}

std::string HeadText(const AuditLog& log, const std::string& expected) {
  if (expected.empty()) return "";
  if (expected == log.verify.head) return "head matches the expected head\n";
  std::string out = "head differs from the expected head " + expected;
  if (auto line = audit::LineWithHash(log, expected)) {
    out +=
        ": that is the hash of line " + std::to_string(*line) + ", so records were added after it";
  } else {
    out +=
        ": no line of the log has that hash, so records were removed from its end, or it is "
        "not the log the head was noted from";
  }
  return out + "\n";
}

}  // namespace

std::string AuditVerifyText(const AuditLog& log, const std::string& expected_head) {
  const audit::VerifyResult& v = log.verify;
  std::string out;
  if (v.intact) {
    out = log.path + ": intact, " + Plural(v.records, "record") + ", head " + v.head + "\n";
    if (v.torn_tail) out += "  " + TornText(v) + "\n";
    out += HeadText(log, expected_head);
  } else {
    out = log.path + ":" + std::to_string(v.first_bad_line.value_or(0)) +
          ": does not verify: " + v.problem + "\n";
    out += "  the log was changed after it was written; the " + Plural(v.records, "record") +
           " before line " + std::to_string(v.first_bad_line.value_or(0)) +
           (v.records == 1 ? " verifies" : " verify") + "\n";
  }
  return out;
}

std::string AuditVerifyJson(const AuditLog& log, const std::string& expected_head) {
  Json j;
  j["log"] = log.path;
  const Json chain = ChainJson(log);
  for (auto it = chain.begin(); it != chain.end(); ++it) j[it.key()] = *it;
  j["expected_head"] = expected_head.empty() ? Json() : Json(expected_head);
  j["head_matches"] = expected_head.empty() ? Json() : Json(expected_head == log.verify.head);
  j["expected_head_line"] =
      expected_head.empty() ? Json() : Opt(audit::LineWithHash(log, expected_head));
  return Dump(j);
}

std::string AuditText(const AuditLog& log, const RunTree& tree) {
  std::string out;
  const audit::VerifyResult& v = log.verify;
  if (!v.intact) {
    out += "WARNING: THIS AUDIT LOG DOES NOT VERIFY. It was changed after it was written (line " +
           std::to_string(v.first_bad_line.value_or(0)) + ": " + v.problem +
           "); nothing below can be trusted.\n\n";
  }
  out += "Audit log " + log.path + "\n";
  out += "  run " + tree.run_id + ", log created " + tree.created + "\n";
  out += "  chain " + ChainLine(log) + "\n";
  if (v.torn_tail) out += "  " + TornText(v) + "\n";

  if (tree.run) {
    const RunTree::Run& r = *tree.run;
    out += "\nRun\n";
    auto row = [&out](const std::string& label, const std::string& value) {
      if (!value.empty()) out += "  " + label + std::string(13 - label.size(), ' ') + value + "\n";
    };
    row("plan", r.plan_hash);
    std::string runbook = r.runbook_id;
    if (!r.runbook_path.empty()) runbook += (runbook.empty() ? "" : "  ") + r.runbook_path;
    row("runbook", runbook);
    row("digest", r.runbook_digest);
    std::string who = r.operator_name;
    if (!r.host.empty()) who += (who.empty() ? "" : " on ") + r.host;
    row("operator", who);
    row("runwarden", r.tool_version);
    row("target", r.target);
    row("tenant", r.tenant);
    for (const auto& [name, value] : r.parameters) row("parameter", name + " = " + value);
    if (r.yes) row("--yes", *r.yes ? "given: confirmations were not asked" : "not given");
    row("started", r.time);
    row("ended", tree.ended);
    ExtraLine(r.extra, "  ", out);
  } else {
    out += "\nRun\n  (no run-start record)\n";
  }

  CheckLines("Phases", tree.phases, out);
  CheckLines("Gates", tree.gates, out);

  if (!tree.steps.empty()) {
    out += "\nSteps\n";
    for (size_t i = 0; i < tree.steps.size(); ++i) StepText(tree.steps[i], i + 1, out);
  }
  if (!tree.transactions.empty()) {
    out += "\nTransactions\n";
    for (const auto& t : tree.transactions) {
      out += "  unit " + (t.unit ? std::to_string(*t.unit) : std::string("?"));
      if (!t.txid.empty()) out += " (txid " + t.txid + ")";
      out += ": ";
      std::string what;
      auto add = [&what](const std::string& s) { what += (what.empty() ? "" : "; ") + s; };
      if (!t.begun.empty()) add("begun " + t.begun);
      if (!t.commit_intended.empty()) {
        add("commit intended " + t.commit_intended +
            (t.steps.empty() ? "" : " for " + JoinSteps(t.steps)));
      }
      if (!t.committed.empty()) add("committed " + t.committed);
      if (!t.rolled_back.empty()) {
        add("rolled back " + t.rolled_back +
            (t.rolled_back_steps.empty() ? "" : " (" + JoinSteps(t.rolled_back_steps) + ")") +
            (t.rollback_reason.empty() ? "" : ": " + t.rollback_reason));
      }
      if (!t.commit_intended.empty() && t.committed.empty() && t.rolled_back.empty()) {
        add("COMMIT OUTCOME UNKNOWN: the commit was sent but its result was never recorded");
      }
      out += what + "\n";
      ExtraLine(t.extra, "    ", out);
    }
  }
  if (!tree.resumes.empty()) {
    out += "\nResumes\n";
    for (const auto& r : tree.resumes) {
      out += "  " + r.time + ": resumed from step " + (r.from_step.empty() ? "?" : r.from_step) +
             (r.previous_head.empty() ? "" : ", previous head " + r.previous_head) + "\n";
      ExtraLine(r.extra, "    ", out);
    }
  }
  if (!tree.other.empty()) {
    out += "\nOther records\n";
    for (const auto& o : tree.other) {
      out += "  line " + std::to_string(o.line_number) + ", seq " + std::to_string(o.seq) + ", " +
             o.kind + (o.time.empty() ? "" : " at " + o.time);
      if (!o.fields.empty()) out += ": " + ExtraText(o.fields);
      out += "\n";
    }
  }
  out += "\nFinal status: " +
         (tree.final_status.empty()
              ? std::string("none (the log has no run-end record: the run is still going, or "
                            "stopped without ending it)")
              : tree.final_status) +
         "\n";
  if (!tree.failed_step.empty()) out += "  failed step: " + tree.failed_step + "\n";
  if (!tree.message.empty()) out += "  " + tree.message + "\n";
  if (!tree.remediation.empty()) {
    out += "  remediation:\n";
    for (size_t i = 0; i < tree.remediation.size(); ++i) {
      const RunTree::Remediation& r = tree.remediation[i];
      out += "    " + std::to_string(i + 1) + ". " + (r.at.empty() ? "" : r.at + ": ") + r.change +
             "\n";
    }
  }
  ExtraLine(tree.end_extra, "  ", out);
  return out;
}

std::string AuditJson(const AuditLog& log, const RunTree& tree) {
  Json j;
  j["log"] = log.path;
  j["run_id"] = tree.run_id;
  j["created"] = tree.created;
  j["chain"] = ChainJson(log);
  if (tree.run) {
    const RunTree::Run& r = *tree.run;
    Json rj;
    rj["seq"] = r.seq;
    rj["plan_hash"] = r.plan_hash;
    rj["runbook_id"] = r.runbook_id;
    rj["runbook_path"] = r.runbook_path;
    rj["runbook_digest"] = r.runbook_digest;
    rj["operator"] = r.operator_name;
    rj["host"] = r.host;
    rj["tool_version"] = r.tool_version;
    rj["target"] = r.target;
    rj["tenant"] = r.tenant;
    Json params = Json::object();
    for (const auto& [name, value] : r.parameters) params[name] = value;
    rj["parameters"] = params;
    rj["yes"] = Opt(r.yes);
    PutExtra(rj, r.extra);
    j["run"] = rj;
  } else {
    j["run"] = nullptr;
  }
  Json phases = Json::array(), gates = Json::array(), steps = Json::array();
  for (const auto& c : tree.phases) phases.push_back(CheckJson(c));
  for (const auto& c : tree.gates) gates.push_back(CheckJson(c));
  for (const auto& s : tree.steps) steps.push_back(StepJson(s));
  j["phases"] = phases;
  j["gates"] = gates;
  j["steps"] = steps;
  Json transactions = Json::array();
  for (const auto& t : tree.transactions) {
    Json tj;
    tj["seq"] = t.seq;
    tj["unit"] = Opt(t.unit);
    tj["txid"] = t.txid;
    tj["begun"] = t.begun;
    tj["commit_intended"] = t.commit_intended;
    tj["steps"] = t.steps;
    tj["committed"] = t.committed;
    tj["rolled_back"] = t.rolled_back;
    tj["rolled_back_steps"] = t.rolled_back_steps;
    tj["rollback_reason"] = t.rollback_reason;
    tj["outcome"] = !t.committed.empty()         ? "committed"
                    : !t.rolled_back.empty()     ? "rolled_back"
                    : !t.commit_intended.empty() ? "unknown"
                                                 : "open";
    PutExtra(tj, t.extra);
    transactions.push_back(tj);
  }
  j["transactions"] = transactions;
  Json resumes = Json::array();
  for (const auto& r : tree.resumes) {
    Json rj;
    rj["seq"] = r.seq;
    rj["time"] = r.time;
    rj["previous_head"] = r.previous_head;
    rj["from_step"] = r.from_step;
    PutExtra(rj, r.extra);
    resumes.push_back(rj);
  }
  j["resumes"] = resumes;
  Json other = Json::array();
  for (const auto& o : tree.other) {
    Json oj;
    oj["seq"] = o.seq;
    oj["line"] = o.line_number;
    oj["time"] = o.time;
    oj["kind"] = o.kind;
    oj["fields"] = o.fields;
    other.push_back(oj);
  }
  j["other"] = other;
  j["final_status"] = tree.final_status.empty() ? Json() : Json(tree.final_status);
  j["failed_step"] = tree.failed_step;
  j["message"] = tree.message;
  j["started"] = tree.started;
  j["ended"] = tree.ended;
  if (!tree.remediation.empty()) {
    Json changes = Json::array();
    for (const auto& r : tree.remediation) changes.push_back({{"change", r.change}, {"at", r.at}});
    j["remediation"] = changes;
  }
  if (!tree.end_extra.empty()) j["end_extra"] = tree.end_extra;
  return Dump(j);
}

}  // namespace runwarden::report
