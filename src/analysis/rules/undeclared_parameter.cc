#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class UndeclaredParameterRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "undeclared-parameter", Severity::kWarning, RuleTarget::kRunbook,
        "A placeholder names a parameter the front matter does not declare."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const runbook::Parameter& p : ctx.runbook->parameters) {
      if (p.origin != runbook::Parameter::Origin::kInferred) continue;
      const std::string type(runbook::ParamTypeName(p.type));
      Finding& f =
          out.Report(p.span,
                     "placeholder " + p.name + " is not declared; runwarden assumes type " + type +
                         " and that it is required",
                     "declare it in the front matter so its type is checked before anything runs:\n"
                     "  parameters:\n    " +
                         p.name + ": {type: " + type + ", required: true, description: ...}");
      f.evidence.emplace_back("parameter", p.name);
      f.evidence.emplace_back("inferred_type", type);
    }
  }
};

}  // namespace

const Rule& UndeclaredParameter() {
  static const UndeclaredParameterRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
