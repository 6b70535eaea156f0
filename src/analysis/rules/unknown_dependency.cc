#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class UnknownDependencyRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"unknown-dependency", Severity::kError, RuleTarget::kRunbook,
                                "needs= or rollback= names a step that does not exist."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const runbook::Runbook& rb = *ctx.runbook;
    for (const runbook::Step& s : rb.steps) {
      auto check = [&](const runbook::StepRef& ref, std::string_view attr) {
        if (rb.FindStep(ref.id)) return;
        Finding& f = out.Report(
            ref.span,
            "step " + s.id + " " + std::string(attr) + " '" + ref.id + "', but no step has that id",
            "use the id of an existing step (runwarden steps lists them), or "
            "give the intended step an explicit id with {#" +
                ref.id + "}");
        f.evidence.emplace_back("step", s.id);
        f.evidence.emplace_back("missing", ref.id);
      };
      for (const runbook::StepRef& ref : s.attrs.needs) check(ref, "needs");
      if (s.attrs.rollback) check(*s.attrs.rollback, "is rolled back by");
    }
  }
};

}  // namespace

const Rule& UnknownDependency() {
  static const UnknownDependencyRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
