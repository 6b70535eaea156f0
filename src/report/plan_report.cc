// The plan's decision tree for people (text) and scripts (JSON).
#include "report/plan_report.h"

#include "plan/decision_phases.h"
#include "report/json_util.h"

namespace runwarden::report {

namespace {

using analysis::Finding;
using Phase = plan::DecisionPhase;

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
  for (const Phase& ph : plan::DecisionPhases(p)) {
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
  for (const Phase& ph : plan::DecisionPhases(p)) {
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
