#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class PositionalParameterRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"positional-parameter", Severity::kError, RuleTarget::kRunbook,
                                "A statement uses $1-style parameters, which have no name to "
                                "take a value from."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const runbook::Step& s : ctx.runbook->steps) {
      for (const runbook::Statement& st : s.statements) {
        for (const SourceSpan& span : st.unnamed_parameters) {
          Finding& f = out.Report(span, "positional parameter in step " + s.id + " has no name",
                                  "write a named placeholder such as <TENANT_ID>; runwarden "
                                  "numbers the bind parameters itself");
          f.evidence.emplace_back("step", s.id);
        }
      }
    }
  }
};

}  // namespace

const Rule& PositionalParameter() {
  static const PositionalParameterRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
