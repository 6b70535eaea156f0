#include "analysis/rules/rules.h"
#include "sql/statement_names.h"

namespace runwarden::analysis::rules {

namespace {

class UnbindablePlaceholderRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "unbindable-placeholder", Severity::kError, RuleTarget::kRunbook,
        "A placeholder stands where PostgreSQL accepts no bind parameter (SET, DDL and other "
        "utility statements), so its value could only be pasted into the SQL."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const runbook::Step& s : ctx.runbook->steps) {
      for (const runbook::Statement& st : s.statements) {
        if (!st.bind_error) continue;
        Finding& f =
            out.Report(st.bind_error->span,
                       "step " + s.id + ": " + st.bind_error->message +
                           ", so this statement cannot run without pasting the value into it",
                       "pass the value to a function in a SELECT instead; for example\n"
                       "  SET app.current_tenant_id = '<TENANT_ID>'\n"
                       "becomes\n"
                       "  SELECT set_config('app.current_tenant_id', <TENANT_ID>, true)");
        f.evidence.emplace_back("step", s.id);
        f.evidence.emplace_back("statement", sql::StatementName(st.tree.tag()));
      }
    }
  }
};

}  // namespace

const Rule& UnbindablePlaceholder() {
  static const UnbindablePlaceholderRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
