// Rebuilding a run's decision tree from its records. Every known field is
// taken out of a copy of the record's fields when it has the expected type;
// whatever is left is the node's `extra`, shown as it is.
#include "audit/run_tree.h"

#include <cstdint>

namespace runwarden::audit {

namespace {

using Json = nlohmann::ordered_json;

class Fields {
 public:
  explicit Fields(const Json& fields) : rest_(fields.is_object() ? fields : Json::object()) {}

  std::string Str(const char* key) {
    auto it = rest_.find(key);
    if (it == rest_.end() || !it->is_string()) return "";
    std::string s = it->get<std::string>();
    rest_.erase(it);
    return s;
  }
  std::optional<int64_t> Int(const char* key) {
    auto it = rest_.find(key);
    if (it == rest_.end() || !it->is_number_integer()) return std::nullopt;
    if (it->is_number_unsigned() && it->get<uint64_t>() > uint64_t{INT64_MAX}) return std::nullopt;
    const int64_t v = it->get<int64_t>();
    rest_.erase(it);
    return v;
  }
  std::optional<double> Num(const char* key) {
    auto it = rest_.find(key);
    if (it == rest_.end() || !it->is_number()) return std::nullopt;
    const double v = it->get<double>();
    rest_.erase(it);
    return v;
  }
  std::optional<bool> Bool(const char* key) {
    auto it = rest_.find(key);
    if (it == rest_.end() || !it->is_boolean()) return std::nullopt;
    const bool v = it->get<bool>();
    rest_.erase(it);
    return v;
  }
  /// An array of strings, taken only when every element is one.
  std::optional<std::vector<std::string>> Strings(const char* key) {
    auto it = rest_.find(key);
    if (it == rest_.end() || !it->is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const Json& e : *it) {
      if (!e.is_string()) return std::nullopt;
      out.push_back(e.get<std::string>());
    }
    rest_.erase(it);
    return out;
  }
  /// The raw value of `key`, taken out, or null.
  Json Take(const char* key) {
    auto it = rest_.find(key);
    if (it == rest_.end()) return Json();
    Json v = std::move(*it);
    rest_.erase(it);
    return v;
  }
  Json& rest() { return rest_; }

 private:
  Json rest_;
};

/// The step attempt records about `id` belong to: its latest, or a new one.
RunTree::Step& StepFor(RunTree& tree, const std::string& id, const AuditRecord& r) {
  for (auto it = tree.steps.rbegin(); it != tree.steps.rend(); ++it) {
    if (it->id == id) return *it;
  }
  RunTree::Step s;
  s.seq = r.seq;
  s.time = r.time;
  s.id = id;
  tree.steps.push_back(std::move(s));
  return tree.steps.back();
}

RunTree::Transaction& TransactionFor(RunTree& tree, std::optional<int64_t> unit,
                                     const AuditRecord& r) {
  for (auto it = tree.transactions.rbegin(); it != tree.transactions.rend(); ++it) {
    if (it->unit == unit) return *it;
  }
  RunTree::Transaction t;
  t.seq = r.seq;
  t.unit = unit;
  tree.transactions.push_back(std::move(t));
  return tree.transactions.back();
}

void AddOther(RunTree& tree, const AuditRecord& r) {
  tree.other.push_back({r.seq, r.line_number, r.time, r.kind, r.fields});
}

void AddRunStart(RunTree& tree, const AuditRecord& r) {
  if (tree.run) {
    AddOther(tree, r);
    return;
  }
  Fields f(r.fields);
  RunTree::Run run;
  run.seq = r.seq;
  run.time = r.time;
  run.plan_hash = f.Str("plan_hash");
  run.runbook_id = f.Str("runbook_id");
  run.runbook_path = f.Str("runbook_path");
  run.runbook_digest = f.Str("runbook_digest");
  run.operator_name = f.Str("operator");
  run.host = f.Str("host");
  run.tool_version = f.Str("tool_version");
  run.target = f.Str("target");
  run.tenant = f.Str("tenant");
  run.yes = f.Bool("yes");
  Json params = f.Take("parameters");
  if (params.is_object()) {
    for (auto it = params.begin(); it != params.end(); ++it) {
      run.parameters.emplace_back(
          it.key(), it->is_string() ? it->get<std::string>()
                                    : it->dump(-1, ' ', false, Json::error_handler_t::replace));
    }
  } else if (!params.is_null()) {
    f.rest()["parameters"] = std::move(params);
  }
  run.extra = std::move(f.rest());
  tree.started = r.time;
  tree.run = std::move(run);
}

RunTree::Check MakeCheck(const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Check c;
  c.seq = r.seq;
  c.time = r.time;
  c.name = f.Str("name");
  c.status = f.Str("status");
  c.detail = f.Str("detail");
  c.action = f.Str("action");
  Json findings = f.Take("findings");
  if (findings.is_object()) {
    c.findings = std::move(findings);
  } else if (!findings.is_null()) {
    f.rest()["findings"] = std::move(findings);
  }
  c.extra = std::move(f.rest());
  return c;
}

void AddStatement(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Step& step = StepFor(tree, f.Str("step"), r);
  RunTree::Statement st;
  st.seq = r.seq;
  st.time = r.time;
  st.index = f.Int("index");
  st.sql_sha256 = f.Str("sql_sha256");
  Json binds = f.Take("binds");
  bool binds_ok = binds.is_array();
  if (binds_ok) {
    for (const Json& b : binds) {
      if (!b.is_object() || !b.contains("parameter") || !b["parameter"].is_string() ||
          !b.contains("value_sha256") || !b["value_sha256"].is_string() || b.size() != 2) {
        binds_ok = false;
        break;
      }
      st.binds.push_back({b["parameter"].get<std::string>(), b["value_sha256"].get<std::string>()});
    }
  }
  if (!binds_ok) {
    st.binds.clear();
    if (!binds.is_null()) f.rest()["binds"] = std::move(binds);
  }
  st.rows = f.Int("rows");
  st.duration_ms = f.Num("duration_ms");
  st.status = f.Str("status");
  st.error = f.Str("error");
  st.extra = std::move(f.rest());
  step.statements.push_back(std::move(st));
}

void AddShellResult(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Step& step = StepFor(tree, f.Str("step"), r);
  RunTree::ShellResult sh;
  sh.seq = r.seq;
  sh.time = r.time;
  sh.exit_code = f.Int("exit_code");
  sh.signal = f.Str("signal");
  if (sh.signal.empty()) {
    if (auto n = f.Int("signal")) sh.signal = std::to_string(*n);
  }
  sh.timed_out = f.Bool("timed_out");
  sh.duration_ms = f.Num("duration_ms");
  sh.stdout_text = f.Str("stdout");
  sh.stderr_text = f.Str("stderr");
  sh.truncated = f.Bool("truncated");
  sh.extra = std::move(f.rest());
  step.shell_results.push_back(std::move(sh));
}

void AddConfirmation(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Step& step = StepFor(tree, f.Str("step"), r);
  RunTree::Confirmation c;
  c.seq = r.seq;
  c.time = r.time;
  c.operator_name = f.Str("operator");
  c.answer = f.Str("answer");
  c.via = f.Str("via");
  c.extra = std::move(f.rest());
  step.confirmations.push_back(std::move(c));
}

void AddCompensation(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Step& step = StepFor(tree, f.Str("step"), r);
  RunTree::Compensation c;
  c.seq = r.seq;
  c.time = r.time;
  c.for_step = f.Str("for_step");
  c.status = f.Str("status");
  c.extra = std::move(f.rest());
  step.compensations.push_back(std::move(c));
}

void AddStepStart(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Step s;
  s.seq = r.seq;
  s.time = r.time;
  s.id = f.Str("step");
  s.kind = f.Str("step_kind");
  s.unit = f.Int("unit");
  s.group = f.Str("group");
  s.extra = std::move(f.rest());
  tree.steps.push_back(std::move(s));
}

void AddStepDone(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Step& step = StepFor(tree, f.Str("step"), r);
  step.status = f.Str("status");
  step.done_time = r.time;
  for (auto it = f.rest().begin(); it != f.rest().end(); ++it) step.extra[it.key()] = *it;
}

void AddTransaction(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  const std::optional<int64_t> unit = f.Int("unit");
  if (r.kind == kinds::kTransactionBegin) {
    RunTree::Transaction t;
    t.seq = r.seq;
    t.unit = unit;
    tree.transactions.push_back(std::move(t));
  }
  RunTree::Transaction& t = TransactionFor(tree, unit, r);
  if (std::string txid = f.Str("txid"); !txid.empty()) {
    t.txid = txid;
  } else if (auto n = f.Int("txid")) {
    t.txid = std::to_string(*n);
  }
  if (r.kind == kinds::kTransactionBegin) {
    t.begun = r.time;
  } else if (r.kind == kinds::kCommitIntended) {
    t.commit_intended = r.time;
    if (auto steps = f.Strings("steps")) t.steps = std::move(*steps);
  } else if (r.kind == kinds::kCommitDone) {
    t.committed = r.time;
  } else {
    t.rolled_back = r.time;
    if (auto steps = f.Strings("steps")) t.rolled_back_steps = std::move(*steps);
    t.rollback_reason = f.Str("reason");
  }
  for (auto it = f.rest().begin(); it != f.rest().end(); ++it) t.extra[it.key()] = *it;
}

void AddRunEnd(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  tree.final_status = f.Str("final_status");
  tree.failed_step = f.Str("failed_step");
  tree.message = f.Str("message");
  tree.ended = r.time;
  // Taken only when every element is {change, at} with strings (`at` may
  // be missing); otherwise kept as it is in end_extra.
  Json remediation = f.Take("remediation");
  bool ok = remediation.is_array();
  std::vector<RunTree::Remediation> changes;
  if (ok) {
    for (const Json& e : remediation) {
      if (!e.is_object() || !e.contains("change") || !e["change"].is_string() ||
          (e.contains("at") && !e["at"].is_string()) || e.size() > 2 ||
          (e.size() == 2 && !e.contains("at"))) {
        ok = false;
        break;
      }
      changes.push_back(
          {e["change"].get<std::string>(), e.contains("at") ? e["at"].get<std::string>() : ""});
    }
  }
  if (ok) {
    tree.remediation = std::move(changes);
  } else if (!remediation.is_null()) {
    f.rest()["remediation"] = std::move(remediation);
  }
  tree.end_extra = std::move(f.rest());
}

void AddResume(RunTree& tree, const AuditRecord& r) {
  Fields f(r.fields);
  RunTree::Resume res;
  res.seq = r.seq;
  res.time = r.time;
  res.previous_head = f.Str("previous_head");
  res.from_step = f.Str("from_step");
  res.extra = std::move(f.rest());
  tree.resumes.push_back(std::move(res));
}

}  // namespace

RunTree BuildRunTree(const AuditLog& log) {
  RunTree tree;
  tree.run_id = log.header.run_id;
  tree.created = log.header.created;
  for (const AuditRecord& r : log.records) {
    const std::string& k = r.kind;
    if (k == kinds::kRunStart) {
      AddRunStart(tree, r);
    } else if (k == kinds::kPhase) {
      tree.phases.push_back(MakeCheck(r));
    } else if (k == kinds::kGate) {
      tree.gates.push_back(MakeCheck(r));
    } else if (k == kinds::kStepStart) {
      AddStepStart(tree, r);
    } else if (k == kinds::kStatement) {
      AddStatement(tree, r);
    } else if (k == kinds::kShellResult) {
      AddShellResult(tree, r);
    } else if (k == kinds::kConfirmation) {
      AddConfirmation(tree, r);
    } else if (k == kinds::kCompensation) {
      AddCompensation(tree, r);
    } else if (k == kinds::kStepDone) {
      AddStepDone(tree, r);
    } else if (k == kinds::kTransactionBegin || k == kinds::kCommitIntended ||
               k == kinds::kCommitDone || k == kinds::kRollback) {
      AddTransaction(tree, r);
    } else if (k == kinds::kRunEnd) {
      AddRunEnd(tree, r);
    } else if (k == kinds::kResume) {
      AddResume(tree, r);
    } else {
      AddOther(tree, r);
    }
  }
  return tree;
}

}  // namespace runwarden::audit
