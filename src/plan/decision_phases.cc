// The phases of a plan's decision, shared by the plan report and the run's
// audit log.
#include "plan/decision_phases.h"

#include <set>

#include "analysis/registry.h"

namespace runwarden::plan {

namespace {

using analysis::Finding;
using analysis::RuleTarget;
using analysis::Severity;

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

std::string GateStatus(const Plan& p, const std::string& name) {
  for (const Gate& g : p.gates) {
    if (g.name == name) return g.status;
  }
  return "not-run";
}

}  // namespace

std::vector<DecisionPhase> DecisionPhases(const Plan& p) {
  const bool schema = !p.schema_fingerprint.empty();
  std::vector<DecisionPhase> phases = {
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
  for (const Override& o : p.overrides) allowed.insert(o.rule);
  for (const Finding& f : p.findings) {
    const std::string name = PhaseOf(f);
    for (DecisionPhase& ph : phases) {
      if (ph.name == name) ph.findings.push_back(&f);
    }
  }
  for (DecisionPhase& ph : phases) {
    if (ph.name == "dry_run") {
      if (ph.detail.empty()) {
        for (const Gate& g : p.gates) {
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

}  // namespace runwarden::plan
