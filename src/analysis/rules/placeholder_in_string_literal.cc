#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

using runbook::PlaceholderContext;

class PlaceholderInStringLiteralRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"placeholder-in-string-literal", Severity::kWarning,
                                RuleTarget::kRunbook,
                                "A placeholder sits inside a quoted string, where pasting a "
                                "value by hand would let it change the statement."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const runbook::Step& s : ctx.runbook->steps) {
      for (const runbook::Placeholder& p : s.placeholders) {
        switch (p.context) {
          case PlaceholderContext::kSqlStringLiteral:
            ReportSplit(s, p, out);
            break;
          case PlaceholderContext::kSqlDollarQuoted:
          case PlaceholderContext::kSqlQuotedIdentifier:
          case PlaceholderContext::kShellQuotedHeredoc:
            ReportUnbindable(s, p, out);
            break;
          default:
            break;
        }
      }
    }
  }

 private:
  static void ReportSplit(const runbook::Step& s, const runbook::Placeholder& p, Reporter& out) {
    const runbook::Statement& st = s.statements.at(static_cast<size_t>(p.statement));
    if (st.bind_error) return;  // unbindable-placeholder reports it
    const runbook::SplitLiteral* split = nullptr;
    for (const auto& lit : st.split_literals) {
      if (lit.span.begin <= p.span.begin && p.span.end <= lit.span.end) split = &lit;
    }
    std::string help =
        "runwarden never pastes the value: it runs the literal as a "
        "concatenation with a bind parameter";
    if (split) {
      help += ":\n  " + split->replacement + "\n";
      help += split->like_pattern
                  ? "and escapes % and _ in the value, because the literal is a LIKE pattern; "
                  : "";
      help += "write it that way in the runbook so that copying the SQL by hand stays safe too";
    }
    Finding& f = out.Report(
        p.span, "placeholder <" + p.written + "> is inside a string literal in step " + s.id,
        std::move(help));
    f.evidence.emplace_back("parameter", p.parameter);
    f.evidence.emplace_back("bind", "$" + std::to_string(p.bind_index));
    if (split) f.evidence.emplace_back("like_pattern", split->like_pattern ? "true" : "false");
  }

  static void ReportUnbindable(const runbook::Step& s, const runbook::Placeholder& p,
                               Reporter& out) {
    std::string where;
    std::string help;
    switch (p.context) {
      case PlaceholderContext::kSqlDollarQuoted:
        where = "a dollar-quoted body";
        help =
            "pass the value in through a bind parameter outside the body (for a DO block, "
            "use a function with an argument, or set_config and current_setting)";
        break;
      case PlaceholderContext::kSqlQuotedIdentifier:
        where = "a quoted identifier";
        help =
            "declare the parameter with type identifier and write the placeholder unquoted; "
            "runwarden quotes the value as an identifier";
        break;
      default:
        where = "a quoted here-document (<<'EOF'), where variables do not expand,";
        help = "use an unquoted here-document (<<EOF) so that the environment variable expands";
        break;
    }
    Finding& f = out.Report(p.span,
                            "placeholder <" + p.written + "> in step " + s.id + " is inside " +
                                where + " and cannot receive a value safely",
                            std::move(help));
    f.severity = Severity::kError;
    f.evidence.emplace_back("parameter", p.parameter);
    f.evidence.emplace_back("context", std::string(runbook::PlaceholderContextName(p.context)));
  }
};

}  // namespace

const Rule& PlaceholderInStringLiteral() {
  static const PlaceholderInStringLiteralRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
