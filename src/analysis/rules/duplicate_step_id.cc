#include <map>

#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class DuplicateStepIdRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"duplicate-step-id", Severity::kError, RuleTarget::kRunbook,
                                "Two steps declare the same id."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    std::map<std::string, const runbook::Step*> first;
    for (const runbook::Step& s : ctx.runbook->steps) {
      if (s.id_origin != runbook::IdOrigin::kExplicit) continue;
      auto [it, inserted] = first.emplace(s.id, &s);
      if (inserted) continue;
      Finding& f = out.Report(s.attrs.id ? s.attrs.id->span : s.span,
                              "step id '" + s.id + "' is already used by the step at " +
                                  FormatLocation(it->second->span),
                              "give each step its own id: needs= and rollback= must name "
                              "exactly one step");
      f.related.push_back({it->second->attrs.id ? it->second->attrs.id->span : it->second->span,
                           "first step with id '" + s.id + "'"});
      f.evidence.emplace_back("step", s.id);
    }
  }
};

}  // namespace

const Rule& DuplicateStepId() {
  static const DuplicateStepIdRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
