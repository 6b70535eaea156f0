// The plan's decision tree. Findings are put in the phase of the rule that
// produced them (its RuleTarget); a phase that had nothing loaded to look at
// says "not-run" rather than "passed".
#include "report/plan_report.h"

#include <set>

#include "analysis/registry.h"
#include "report/json_util.h"

namespace runwarden::report {

namespace {

using analysis::Finding;
using analysis::RuleTarget;
using analysis::Severity;

struct Phase {
  std::string name;
  std::string action;
  std::string status;  ///< passed, warnings, failed, overridden, not-run, halted
  std::string detail;
  std::vector<const Finding*> findings;
};

std::string PhaseOf(const Finding& f) {
  const analysis::Rule* rule = analysis::FindRule(f.rule_id);
  if (rule == nullptr) return "runbook";
  switch (rule->info().target) {
    case RuleTarget::kRunbook:
      return "runbook";
    case RuleTarget::kSchema:
    case RuleTarget::kRowLevelSecurity:
    case RuleTarget::kLiveSchema:
      return "schema";
    case RuleTarget::kContracts:
      return "contracts";
    case RuleTarget::kRunbookSchema:
    case RuleTarget::kStatementScope:
      return "isolation";
  }
  return "runbook";
}

std::string GateStatus(const plan::Plan& p, const std::string& name) {
  for (const plan::Gate& g : p.gates) {
    if (g.name == name) return g.status;
  }
  return "not-run";
}

std::vector<Phase> Phases(const plan::Plan& p) {
  const bool schema = !p.schema_fingerprint.empty();
  std::vector<Phase> phases = {
      {"runbook", "Parsing and linting the runbook", "", "", {}},
      {"schema",
       "Analyzing the schema and its row-level security",
       "",
       schema ? p.schema_origin : "no schema given (--schema or --target)",
       {}},
      {"contracts",
       "Checking the service's Rust row types",
       "",
       p.contracts_checked ? "" : "no crate given (--rust)",
       {}},
      {"isolation",
       "Checking every statement's tenant scope",
       "",
       schema ? "" : "needs the schema",
       {}},
      {"dry_run",
       "Validating statements against the target without side effects",
       p.dry_run_status,
       p.dry_run_detail,
       {}},
      {"transaction_plan", "Ordering steps into transactions with a rollback plan", "", "", {}},
  };
  std::set<std::string> allowed;
  for (const plan::Override& o : p.overrides) allowed.insert(o.rule);
  for (const Finding& f : p.findings) {
    const std::string name = PhaseOf(f);
    for (Phase& ph : phases) {
      if (ph.name == name) ph.findings.push_back(&f);
    }
  }
  for (Phase& ph : phases) {
    if (ph.name == "dry_run") {
      if (ph.detail.empty()) {
        for (const plan::Gate& g : p.gates) {
          if (g.name == "dry-run") ph.detail = g.detail;
        }
      }
      continue;
    }
    if (ph.name == "transaction_plan") {
      const bool halted = GateStatus(p, "order") == "halted" ||
                          GateStatus(p, "transactions") == "halted" ||
                          GateStatus(p, "parameters") == "halted";
      size_t steps = 0;
      for (const auto& u : p.units) steps += u.steps.size();
      ph.status = halted ? "halted" : p.hazards.empty() ? "passed" : "warnings";
      ph.detail = std::to_string(steps) + " steps in " + std::to_string(p.units.size()) +
                  " units, " + std::to_string(p.hazards.size()) + " ordering hazard" +
                  (p.hazards.size() == 1 ? "" : "s");
      continue;
    }
    const bool loaded = ph.name == "runbook" || (ph.name == "contracts" && p.contracts_checked) ||
                        ((ph.name == "schema" || ph.name == "isolation") && schema);
    if (!loaded) {
      ph.status = "not-run";
      continue;
    }
    bool error = false, overridden = false, warning = false;
    for (const Finding* f : ph.findings) {
      if (f->severity == Severity::kError) {
        (allowed.count(f->rule_id) ? overridden : error) = true;
      } else if (f->severity == Severity::kWarning) {
        warning = true;
      }
    }
    ph.status = error ? "failed" : overridden ? "overridden" : warning ? "warnings" : "passed";
  }
  return phases;
}

std::string Location(const SourceSpan& span) {
  return span.path.empty() ? std::string() : FormatLocation(span) + ": ";
}

std::string ParameterLine(const plan::PlannedParameter& pp) {
  std::string value = pp.secret  ? (pp.secret_sha256.empty() ? "(no value)" : "(secret)")
                      : pp.value ? *pp.value
                                 : "(no value)";
  return pp.name + " = " + value + (pp.from_default ? " (default)" : "");
}

void StepText(const plan::PlannedStep& s, const std::string& prefix, std::string& out) {
  std::string attrs = s.kind;
  if (s.kind == "sql") attrs += ", " + s.scope + " scope";
  if (!s.expect.empty()) attrs += ", expect " + s.expect;
  if (s.timeout_ms) attrs += ", timeout " + std::to_string(*s.timeout_ms) + " ms";
  if (s.confirm) attrs += ", confirm";
  if (!s.rollback.empty()) attrs += ", undone by " + s.rollback;
  if (s.irreversible) attrs += ", irreversible";
  out += prefix + s.id + " (" + attrs + ")  " + s.section + "  " + FormatLocation(s.span) + "\n";
  for (const plan::PlannedStatement& st : s.statements) {
    std::string sql = st.sql;
    for (char& c : sql) {
      if (c == '\n') c = ' ';
    }
    out += "       " + sql + "\n";
    if (!st.binds.empty()) {
      std::string binds;
      for (size_t i = 0; i < st.binds.size(); ++i) {
        binds += (i ? ", " : "") + std::string("$") + std::to_string(i + 1) + " = " +
                 st.binds[i].parameter + (st.binds[i].like_pattern ? " (LIKE-escaped)" : "");
      }
      out += "         binds: " + binds + "\n";
    }
    std::string effects;
    for (const plan::Effect& e : st.effects.effects) {
      effects += (effects.empty() ? "" : ", ") + std::string(plan::EffectKindName(e.kind)) + " (" +
                 e.what + ")";
    }
    if (st.effects.transaction == plan::TransactionUse::kOutsideTransaction) {
      effects += (effects.empty() ? "" : ", ") + std::string("outside a transaction (") +
                 st.effects.outside_transaction_reason + ")";
    }
    if (!effects.empty()) out += "         effects: " + effects + "\n";
    if (st.validation) {
      const plan::StatementValidation& v = *st.validation;
      std::string line = "         dry run: " + v.outcome;
      if (v.estimated_rows)
        line += ", about " + std::to_string(*v.estimated_rows) + " rows estimated";
      if (v.counted) {
        line += "; touches " + std::to_string(v.rows_of_tenant) + " rows of the tenant";
        if (v.rows_of_other_tenants > 0) {
          line += ", " + std::to_string(v.rows_of_other_tenants) + " rows of " +
                  std::to_string(v.other_tenants) + " other tenants";
        }
        if (v.rows_without_tenant > 0) {
          line += ", " + std::to_string(v.rows_without_tenant) + " rows without a tenant";
        }
      }
      if (!v.detail.empty()) line += ": " + v.detail;
      out += line + "\n";
    }
  }
  if (!s.argv.empty()) {
    std::string env;
    for (const std::string& e : s.env) env += (env.empty() ? "" : " ") + e;
    out += "       runs: bash -euo pipefail" + (env.empty() ? "" : ", environment: " + env) + "\n";
  }
  if (s.kind == "manual") out += "       asks the operator: " + s.text + "\n";
}

}  // namespace

std::string PlanText(const plan::Plan& p, const std::string& hash, const SourceSet& sources,
                     Color color) {
  std::string out = "Plan for " + p.runbook_path;
  if (!p.runbook_id.empty())
    out += " (" + p.runbook_id + (p.severity.empty() ? "" : ", " + p.severity) + ")";
  out += "\n  plan hash                " + hash + "\n";
  out += "  runbook digest           " + p.runbook_digest + "\n";
  out += "  runwarden                " + p.tool_version + "\n";
  for (const plan::PlannedParameter& pp : p.parameters) {
    out += std::string(pp.name == p.tenant_parameter ? "  tenant                   "
                                                     : "  parameter                ") +
           ParameterLine(pp) + "\n";
  }
  const plan::TargetIdentity& t = p.target;
  out += "  target                   " +
         (t.backend.empty() ? std::string("none (an offline plan)")
          : t.backend == "sqlite"
              ? "sqlite " + t.path
              : "postgres host=" + t.host + " port=" + t.port + " dbname=" + t.database + " user=" +
                    t.user + (t.server_version.empty() ? "" : " (" + t.server_version + ")")) +
         "\n";
  out += "  schema fingerprint       " +
         (p.schema_fingerprint.empty() ? std::string("none") : p.schema_fingerprint) + "\n";

  out += "\nPhases\n";
  for (const Phase& ph : Phases(p)) {
    std::string line = "  " + ph.name;
    line.resize(std::max<size_t>(line.size() + 1, 20), ' ');
    line += ph.status;
    if (!ph.findings.empty()) {
      std::vector<Finding> mine;
      for (const Finding* f : ph.findings) mine.push_back(*f);
      line += " (" + SummaryLine(mine) + ")";
    }
    if (!ph.detail.empty()) line += ": " + ph.detail;
    out += line + "\n";
  }

  out += "\nSteps in order\n";
  size_t n = 0;
  for (const plan::PlannedUnit& u : p.units) {
    if (!u.atomic_group.empty()) {
      out += "  atomic group " + u.atomic_group +
             (u.transactional ? " (one transaction, a savepoint per step)" : "") + "\n";
    }
    for (const plan::PlannedStep& s : u.steps) {
      StepText(s, "  " + std::to_string(++n) + ". ", out);
    }
  }
  if (!p.compensations.empty()) {
    out += "\nRun only to undo\n";
    for (const plan::PlannedStep& s : p.compensations) StepText(s, "  - ", out);
  }

  out += "\nIf a step fails\n";
  for (const plan::FailureOutcome& f : p.rollback_plan) {
    std::string line = "  " + f.step + ": ";
    std::string parts;
    auto join = [](const std::vector<std::string>& v) {
      std::string s;
      for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
      return s;
    };
    if (!f.rolled_back.empty()) parts += "rolls back " + join(f.rolled_back);
    if (!f.compensations.empty()) {
      parts += (parts.empty() ? "" : "; ") + std::string("then runs ") + join(f.compensations);
    }
    if (!f.remains.empty()) {
      parts += (parts.empty() ? "" : "; ") + std::string("remains: ") + join(f.remains);
    }
    if (f.earlier_steps_kept > 0) {
      parts += (parts.empty() ? "" : "; ") + std::to_string(f.earlier_steps_kept) +
               " earlier step" + (f.earlier_steps_kept == 1 ? " stays" : "s stay") +
               " done (no rollback=)";
    }
    out += line + (parts.empty() ? "nothing to undo" : parts) + "\n";
  }

  if (!p.hazards.empty()) {
    out += "\nOrdering hazards\n";
    for (const plan::OrderingHazard& h : p.hazards) {
      out += "  " + Location(h.effect_span) + h.message +
             (h.tenant_data_before_check ? " (halts: tenant rows before their check)" : "") + "\n";
      out += "    later statement: " + FormatLocation(h.later_span) + "\n";
      out += "    safer: " + h.proposal + "\n";
    }
  }

  out += "\nGates\n";
  for (const plan::Gate& g : p.gates) {
    std::string line = "  " + g.name;
    line.resize(std::max<size_t>(line.size() + 1, 16), ' ');
    out += line + g.status + (g.detail.empty() ? "" : ": " + g.detail) + "\n";
  }
  for (const plan::Override& o : p.overrides) {
    out += "  allowed " + o.rule + ": " + o.reason + "\n";
  }

  out += "\n" + FindingsText(p.findings, sources, color);
  out += "\nDecision: " + p.FinalStatus() + "\n";
  if (!p.remediation.empty()) {
    out += "Remediation (" + std::to_string(p.remediation.size()) + ")\n";
    size_t i = 0;
    for (const plan::Remediation& r : p.remediation) {
      out += "  " + std::to_string(++i) + ". " + Location(r.span) + r.change + "\n";
    }
  }
  return out;
}

std::string PlanJson(const plan::Plan& p, const std::string& hash) {
  Json j;
  j["runbook_id"] = p.runbook_id;
  j["runbook"] = p.runbook_path;
  j["plan_hash"] = hash;
  Json phases = Json::array();
  for (const Phase& ph : Phases(p)) {
    Json f = Json::array();
    for (const Finding* x : ph.findings) f.push_back(FindingJson(*x));
    phases.push_back({{"phase", ph.name},
                      {"action", ph.action},
                      {"status", ph.status},
                      {"detail", ph.detail},
                      {"findings", f}});
  }
  j["execution_phase"] = phases;
  Json gates = Json::array();
  for (const plan::Gate& g : p.gates) {
    gates.push_back({{"gate", g.name}, {"status", g.status}, {"detail", g.detail}});
  }
  j["gates"] = gates;
  Json hazards = Json::array();
  for (const plan::OrderingHazard& h : p.hazards) {
    hazards.push_back({{"message", h.message},
                       {"effect", SpanJson(h.effect_span)},
                       {"later", SpanJson(h.later_span)},
                       {"proposal", h.proposal},
                       {"halts", h.tenant_data_before_check}});
  }
  j["hazards"] = hazards;
  j["final_status"] = p.FinalStatus();
  Json remediation = Json::array();
  for (const plan::Remediation& r : p.remediation) {
    remediation.push_back({{"change", r.change}, {"location", SpanJson(r.span)}});
  }
  j["remediation"] = remediation;
  return Dump(j);
}

}  // namespace runwarden::report
