// What a failure at each step leaves behind. The unit of the failing step is
// rolled back when it is a transaction; every unit before it has committed,
// so its steps are undone only by their declared compensations (rollback=),
// run in reverse order; what nothing undoes is said in words.
#include <string>

#include "plan/plan_builder.h"

namespace runwarden::plan {

namespace {

bool Writes(const PlannedStep& s) {
  if (s.kind == "shell") return true;  // anything may happen
  for (const PlannedStatement& st : s.statements) {
    const StatementClass c = st.effects.statement_class;
    if (c != StatementClass::kRead && c != StatementClass::kSession) return true;
  }
  return false;
}

// Effects of `s` that no rollback takes back, in words.
void IrreversibleEffects(const PlannedStep& s, std::vector<std::string>& remains) {
  for (const PlannedStatement& st : s.statements) {
    for (const Effect& e : st.effects.effects) {
      if (HandsDataOut(e.kind)) {
        remains.push_back("what " + s.id + " handed out (" + e.what + ")");
      } else if (IsIrreversible(e.kind)) {
        remains.push_back(e.what + " in " + s.id + " (" + std::string(EffectKindName(e.kind)) +
                          ", not undone by a rollback)");
      }
    }
  }
}

}  // namespace

std::vector<FailureOutcome> PlanRollbacks(const std::vector<PlannedUnit>& units) {
  std::vector<FailureOutcome> out;
  // What earlier units leave: their compensations, newest first, and how
  // many of their steps stay done. Kept as running totals, so that a long
  // runbook's rollback plan grows with its compensations, not its length.
  std::vector<std::string> compensations;
  int64_t kept = 0;
  for (const PlannedUnit& u : units) {
    for (size_t k = 0; k < u.steps.size(); ++k) {
      const PlannedStep& failing = u.steps[k];
      FailureOutcome f;
      f.step = failing.id;
      if (u.transactional) {
        for (size_t j = 0; j <= k; ++j) {
          f.rolled_back.push_back(u.steps[j].id);
          IrreversibleEffects(u.steps[j], f.remains);
        }
      } else {
        IrreversibleEffects(failing, f.remains);
        if (failing.kind == "shell") {
          f.remains.push_back("whatever " + failing.id + " did before it failed (shell)");
        } else if (failing.kind == "sql") {
          f.remains.push_back("whatever " + failing.id +
                              " did before it failed (it runs outside a transaction)");
        }
      }
      f.compensations.assign(compensations.rbegin(), compensations.rend());
      f.earlier_steps_kept = kept;
      out.push_back(std::move(f));
    }
    for (const PlannedStep& s : u.steps) {
      if (!s.rollback.empty()) {
        compensations.push_back(s.rollback);
      } else if (s.irreversible || Writes(s)) {
        ++kept;
      }
    }
  }
  return out;
}

}  // namespace runwarden::plan
