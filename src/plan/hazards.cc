// Ordering hazards inside one transaction: a statement whose effect a
// rollback cannot take back, or that hands data out of the database, runs
// before a statement of the same transaction that can still fail (a write)
// or still validate (a step with expect=). If that later statement fails,
// the transaction is rolled back but the earlier effect stays. The safe
// order is checks and writes first, outward and irreversible effects last.
// Tenant rows handed out before the check that proves their isolation are
// the one hazard the order gate halts on (plan_builder.cc).
#include "plan/plan_builder.h"

namespace runwarden::plan {

namespace {

struct Positioned {
  const PlannedStep* step;
  const PlannedStatement* statement;
};

bool CanStillFail(const Positioned& p) {
  const StatementClass c = p.statement->effects.statement_class;
  return !p.step->expect.empty() || c == StatementClass::kWrite || c == StatementClass::kDdl;
}

}  // namespace

std::vector<OrderingHazard> FindOrderingHazards(const std::vector<PlannedUnit>& units) {
  std::vector<OrderingHazard> out;
  for (const PlannedUnit& u : units) {
    if (!u.transactional) continue;
    std::vector<Positioned> seq;
    for (const PlannedStep& s : u.steps) {
      for (const PlannedStatement& st : s.statements) seq.push_back({&s, &st});
    }
    for (size_t i = 0; i < seq.size(); ++i) {
      const StatementEffects& e = seq[i].statement->effects;
      const Effect* effect = nullptr;
      for (const Effect& x : e.effects) {
        if (HandsDataOut(x.kind) || IsIrreversible(x.kind)) {
          effect = &x;
          break;
        }
      }
      if (effect == nullptr) continue;
      for (size_t j = i + 1; j < seq.size(); ++j) {
        if (!CanStillFail(seq[j])) continue;
        const bool same_step = seq[i].step == seq[j].step;
        const std::string later =
            seq[j].step->expect.empty()
                ? "a " +
                      std::string(StatementClassName(seq[j].statement->effects.statement_class)) +
                      " that can still fail"
                : "a check (expect " + seq[j].step->expect + ")";
        OrderingHazard h;
        h.message = std::string(HandsDataOut(effect->kind) ? "data leaves the database ("
                                                           : "an effect no rollback undoes (") +
                    effect->what + ") in step " + seq[i].step->id + " before " + later +
                    (same_step ? " in the same step" : " in step " + seq[j].step->id) +
                    "; a rollback then cannot take it back";
        h.effect_span = seq[i].statement->span;
        h.later_span = seq[j].statement->span;
        h.tenant_data_before_check = HandsDataOut(effect->kind) && seq[i].step->scope == "tenant" &&
                                     !seq[j].step->expect.empty();
        h.proposal = same_step ? "move the statement after the step's checks and writes"
                               : "run step " + seq[j].step->id + " before step " + seq[i].step->id +
                                     ": checks and writes first, outward and irreversible "
                                     "effects last";
        out.push_back(std::move(h));
        break;
      }
    }
  }
  return out;
}

}  // namespace runwarden::plan
