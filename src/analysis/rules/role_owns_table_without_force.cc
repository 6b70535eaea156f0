// The session role, or a role whose privileges it inherits, owns a table
// whose row-level security is enabled but not forced: PostgreSQL does not
// apply a table's policies to its owner (nor to members that inherit the
// owner's privileges) unless FORCE ROW LEVEL SECURITY is set. One finding per
// table, naming it; it points at the table (for a live schema: the target).

#include <algorithm>

#include "analysis/rules/rules.h"

namespace runwarden::analysis::rules {

namespace {

class RoleOwnsTableWithoutForceRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "role-owns-table-without-force", Severity::kError, RuleTarget::kLiveSchema,
        "The role runwarden connects as owns (or inherits the owner of) a table with "
        "row-level security that is not forced, so the table's policies do not apply to it."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const schema::Schema& s = *ctx.schema;
    const schema::SessionRole& me = *s.session_role;
    for (const auto& [name, table] : s.tables) {
      if (!table.rls_enabled || table.rls_forced || table.owner.empty()) continue;
      const bool direct = table.owner == me.name;
      if (!direct &&
          std::find(me.inherited.begin(), me.inherited.end(), table.owner) == me.inherited.end()) {
        continue;
      }
      const std::string table_name = name.ToString();
      const std::string message =
          direct ? "table " + table_name + " has row-level security enabled but not forced, and " +
                       me.name + " owns it: its policies do not apply to " + me.name
                 : "table " + table_name +
                       " has row-level security enabled but not forced, and its owner " +
                       table.owner + " is a role whose privileges " + me.name +
                       " inherits: its policies do not apply to " + me.name;
      const SourceSpan span = table.span.path.empty() ? SourceSpan{s.origin, {}, {}} : table.span;
      Finding& f = out.Report(
          span, message,
          "ALTER TABLE " + table_name +
              " FORCE ROW LEVEL SECURITY, or make the table belong to a role the application "
              "does not run as (ALTER TABLE " +
              table_name + " OWNER TO <migration role>)");
      f.evidence.emplace_back("table", table_name);
      f.evidence.emplace_back("owner", table.owner);
      f.evidence.emplace_back("role", me.name);
      if (!direct) f.evidence.emplace_back("inherits", table.owner);
    }
  }
};

}  // namespace

const Rule& RoleOwnsTableWithoutForce() {
  static const RoleOwnsTableWithoutForceRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
