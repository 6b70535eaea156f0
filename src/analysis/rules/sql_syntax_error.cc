#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class SqlSyntaxErrorRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"sql-syntax-error", Severity::kError, RuleTarget::kRunbook,
                                "A SQL statement does not parse with the PostgreSQL 15 grammar."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const runbook::Step& step : ctx.runbook->steps) {
      for (const runbook::Statement& st : step.statements) {
        if (!st.syntax_error) continue;
        std::string help =
            "fix the statement; runwarden must parse every statement to check its tenant scope "
            "before anything runs";
        if (step.dialect == runbook::Dialect::kSqlite) {
          help += " (SQLite steps are parsed with the PostgreSQL grammar: write the portable form)";
        }
        Finding& f = out.Report(st.syntax_error->span, st.syntax_error->message, std::move(help));
        f.evidence.emplace_back("step", step.id);
      }
    }
  }
};

}  // namespace

const Rule& SqlSyntaxError() {
  static const SqlSyntaxErrorRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
