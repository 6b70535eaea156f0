// The facts of the incident report, computed once from the audit log, the
// run tree and the plan beside the log. Rows written are joined to the
// plan's statements by (step, index): the statement's class says whether it
// writes, its parse tree which table, and the step's scope whose tenant.
#include "report/incident_facts.h"

#include <algorithm>
#include <cstdio>

#include "audit/values.h"
#include "plan/plan_file.h"
#include "report/decision_tree_model.h"
#include "sql/parser.h"

namespace runwarden::report {

namespace {

using audit::AuditRecord;
using audit::RunTree;

std::string Str(const Json& fields, const char* key) {
  auto it = fields.find(key);
  if (it == fields.end() || it->is_null()) return "";
  return it->is_string() ? it->get<std::string>() : ValueText(*it);
}

bool Has(const Json& fields, const char* key) {
  auto it = fields.find(key);
  return it != fields.end() && !it->is_null() &&
         !(it->is_string() && it->get<std::string>().empty());
}

std::string Joined(const Json& fields, const char* key) {
  auto it = fields.find(key);
  if (it == fields.end() || !it->is_array()) return "";
  return ValueText(*it);
}

std::string Plural(int64_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

/// One sentence per record, for the timeline.
std::string EventText(const AuditRecord& r) {
  const Json& f = r.fields;
  const std::string& k = r.kind;
  const std::string step = Str(f, "step");
  if (k == audit::kinds::kRunStart) {
    std::string s = "Run of " + Str(f, "runbook_id") + " started";
    if (Has(f, "operator")) s += " by " + Str(f, "operator");
    if (Has(f, "host")) s += " on " + Str(f, "host");
    if (Has(f, "target")) s += ", target " + Str(f, "target");
    if (Has(f, "tenant")) s += ", tenant " + Str(f, "tenant");
    return s;
  }
  if (k == audit::kinds::kPhase) {
    std::string s = "Phase " + Str(f, "name") + ": " + Str(f, "status");
    if (Has(f, "action")) s += " (" + Str(f, "action") + ")";
    if (Has(f, "detail")) s += "; " + Str(f, "detail");
    return s;
  }
  if (k == audit::kinds::kGate) {
    return "Gate " + Str(f, "name") + ": " + Str(f, "status") +
           (Has(f, "detail") ? "; " + Str(f, "detail") : "");
  }
  if (k == audit::kinds::kStepStart) {
    std::string attrs = Str(f, "step_kind");
    if (Has(f, "unit"))
      attrs += (attrs.empty() ? "" : ", ") + std::string("unit ") + Str(f, "unit");
    if (Has(f, "group"))
      attrs += (attrs.empty() ? "" : ", ") + std::string("group ") + Str(f, "group");
    return "Step " + step + " started" + (attrs.empty() ? "" : " (" + attrs + ")");
  }
  if (k == audit::kinds::kStatement) {
    std::string s = "Statement " + Str(f, "index") + " of " + step + ": " + Str(f, "status");
    if (Has(f, "rows")) {
      const Json& rows = f["rows"];
      s += ", " + (rows.is_number_integer() ? Plural(rows.get<int64_t>(), "row")
                                            : Str(f, "rows") + " rows");
    }
    if (Has(f, "duration_ms")) s += ", " + Str(f, "duration_ms") + " ms";
    if (Has(f, "error")) s += "; error: " + Str(f, "error");
    return s;
  }
  if (k == audit::kinds::kShellResult) {
    std::string s = "Shell step " + step;
    if (Has(f, "exit_code")) {
      s += " exited " + Str(f, "exit_code");
    } else if (Has(f, "signal")) {
      s += " was killed by " + Str(f, "signal");
    } else {
      s += " ended without an exit code";
    }
    if (f.contains("timed_out") && f["timed_out"] == true) s += " (timed out)";
    if (Has(f, "duration_ms")) s += " after " + Str(f, "duration_ms") + " ms";
    return s;
  }
  if (k == audit::kinds::kConfirmation) {
    return Str(f, "operator") + " answered " + Str(f, "answer") + " to run " + step +
           (Has(f, "via") ? " (via " + Str(f, "via") + ")" : "");
  }
  if (k == audit::kinds::kTransactionBegin) {
    return "Transaction of unit " + Str(f, "unit") + " began" +
           (Has(f, "txid") ? " (txid " + Str(f, "txid") + ")" : "");
  }
  if (k == audit::kinds::kCommitIntended) {
    return "COMMIT of unit " + Str(f, "unit") + " sent" +
           (Has(f, "steps") ? " (steps " + Joined(f, "steps") + ")" : "");
  }
  if (k == audit::kinds::kCommitDone) return "Unit " + Str(f, "unit") + " committed";
  if (k == audit::kinds::kRollback) {
    return "Unit " + Str(f, "unit") + " rolled back" +
           (Has(f, "steps") ? " (steps " + Joined(f, "steps") + ")" : "") +
           (Has(f, "reason") ? ": " + Str(f, "reason") : "");
  }
  if (k == audit::kinds::kCompensation) {
    return "Compensating step " + step + " for " + Str(f, "for_step") + ": " + Str(f, "status");
  }
  if (k == audit::kinds::kStepDone) return "Step " + step + " " + Str(f, "status");
  if (k == audit::kinds::kRunEnd) {
    return "Run ended: " + Str(f, "final_status") +
           (Has(f, "message") ? "; " + Str(f, "message") : "");
  }
  if (k == audit::kinds::kResume) {
    return "Run resumed from step " + Str(f, "from_step") +
           (Has(f, "previous_head") ? " (previous head " + Str(f, "previous_head") + ")" : "");
  }
  if (k == audit::kinds::kTornTail) {
    return "An incomplete last record (" + Str(f, "dropped_bytes") +
           " bytes) left by a crash was dropped when the run resumed";
  }
  std::string s = "Record of kind " + k;
  std::string rest;
  for (auto it = f.begin(); it != f.end(); ++it) {
    rest += (rest.empty() ? "" : ", ") + it.key() + " " + ValueText(*it);
  }
  return rest.empty() ? s : s + ": " + rest;
}

const plan::PlannedStep* FindStep(const plan::Plan& p, const std::string& id) {
  for (const auto& u : p.units) {
    for (const auto& s : u.steps) {
      if (s.id == id) return &s;
    }
  }
  for (const auto& s : p.compensations) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const plan::PlannedUnit* FindUnitOf(const plan::Plan& p, const std::string& id) {
  for (const auto& u : p.units) {
    for (const auto& s : u.steps) {
      if (s.id == id) return &u;
    }
  }
  return nullptr;
}

/// The plan's statement a statement record is about. The record's
/// sql_sha256 is the hash of the exact text that ran, so it decides; only a
/// record without one falls back on its index, which counts from 0 when any
/// statement record of the step has index 0 and from 1 otherwise.
const plan::PlannedStatement* PlannedStatementOf(const plan::PlannedStep& planned,
                                                 const RunTree::Step& step,
                                                 const RunTree::Statement& st) {
  if (!st.sql_sha256.empty()) {
    for (const auto& ps : planned.statements) {
      if (audit::ValueHash(ps.sql) == st.sql_sha256) return &ps;
    }
    return nullptr;
  }
  if (!st.index) return nullptr;
  bool from_zero = false;
  for (const auto& other : step.statements) from_zero = from_zero || other.index == 0;
  const int64_t i = *st.index - (from_zero ? 0 : 1);
  if (i < 0 || static_cast<size_t>(i) >= planned.statements.size()) return nullptr;
  return &planned.statements[static_cast<size_t>(i)];
}

std::string RangeVarName(sql::Node rv) {
  if (rv.tag() == "RangeVar") rv = rv.unwrap();
  const std::string schema(rv["schemaname"].str());
  const std::string rel(rv["relname"].str());
  if (rel.empty()) return "";
  return schema.empty() ? rel : schema + "." + rel;
}

/// The tables a writing statement writes, from its parse tree.
std::vector<std::string> WrittenTables(const std::string& sql_text) {
  std::vector<std::string> out;
  const auto parsed = sql::ParseStatements(sql_text);
  for (const auto& p : parsed) {
    if (!p.root) continue;
    const std::string_view tag = p.root.tag();
    const sql::Node s = p.root.unwrap();
    if (tag == "InsertStmt" || tag == "UpdateStmt" || tag == "DeleteStmt" || tag == "MergeStmt" ||
        tag == "CopyStmt") {
      if (std::string t = RangeVarName(s["relation"]); !t.empty()) out.push_back(t);
    } else if (tag == "TruncateStmt") {
      for (sql::Node rv : s["relations"]) {
        if (std::string t = RangeVarName(rv); !t.empty()) out.push_back(t);
      }
    }
  }
  return out;
}

enum class Outcome { kChanged, kRolledBack, kUnknown };

/// What became of a step's writes: its unit's latest transaction decides.
Outcome OutcomeOf(const RunTree& tree, const RunTree::Step& s, bool transactional,
                  std::string* note) {
  if (s.unit) {
    for (auto it = tree.transactions.rbegin(); it != tree.transactions.rend(); ++it) {
      if (it->unit != s.unit) continue;
      if (!it->committed.empty()) return Outcome::kChanged;
      if (!it->rolled_back.empty()) return Outcome::kRolledBack;
      *note = "the transaction of unit " + std::to_string(*s.unit) + " has no " +
              (it->commit_intended.empty() ? "commit or rollback" : "recorded commit outcome") +
              " in the log";
      return Outcome::kUnknown;
    }
  }
  if (!transactional) return Outcome::kChanged;
  *note = "no transaction of step " + s.id + "'s unit is recorded";
  return Outcome::kUnknown;
}

void AddChange(IncidentFacts& facts, const std::string& table, const std::string& tenant,
               const std::string& step, int64_t rows, Outcome outcome) {
  IncidentFacts::TableChange* c = nullptr;
  for (auto& x : facts.changes) {
    if (x.table == table && x.tenant == tenant) c = &x;
  }
  if (!c) {
    facts.changes.push_back({table, tenant, 0, 0, 0, {}});
    c = &facts.changes.back();
  }
  (outcome == Outcome::kChanged      ? c->changed
   : outcome == Outcome::kRolledBack ? c->rolled_back
                                     : c->unknown) += rows;
  if (std::find(c->steps.begin(), c->steps.end(), step) == c->steps.end()) c->steps.push_back(step);
}

void AddNote(IncidentFacts& facts, const std::string& note) {
  if (std::find(facts.change_notes.begin(), facts.change_notes.end(), note) ==
      facts.change_notes.end()) {
    facts.change_notes.push_back(note);
  }
}

void ComputeChanges(const RunTree& tree, const plan::Plan* plan, IncidentFacts& facts) {
  const std::string tenant = tree.run ? tree.run->tenant : "";
  for (const RunTree::Step& s : tree.steps) {
    const plan::PlannedStep* planned = plan ? FindStep(*plan, s.id) : nullptr;
    const plan::PlannedUnit* unit = plan ? FindUnitOf(*plan, s.id) : nullptr;
    if (!s.shell_results.empty() || s.kind == "shell") {
      AddNote(facts, "Shell step " + s.id +
                         " ran outside the database; what it changed is not counted here "
                         "(see its output in the audit log).");
    }
    if (plan && !planned && !s.statements.empty()) {
      AddNote(facts, "Step " + s.id + " is not in the plan: its rows are counted without a table.");
    }
    const std::string step_tenant = planned && planned->scope != "tenant" && !planned->scope.empty()
                                        ? "all tenants (" + planned->scope + " step)"
                                        : tenant;
    for (const RunTree::Statement& st : s.statements) {
      if (st.status != "ok" || !st.rows) continue;
      std::string note;
      const Outcome outcome = OutcomeOf(tree, s, unit ? unit->transactional : true, &note);
      if (!note.empty())
        AddNote(facts, "Rows of " + s.id + " are of unknown outcome: " + note + ".");
      const plan::PlannedStatement* ps = planned ? PlannedStatementOf(*planned, s, st) : nullptr;
      if (!plan || !planned) {
        if (!plan) {
          AddNote(facts,
                  "Without the plan, reads cannot be told from writes: the rows counted under "
                  "(unknown without the plan) are every row the statements reported, returned "
                  "or written.");
        }
        AddChange(facts, plan ? "(step not in the plan)" : "(unknown without the plan)",
                  step_tenant, s.id, *st.rows, outcome);
        continue;
      }
      if (!ps) {
        AddNote(facts, "Statement " + (st.index ? std::to_string(*st.index) : std::string("?")) +
                           " of " + s.id +
                           " is not a statement of the plan's step (its SQL "
                           "hash matches none of them).");
        AddChange(facts, "(statement not in the plan)", step_tenant, s.id, *st.rows, outcome);
        continue;
      }
      const plan::StatementClass cls = ps->effects.statement_class;
      if (cls == plan::StatementClass::kRead || cls == plan::StatementClass::kSession ||
          cls == plan::StatementClass::kTransactionControl) {
        continue;  // returned or counted rows, nothing written
      }
      std::vector<std::string> tables = WrittenTables(ps->sql);
      if (cls != plan::StatementClass::kWrite || tables.empty()) {
        AddNote(facts, "Statement " + std::to_string(*st.index) + " of " + s.id + " (" +
                           std::string(plan::StatementClassName(cls)) + ", " +
                           Plural(*st.rows, "row") +
                           ") may have changed data runwarden cannot attribute to a table.");
        continue;
      }
      // A statement writes one table (TRUNCATE may name several: the rows
      // are counted under the first).
      AddChange(facts, tables.front(), step_tenant, s.id, *st.rows, outcome);
    }
  }
  for (const RunTree::Transaction& t : tree.transactions) {
    IncidentFacts::UnitOutcome u;
    u.unit = t.unit ? std::to_string(*t.unit) : "?";
    u.txid = t.txid;
    if (!t.committed.empty()) {
      u.outcome = "committed";
      u.detail = "at " + t.committed;
    } else if (!t.rolled_back.empty()) {
      u.outcome = "rolled back";
      u.detail =
          "at " + t.rolled_back + (t.rollback_reason.empty() ? "" : ": " + t.rollback_reason);
    } else if (!t.commit_intended.empty()) {
      u.outcome = "unknown";
      u.detail = "COMMIT sent at " + t.commit_intended + "; its outcome was never recorded";
    } else {
      u.outcome = "never committed";
      u.detail = "begun at " + t.begun;
    }
    const auto& steps = !t.steps.empty() ? t.steps : t.rolled_back_steps;
    for (const auto& s : steps) u.steps += (u.steps.empty() ? "" : ", ") + s;
    facts.units.push_back(std::move(u));
  }
}

void ComputeFindings(const RunTree& tree, const plan::Plan* plan, IncidentFacts& facts) {
  if (plan) {
    for (const analysis::Finding& f : plan->findings) {
      facts.findings.push_back({f.rule_id, std::string(analysis::SeverityName(f.severity)),
                                f.message, f.span.path.empty() ? "" : FormatLocation(f.span)});
    }
    for (const plan::Override& o : plan->overrides) facts.overrides.push_back({o.rule, o.reason});
  } else {
    // Without the plan, what the phases found: isolation vectors, contract issues.
    for (const RunTree::Check& c : tree.phases) {
      if (!c.findings.is_object()) continue;
      for (const char* key : {"vectors", "issues"}) {
        auto it = c.findings.find(key);
        if (it == c.findings.end() || !it->is_array()) continue;
        for (const Json& v : *it) {
          if (!v.is_object()) continue;
          facts.findings.push_back(
              {Str(v, "rule"), "phase " + c.name, Str(v, "message"), Str(v, "at")});
        }
      }
    }
  }
  for (const RunTree::Check& g : tree.gates) {
    facts.gates.push_back({g.name, g.status, g.detail, "run"});
  }
  if (plan) {
    for (const plan::Gate& g : plan->gates) {
      bool logged = false;
      for (const RunTree::Check& c : tree.gates) logged = logged || c.name == g.name;
      if (!logged) facts.gates.push_back({g.name, g.status, g.detail, "plan"});
    }
  }
}

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<int64_t> ParseMillis(const std::string& t) {
  if (!audit::IsUtcTime(t)) return std::nullopt;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (std::sscanf(t.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) != 6) {
    return std::nullopt;
  }
  int64_t ms = 0;
  if (t.size() > 20 && t[19] == '.') {
    int digits = 0;
    for (size_t i = 20; i < t.size() && t[i] >= '0' && t[i] <= '9' && digits < 3; ++i, ++digits) {
      ms = ms * 10 + (t[i] - '0');
    }
    for (; digits < 3; ++digits) ms *= 10;
  }
  return ((DaysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60000 + int64_t{s} * 1000 + ms;
}

}  // namespace

std::optional<int64_t> MillisBetween(const std::string& from, const std::string& to) {
  const auto a = ParseMillis(from), b = ParseMillis(to);
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::string FormatDuration(int64_t ms) {
  char buf[64];
  if (ms < 0) return "-" + FormatDuration(-ms);
  if (ms < 1000) {
    std::snprintf(buf, sizeof buf, "%lld ms", static_cast<long long>(ms));
  } else if (ms < 60000) {
    std::snprintf(buf, sizeof buf, "%lld.%03lld s", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000));
  } else if (ms < 3600000) {
    std::snprintf(buf, sizeof buf, "%lld min %02lld s", static_cast<long long>(ms / 60000),
                  static_cast<long long>(ms % 60000 / 1000));
  } else {
    std::snprintf(buf, sizeof buf, "%lld h %02lld min", static_cast<long long>(ms / 3600000),
                  static_cast<long long>(ms % 3600000 / 60000));
  }
  return buf;
}

PlanBeside CheckPlanBeside(const std::string& path, const std::optional<std::string>& text,
                           const std::string& run_plan_hash) {
  PlanBeside p;
  p.path = path;
  if (!text) {
    p.state = PlanBeside::State::kMissing;
    p.problem = "no plan file beside the audit log (" + path + ")";
    return p;
  }
  std::string hash;
  auto read = plan::ReadPlan(*text, path, &hash);
  if (!read.ok()) {
    p.state = PlanBeside::State::kUnreadable;
    p.problem = read.status().message();
    return p;
  }
  p.hash = hash;
  if (hash != run_plan_hash) {
    p.state = PlanBeside::State::kDiffers;
    p.problem = path + " is the plan " + hash + ", not the plan the run executed (" +
                (run_plan_hash.empty() ? std::string("none recorded") : run_plan_hash) + ")";
    return p;
  }
  p.state = PlanBeside::State::kMatches;
  p.plan = std::move(*read);
  return p;
}

IncidentFacts ComputeIncidentFacts(const audit::AuditLog& log, const RunTree& tree,
                                   const PlanBeside& beside) {
  IncidentFacts facts;
  const plan::Plan* plan =
      beside.state == PlanBeside::State::kMatches && beside.plan ? &*beside.plan : nullptr;
  const RunTree::Run* run = tree.run ? &*tree.run : nullptr;
  facts.runbook_id = run ? run->runbook_id : "";
  facts.final_status =
      tree.final_status.empty() ? "none (the log has no run-end record)" : tree.final_status;
  facts.plan_hash = run ? run->plan_hash : "";
  const std::string name =
      plan && !plan->runbook_title.empty() ? plan->runbook_title : facts.runbook_id;
  facts.title = "Post-incident report: " + (name.empty() ? std::string("unknown runbook") : name);
  facts.verified = log.verify.intact;
  facts.verification = VerificationLine(log.verify);
  if (!log.verify.intact) {
    facts.warning = "THIS AUDIT LOG DOES NOT VERIFY: it was changed after it was written (line " +
                    std::to_string(log.verify.first_bad_line.value_or(0)) + ": " +
                    log.verify.problem + "). Nothing in this report can be trusted.";
  }
  facts.plan_used = plan != nullptr;
  facts.plan_note = plan ? "The plan " + beside.path +
                               " beside the log is the plan the run "
                               "executed (its hash matches run-start's plan_hash)."
                         : "The plan cannot be used: " + beside.problem +
                               ". This report goes on without it: tables, findings and "
                               "overrides come from the log alone.";

  auto add = [&facts](const std::string& label, const std::string& value, bool code = false) {
    facts.summary.push_back({label, value.empty() ? "-" : value, code && !value.empty()});
  };
  add("Runbook", facts.runbook_id, true);
  if (plan && !plan->runbook_title.empty()) add("Title", plan->runbook_title);
  if (plan && !plan->severity.empty()) add("Severity", plan->severity);
  add("Final status", facts.final_status, true);
  if (!tree.failed_step.empty()) add("Failed step", tree.failed_step, true);
  add("Operator", run ? run->operator_name : "", true);
  add("Host", run ? run->host : "", true);
  add("Target", run ? run->target : "", true);
  add("Tenant", run ? run->tenant : "", true);
  add("Started", tree.started);
  add("Ended", tree.ended);
  const auto total = MillisBetween(tree.started, tree.ended);
  add("Total duration", total ? FormatDuration(*total) : "");
  add("Plan hash", facts.plan_hash, true);
  add("Run id", tree.run_id, true);
  add("Audit log", log.path, true);
  add("Verification", facts.verification);

  for (const AuditRecord& r : log.records) {
    facts.timeline.push_back({r.time, r.seq, r.kind, EventText(r)});
  }
  // In time order; records of the same millisecond in log order.
  std::stable_sort(facts.timeline.begin(), facts.timeline.end(),
                   [](const IncidentFacts::Event& a, const IncidentFacts::Event& b) {
                     return a.time != b.time ? a.time < b.time : a.seq < b.seq;
                   });
  // Step durations on their step-done events.
  for (const RunTree::Step& s : tree.steps) {
    for (IncidentFacts::Event& e : facts.timeline) {
      if (e.kind != audit::kinds::kStepDone || e.time != s.done_time) continue;
      const std::string prefix = "Step " + s.id + " ";
      if (e.what.rfind(prefix, 0) != 0) continue;
      if (auto took = MillisBetween(s.time, s.done_time)) {
        e.what += " after " + FormatDuration(*took);
      }
    }
  }

  ComputeChanges(tree, plan, facts);
  ComputeFindings(tree, plan, facts);
  facts.decision_tree = DecisionTree(log, tree);
  for (const auto& r : tree.remediation) facts.remediation.push_back({r.change, r.at});
  if (facts.remediation.empty() && plan && tree.final_status == "execution_blocked_for_safety") {
    for (const auto& r : plan->remediation) {
      facts.remediation.push_back({r.change, r.span.path.empty() ? "" : FormatLocation(r.span)});
    }
  }
  facts.failed_step = tree.failed_step;
  facts.message = tree.message;
  return facts;
}

}  // namespace runwarden::report
