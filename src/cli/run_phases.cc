// What each phase of a plan's decision found, as the audit log keeps it: the
// figures of the brief's decision tree (tables analysed, partition keys,
// unpartitioned tables, contracts loaded, risk vectors, queries validated).
#include "cli/run_phases.h"

#include "base/source_span.h"
#include "plan/decision_phases.h"

namespace runwarden::cli {

namespace {

using Json = nlohmann::ordered_json;

Json Issues(const std::vector<const analysis::Finding*>& findings) {
  Json out = Json::array();
  for (const analysis::Finding* f : findings) {
    out.push_back({{"rule", f->rule_id},
                   {"severity", std::string(analysis::SeverityName(f->severity))},
                   {"message", f->message},
                   {"at", f->span.path.empty() ? std::string() : FormatLocation(f->span)}});
  }
  return out;
}

Json RunbookFindings(const plan::Plan& plan, const plan::DecisionPhase& phase) {
  int64_t steps = 0, statements = 0, shell = 0, manual = 0;
  for (const plan::PlannedUnit& u : plan.units) {
    for (const plan::PlannedStep& s : u.steps) {
      ++steps;
      statements += static_cast<int64_t>(s.statements.size());
      shell += s.kind == "shell";
      manual += s.kind == "manual";
    }
  }
  return Json{{"steps", steps},
              {"sql_statements", statements},
              {"shell_steps", shell},
              {"manual_steps", manual},
              {"parameters", plan.parameters.size()},
              {"issues", Issues(phase.findings)}};
}

Json SchemaFindings(const plan::Plan& plan, const plan::DecisionPhase& phase,
                    const SchemaContext* schema) {
  Json out{{"origin", plan.schema_origin}, {"fingerprint", plan.schema_fingerprint}};
  if (schema != nullptr) {
    const analysis::Tenancy& t = schema->tenancy;
    Json keys = Json::array(), unpartitioned = Json::array();
    for (const std::string& k : t.keys_detected) keys.push_back(k);
    int64_t scoped = 0;
    analysis::Risk risk = analysis::Risk::kNone;
    for (const auto& [name, table] : t.tables) {
      if (table.tenant_scoped()) ++scoped;
      if (table.kind != analysis::TenancyKind::kUnscoped) continue;
      unpartitioned.push_back(name.ToString());
      if (table.risk > risk) risk = table.risk;
    }
    out["tables_analyzed"] = t.tables.size();
    out["tenant_tables"] = scoped;
    out["partition_keys_detected"] = keys;
    out["unpartitioned_tables"] = unpartitioned;
    out["risk_level"] = std::string(analysis::RiskName(risk));
  }
  out["issues"] = Issues(phase.findings);
  return out;
}

Json ContractsFindings(const plan::DecisionPhase& phase, std::optional<size_t> loaded) {
  Json out = Json::object();
  if (loaded) out["contracts_loaded"] = *loaded;
  out["mismatches"] = phase.findings.size();
  out["issues"] = Issues(phase.findings);
  return out;
}

Json IsolationFindings(const plan::DecisionPhase& phase) {
  return Json{{"cross_tenant_risk_vectors", phase.findings.size()},
              {"vectors", Issues(phase.findings)}};
}

Json DryRunFindings(const plan::Plan& plan) {
  int64_t total = 0, passed = 0, failed = 0;
  Json out = Json::object();  // the first failure
  for (const plan::PlannedUnit& u : plan.units) {
    for (const plan::PlannedStep& s : u.steps) {
      for (const plan::PlannedStatement& st : s.statements) {
        if (!st.validation) continue;
        ++total;
        if (st.validation->outcome == "validated") ++passed;
        if (st.validation->outcome != "failed") continue;
        if (++failed == 1) {
          out["failed_query"] = st.sql;
          out["failed_step"] = s.id;
          out["failure_reason"] = st.validation->detail;
        }
      }
    }
  }
  Json counts{{"total_queries", total}, {"queries_passed", passed}, {"queries_failed", failed}};
  for (auto it = out.begin(); it != out.end(); ++it) counts[it.key()] = *it;
  return counts;
}

}  // namespace

std::vector<exec::PhaseRecord> RunPhases(const plan::Plan& plan, const SchemaContext* schema,
                                         std::optional<size_t> contracts_loaded) {
  std::vector<exec::PhaseRecord> out;
  for (const plan::DecisionPhase& ph : plan::DecisionPhases(plan)) {
    exec::PhaseRecord r{ph.name, ph.action, ph.status, ph.detail, Json::object()};
    if (ph.name == "runbook") {
      r.findings = RunbookFindings(plan, ph);
    } else if (ph.name == "schema") {
      r.findings = SchemaFindings(plan, ph, schema);
    } else if (ph.name == "contracts") {
      if (plan.contracts_checked) r.findings = ContractsFindings(ph, contracts_loaded);
    } else if (ph.name == "isolation") {
      if (ph.status != "not-run") r.findings = IsolationFindings(ph);
    } else if (ph.name == "dry_run") {
      r.findings = DryRunFindings(plan);
    } else if (ph.name == "transaction_plan") {
      int64_t steps = 0, transactions = 0;
      for (const plan::PlannedUnit& u : plan.units) {
        steps += static_cast<int64_t>(u.steps.size());
        transactions += u.transactional;
      }
      Json halted = Json::array();
      for (const plan::Gate& g : plan.gates) {
        if (g.status == "halted") halted.push_back(g.name);
      }
      r.findings = Json{{"units", plan.units.size()},
                        {"transactions", transactions},
                        {"steps", steps},
                        {"hazards", plan.hazards.size()},
                        {"gates_halted", halted}};
    }
    if (ph.status == "not-run") r.findings = Json::object();
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace runwarden::cli
