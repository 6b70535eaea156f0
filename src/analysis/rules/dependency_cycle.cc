#include <algorithm>

#include "analysis/rules/rules.h"
#include "runbook/dependencies.h"

namespace runwarden::analysis::rules {

namespace {

class DependencyCycleRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"dependency-cycle", Severity::kError, RuleTarget::kRunbook,
                                "Steps need each other in a cycle, so none of them can run first."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const runbook::Runbook& rb = *ctx.runbook;
    for (const std::vector<size_t>& cycle : runbook::FindDependencyCycles(rb)) {
      auto in_cycle = [&](size_t i) {
        return std::find(cycle.begin(), cycle.end(), i) != cycle.end();
      };
      // Describe every edge inside the cycle: "a needs c; b needs a; c needs b".
      std::string edges;
      const runbook::StepRef* first_ref = nullptr;
      std::vector<RelatedLocation> related;
      for (size_t i : cycle) {
        const runbook::Step& s = rb.steps[i];
        for (const runbook::StepRef& ref : s.attrs.needs) {
          const runbook::Step* target = rb.FindStep(ref.id);
          if (!target || !in_cycle(static_cast<size_t>(target - rb.steps.data()))) continue;
          if (!edges.empty()) edges += "; ";
          edges += s.id + " needs " + ref.id;
          if (!first_ref) {
            first_ref = &ref;
          } else {
            related.push_back({ref.span, s.id + " needs " + ref.id});
          }
        }
      }
      Finding& f = out.Report(first_ref ? first_ref->span : rb.steps[cycle[0]].span,
                              "steps depend on each other in a cycle: " + edges,
                              "remove one of these needs= so that the steps have an order");
      f.related = std::move(related);
      std::string members;
      for (size_t i : cycle) members += (members.empty() ? "" : ",") + rb.steps[i].id;
      f.evidence.emplace_back("steps", members);
    }
  }
};

}  // namespace

const Rule& DependencyCycle() {
  static const DependencyCycleRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
