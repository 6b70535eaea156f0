#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class DdlSyntaxErrorRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"ddl-syntax-error", Severity::kError, RuleTarget::kSchema,
                                "A statement of the schema's DDL does not parse, so the model may "
                                "miss what it defines."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const schema::LoadProblem& p : ctx.schema->load_problems) {
      if (p.kind != schema::LoadProblem::Kind::kSyntax) continue;
      out.Report(
          p.span, p.message,
          "runwarden parses DDL with the PostgreSQL 15 grammar; fix the statement or regenerate "
          "the file with pg_dump --schema-only. The rest of the file was loaded.");
    }
  }
};

}  // namespace

const Rule& DdlSyntaxError() {
  static const DdlSyntaxErrorRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
