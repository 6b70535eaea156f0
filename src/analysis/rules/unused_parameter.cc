#include "analysis/rules/rules.h"
#include "base/text.h"

namespace runwarden::analysis::rules {

namespace {

bool IsUse(runbook::PlaceholderContext c) {
  return c != runbook::PlaceholderContext::kSqlComment &&
         c != runbook::PlaceholderContext::kShellComment;
}

class UnusedParameterRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"unused-parameter", Severity::kWarning, RuleTarget::kRunbook,
                                "A declared parameter is used by no step."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const runbook::Runbook& rb = *ctx.runbook;
    const runbook::Parameter* tenant = rb.TenantParameter();
    for (const runbook::Parameter& p : rb.parameters) {
      if (p.origin != runbook::Parameter::Origin::kDeclared) continue;
      // The tenant parameter is always used: it sets the tenant context.
      if (&p == tenant) continue;
      bool used = false;
      for (const runbook::Step& s : rb.steps) {
        for (const runbook::Placeholder& ph : s.placeholders) {
          used = used || (IsUse(ph.context) && EqualsIgnoreCase(ph.parameter, p.name));
        }
      }
      if (used) continue;
      Finding& f = out.Report(p.span, "parameter " + p.name + " is declared but no step uses it",
                              "remove the declaration, or use it as <" + AsciiUpper(p.name) +
                                  "> or {{ " + p.name + " }} in a step");
      f.evidence.emplace_back("parameter", p.name);
    }
  }
};

}  // namespace

const Rule& UnusedParameter() {
  static const UnusedParameterRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
