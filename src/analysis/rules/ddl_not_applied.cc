#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class DdlNotAppliedRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "ddl-not-applied", Severity::kWarning, RuleTarget::kSchema,
        "A DDL statement refers to an object the schema does not define, so "
        "it could not be applied."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const schema::LoadProblem& p : ctx.schema->load_problems) {
      if (p.kind != schema::LoadProblem::Kind::kNotApplied) continue;
      out.Report(p.span, p.message,
                 "the schema is probably incomplete: load every migration (a folder is applied in "
                 "lexical order), or a complete pg_dump --schema-only");
    }
  }
};

}  // namespace

const Rule& DdlNotApplied() {
  static const DdlNotAppliedRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
