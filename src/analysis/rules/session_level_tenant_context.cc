// Finds tenant context that outlives its transaction:
//   SET [SESSION] app.current_tenant_id = ...      (VariableSetStmt, is_local false)
//   SELECT set_config('app.current_tenant_id', x, false)
//   ALTER ROLE / ALTER DATABASE ... SET app.current_tenant_id = ...
// decided on the parse tree, so that comments, string contents and spacing
// cannot hide or fake a match.
#include <optional>

#include "analysis/rules/rules.h"
#include "base/text.h"

namespace runwarden::analysis::rules {

namespace {

using sql::Node;

// The boolean value of a constant argument: true, false, or nullopt when it is
// not a constant (a bind parameter, an expression).
std::optional<bool> ConstBool(Node arg) {
  if (Node cast = arg.As("TypeCast")) arg = cast["arg"];
  Node c = arg.As("A_Const");
  if (!c) return std::nullopt;
  if (Node b = c["boolval"]) return b["boolval"].boolean();
  if (auto s = sql::ConstString(c)) {
    const std::string v = AsciiLower(*s);
    if (v == "true" || v == "t" || v == "on" || v == "yes" || v == "1") return true;
    if (v == "false" || v == "f" || v == "off" || v == "no" || v == "0") return false;
  }
  return std::nullopt;
}

class SessionLevelTenantContextRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "session-level-tenant-context", Severity::kError, RuleTarget::kRunbook,
        "The tenant context is set for the whole session, so it survives on pooled connections."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const std::string& setting = ctx.runbook->tenant.context_setting;
    for (const runbook::Step& step : ctx.runbook->steps) {
      for (const runbook::Statement& st : step.statements) {
        if (!st.tree) continue;
        sql::VisitAll(st.tree, [&](Node n) {
          const std::string_view tag = n.tag();
          if (tag == "VariableSetStmt") {
            Node v = n.unwrap();
            const std::string_view kind = v["kind"].str();
            if (EqualsIgnoreCase(v["name"].str(), setting) && !v["is_local"].boolean() &&
                (kind == "VAR_SET_VALUE" || kind == "VAR_SET_CURRENT")) {
              Add(out, step, st.span,
                  "SET " + setting + " changes the tenant for the rest of the session",
                  "SET LOCAL " + setting +
                      " = ... inside the transaction, or better "
                      "SELECT set_config('" +
                      setting + "', <TENANT_ID>, true)");
            }
          } else if (tag == "AlterRoleSetStmt" || tag == "AlterDatabaseSetStmt") {
            Node v = n.unwrap()["setstmt"];
            if (EqualsIgnoreCase(v["name"].str(), setting) && v["kind"].str() != "VAR_RESET") {
              Add(out, step, st.span,
                  std::string(tag == "AlterRoleSetStmt" ? "ALTER ROLE" : "ALTER DATABASE") +
                      " ... SET " + setting + " fixes a tenant for every future session",
                  "never persist a tenant; set it per transaction with "
                  "set_config('" +
                      setting + "', <TENANT_ID>, true)");
            }
          } else if (tag == "FuncCall") {
            Node f = n.unwrap();
            const auto names = sql::NameList(f["funcname"]);
            if (names.empty() || !EqualsIgnoreCase(names.back(), "set_config")) return;
            Node args = f["args"];
            const auto name = sql::ConstString(args.at(0));
            if (!name || !EqualsIgnoreCase(*name, setting)) return;
            if (ConstBool(args.at(2)) != false) return;
            Add(out, step, st.SpanAt(f["location"].integer()),
                "set_config('" + setting +
                    "', ..., false) keeps the tenant after the "
                    "transaction ends",
                "pass true as the third argument: set_config('" + setting +
                    "', <TENANT_ID>, true) is undone at commit or rollback");
          }
        });
      }
    }
  }

 private:
  static void Add(Reporter& out, const runbook::Step& step, const SourceSpan& span,
                  std::string message, std::string fix) {
    Finding& f = out.Report(span, std::move(message),
                            "a pooled connection handed to the next request would still carry "
                            "this tenant; use " +
                                std::move(fix));
    f.evidence.emplace_back("step", step.id);
  }
};

}  // namespace

const Rule& SessionLevelTenantContext() {
  static const SessionLevelTenantContextRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
