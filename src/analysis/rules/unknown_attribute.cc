#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class UnknownAttributeRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "unknown-attribute", Severity::kError, RuleTarget::kRunbook,
        "A step attribute or front matter key is not one runwarden knows, so it has no effect."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    static const std::string kKnown =
        "known attributes: #id, needs, scope, atomic, timeout, lock_timeout, expect, confirm, "
        "rollback, irreversible";
    for (const runbook::Step& s : ctx.runbook->steps) {
      for (const runbook::AttributeProblem& p : s.attrs.problems) {
        if (p.kind != runbook::AttributeProblem::Kind::kUnknownKey) continue;
        Finding& f = out.Report(p.span, p.message + " on step " + s.id,
                                "a misspelt attribute is silently ignored (a missing confirm or "
                                "timeout at 3 AM); " +
                                    kKnown);
        f.evidence.emplace_back("attribute", p.key);
      }
    }
    for (const runbook::FrontMatterProblem& p : ctx.runbook->front_matter_problems) {
      Finding& f = out.Report(p.span, p.message,
                              "known front matter keys: id, title, version, severity, owner, "
                              "tenant (keys, setting, parameter), parameters (type, required, "
                              "default, pattern, secret, description, values)");
      f.severity = Severity::kWarning;
      f.evidence.emplace_back("key", p.key);
    }
  }
};

}  // namespace

const Rule& UnknownAttribute() {
  static const UnknownAttributeRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
