// The plan is assembled in the order an approver reads it: parameters, the
// ordered units of steps, what a failure leaves behind, hazards, and the
// gates. Every halt carries a remediation that points at a place.
#include "plan/plan_builder.h"

#include <algorithm>
#include <set>

#include "base/sha256.h"
#include "base/text.h"
#include "runbook/parameter.h"

namespace runwarden::plan {

namespace {

using analysis::Finding;
using analysis::Severity;
using runbook::Runbook;
using runbook::Step;
using runbook::StepKind;

struct GateState {
  std::vector<std::string> problems;

  Gate Make(std::string name, std::string passed_detail) {
    if (problems.empty()) return {std::move(name), "passed", std::move(passed_detail)};
    std::string detail;
    for (const std::string& p : problems) detail += (detail.empty() ? "" : "; ") + p;
    return {std::move(name), "halted", detail};
  }
};

Result<std::vector<PlannedParameter>> PlanParameters(const PlanInputs& in, Plan& plan,
                                                     GateState& gate) {
  const Runbook& rb = *in.runbook;
  for (const auto& [name, value] : in.params) {
    if (rb.FindParameter(name) == nullptr) {
      std::string known;
      for (const auto& p : rb.parameters) known += (known.empty() ? "" : ", ") + p.name;
      return UsageError("--param " + name + ": the runbook has no parameter " + name)
          .WithHint(known.empty() ? "this runbook takes no parameters"
                                  : "its parameters are " + known);
    }
  }
  const runbook::Parameter* tenant = rb.TenantParameter();
  if (in.tenant_given && tenant == nullptr) {
    return UsageError("--tenant: the runbook has no tenant parameter")
        .WithHint(
            "declare one in the front matter (tenant: {parameter: TENANT_ID}) or pass the value "
            "with --param");
  }
  std::vector<PlannedParameter> out;
  for (const runbook::Parameter& p : rb.parameters) {
    PlannedParameter pp;
    pp.name = p.name;
    pp.type = std::string(runbook::ParamTypeName(p.type));
    pp.secret = p.secret;
    std::optional<std::string> value;
    for (const auto& [name, v] : in.params) {
      if (EqualsIgnoreCase(name, p.name)) value = v;
    }
    if (!value && in.tenant_given && &p == tenant) value = in.tenant;
    if (!value && p.default_value) {
      value = p.default_value;
      pp.from_default = true;
    }
    if (!value) {
      if (p.required) {
        gate.problems.push_back("parameter " + p.name + " has no value");
        plan.remediation.push_back({"give a value for " + p.name + ": --param " + p.name +
                                        "=VALUE" + (&p == tenant ? " (or --tenant VALUE)" : ""),
                                    p.span});
      }
    } else if (Status s = runbook::ValidateValue(p, *value); !s.ok()) {
      gate.problems.push_back(s.message());
      plan.remediation.push_back({"give " + p.name + " a valid " + pp.type + " value", p.span});
    } else if (p.secret) {
      pp.secret_sha256 = Sha256Hex(*value);
    } else {
      pp.value = *value;
    }
    out.push_back(std::move(pp));
  }
  return out;
}

PlannedStep PlanStep(const Runbook& rb, size_t index) {
  const Step& s = rb.steps[index];
  PlannedStep ps;
  ps.index = index;
  ps.id = s.id;
  ps.kind = std::string(runbook::StepKindName(s.kind));
  ps.section = s.SectionTitle();
  ps.scope = std::string(runbook::ScopeName(s.attrs.scope));
  for (const runbook::StepRef& r : s.attrs.needs) ps.needs.push_back(r.id);
  if (s.attrs.timeout) ps.timeout_ms = s.attrs.timeout->count();
  if (s.attrs.lock_timeout) ps.lock_timeout_ms = s.attrs.lock_timeout->count();
  if (s.attrs.expect) ps.expect = s.attrs.expect->text;
  ps.confirm = s.attrs.confirm;
  if (s.attrs.rollback) ps.rollback = s.attrs.rollback->id;
  ps.irreversible = s.attrs.irreversible;
  ps.span = s.span;
  switch (s.kind) {
    case StepKind::kSql:
      for (const runbook::Statement& st : s.statements) {
        PlannedStatement p;
        p.sql = st.bound_text;
        for (size_t i = 0; i < st.bind_params.size(); ++i) {
          p.binds.push_back(
              {st.bind_params[i], i < st.bind_like_pattern.size() && st.bind_like_pattern[i]});
        }
        p.effects = ClassifyStatement(st.tree);
        p.span = st.span;
        ps.statements.push_back(std::move(p));
      }
      break;
    case StepKind::kShell:
      ps.argv = {"bash", "--noprofile", "--norc", "-euo", "pipefail", "-c", s.shell.script};
      for (const auto& e : s.shell.env) ps.env.push_back(e.name);
      break;
    case StepKind::kManual:
      ps.text = s.body;
      break;
  }
  return ps;
}

// Statements that must not be in a runbook step, or not where they are.
void CheckTransactions(const Runbook& rb, const std::vector<PlannedUnit>& units, Plan& plan,
                       GateState& gate) {
  for (const PlannedUnit& u : units) {
    for (const PlannedStep& ps : u.steps) {
      const Step& s = rb.steps[ps.index];
      bool outside = false;
      for (const PlannedStatement& st : ps.statements) {
        const StatementEffects& e = st.effects;
        if (e.transaction == TransactionUse::kControlsTransaction) {
          gate.problems.push_back("step " + ps.id + " controls transactions itself");
          plan.remediation.push_back(
              {"remove BEGIN/COMMIT/ROLLBACK/SAVEPOINT from step " + ps.id +
                   ": runwarden runs each step in a transaction, and an atomic group (atomic=NAME) "
                   "in one",
               st.span});
        } else if (e.transaction == TransactionUse::kOutsideTransaction) {
          outside = true;
          if (!u.atomic_group.empty()) {
            gate.problems.push_back(e.outside_transaction_reason + " in atomic group " +
                                    u.atomic_group + " cannot run in its transaction");
            plan.remediation.push_back({"move " + e.outside_transaction_reason +
                                            " out of atomic group " + u.atomic_group +
                                            " into a step of its own",
                                        st.span});
          } else if (ps.statements.size() > 1) {
            gate.problems.push_back(e.outside_transaction_reason + " shares step " + ps.id +
                                    " with other statements");
            plan.remediation.push_back({"put " + e.outside_transaction_reason +
                                            " in a step of its own: it cannot run in the "
                                            "transaction of the step's other statements",
                                        st.span});
          }
        }
      }
      if (outside && !s.attrs.rollback && !s.attrs.irreversible) {
        gate.problems.push_back("step " + ps.id +
                                " runs outside a transaction and says neither how it is undone "
                                "nor that it cannot be");
        plan.remediation.push_back(
            {"add rollback=STEP (the step that undoes it) or irreversible to step " + ps.id,
             s.span});
      }
    }
  }
}

void CheckFindings(const PlanInputs& in, Plan& plan, GateState& gate, bool& overridden) {
  std::set<std::string> allowed;
  for (const Override& o : in.overrides) allowed.insert(o.rule);
  for (const Finding& f : plan.findings) {
    if (f.severity != Severity::kError) continue;
    if (allowed.count(f.rule_id)) {
      overridden = true;
      continue;
    }
    gate.problems.push_back(f.rule_id + " at " + FormatLocation(f.span));
    plan.remediation.push_back({f.help.empty() ? f.message : f.message + ": " + f.help, f.span});
  }
}

}  // namespace

Result<Plan> BuildPlan(const PlanInputs& in) {
  const Runbook& rb = *in.runbook;
  Plan plan;
  plan.tool_version = in.tool_version;
  plan.runbook_path = rb.path;
  plan.runbook_digest = rb.digest;
  plan.runbook_id = rb.meta.id;
  plan.runbook_title = rb.meta.title;
  plan.severity = rb.meta.severity;
  if (const runbook::Parameter* t = rb.TenantParameter()) plan.tenant_parameter = t->name;
  plan.target = in.target;
  plan.schema_fingerprint = in.schema_fingerprint;
  plan.schema_origin = in.schema_origin;
  plan.contracts_checked = in.contracts_checked;
  plan.findings = in.findings;
  analysis::SortFindings(plan.findings);
  plan.overrides = in.overrides;

  GateState params;
  RW_ASSIGN_OR_RETURN(plan.parameters, PlanParameters(in, plan, params));

  const StepOrder order = OrderSteps(rb);
  GateState ordering;
  for (const OrderProblem& p : order.problems) {
    ordering.problems.push_back(p.message);
    plan.remediation.push_back({p.message, p.span});
  }
  for (const Unit& u : order.units) {
    PlannedUnit pu;
    pu.atomic_group = u.atomic_group;
    pu.transactional = u.transactional;
    for (size_t i : u.steps) pu.steps.push_back(PlanStep(rb, i));
    plan.units.push_back(std::move(pu));
  }
  for (size_t i : order.compensations) plan.compensations.push_back(PlanStep(rb, i));
  GateState transactions;
  CheckTransactions(rb, plan.units, plan, transactions);
  plan.rollback_plan = PlanRollbacks(plan.units);
  plan.hazards = FindOrderingHazards(plan.units);
  bool hazard_allowed = false;
  for (const Override& o : in.overrides) hazard_allowed |= o.rule == kTenantDataBeforeCheck;
  bool hazard_overridden = false;
  for (const OrderingHazard& h : plan.hazards) {
    if (!h.tenant_data_before_check) continue;
    if (hazard_allowed) {
      hazard_overridden = true;
      continue;
    }
    ordering.problems.push_back("tenant rows leave the database before their check, at " +
                                FormatLocation(h.effect_span));
    plan.remediation.push_back({h.proposal + " (or accept it with --allow " +
                                    kTenantDataBeforeCheck + " --reason \"...\")",
                                h.effect_span});
  }

  // The schema the runbook was last reviewed against, when it says.
  Gate schema_gate{"schema", "not-run", "the runbook records no validated_schema"};
  if (!rb.meta.validated_schema.empty()) {
    if (plan.schema_fingerprint.empty()) {
      schema_gate.detail = "no schema given to compare with the runbook's validated_schema";
    } else if (plan.schema_fingerprint == rb.meta.validated_schema) {
      schema_gate = {"schema", "passed", "the schema is the one the runbook was validated against"};
    } else {
      schema_gate = {"schema", "halted",
                     "the schema changed since the runbook was validated (fingerprint " +
                         rb.meta.validated_schema + ", now " + plan.schema_fingerprint + ")"};
      plan.remediation.push_back(
          {"review the runbook against the current schema, then set validated_schema: " +
               plan.schema_fingerprint,
           rb.meta.validated_schema_span});
    }
  }

  GateState findings;
  bool overridden = false;
  CheckFindings(in, plan, findings, overridden);

  plan.gates.push_back(params.Make("parameters", "every parameter has a valid value"));
  Gate order_gate = ordering.Make("order", "every step has a place in the order");
  if (order_gate.status == "passed" && hazard_overridden) {
    order_gate.status = "overridden";
    order_gate.detail = "tenant rows leave the database before their check, accepted with --allow";
  }
  plan.gates.push_back(std::move(order_gate));
  plan.gates.push_back(
      transactions.Make("transactions", "every statement can run where the plan puts it"));
  plan.gates.push_back(std::move(schema_gate));
  Gate f = findings.Make("findings", "no finding at error severity");
  if (f.status == "passed" && overridden) {
    f.status = "overridden";
    f.detail = "error findings accepted with --allow";
  }
  plan.gates.push_back(std::move(f));
  plan.dry_run_status = "not-run";
  plan.dry_run_detail = plan.target.backend.empty()
                            ? "no target given: statements were not validated against a database"
                            : "pre-validation against the target has not run";
  plan.gates.push_back({"dry-run", plan.dry_run_status, plan.dry_run_detail});
  return plan;
}

const PlannedParameter* Plan::Parameter(std::string_view name) const {
  for (const PlannedParameter& p : parameters) {
    if (EqualsIgnoreCase(p.name, name)) return &p;
  }
  return nullptr;
}

std::string Plan::FinalStatus() const {
  return Halted() ? "execution_blocked_for_safety" : "ready";
}

bool Plan::Halted() const {
  return std::any_of(gates.begin(), gates.end(),
                     [](const Gate& g) { return g.status == "halted"; });
}

}  // namespace runwarden::plan
