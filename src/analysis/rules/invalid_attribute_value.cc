#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class InvalidAttributeValueRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"invalid-attribute-value", Severity::kError, RuleTarget::kRunbook,
                                "A step attribute has a value runwarden cannot use, or the "
                                "attribute block is malformed."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const runbook::Step& s : ctx.runbook->steps) {
      for (const runbook::AttributeProblem& p : s.attrs.problems) {
        if (p.kind == runbook::AttributeProblem::Kind::kUnknownKey) continue;
        Finding& f = out.Report(p.span, p.message,
                                "write the attributes as ```sql {#id needs=a,b scope=admin "
                                "atomic=group timeout=30s expect=\"rows == 0\" confirm}");
        f.evidence.emplace_back("step", s.id);
        if (!p.key.empty()) f.evidence.emplace_back("attribute", p.key);
      }
    }
  }
};

}  // namespace

const Rule& InvalidAttributeValue() {
  static const InvalidAttributeValueRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
