// The role runwarden connects as is a superuser, or may become one with
// SET ROLE through its memberships (schema::SessionRole::superuser). The
// finding points at the target (Schema::origin); the membership path is in
// the evidence.

#include "analysis/rules/rules.h"
#include "schema/catalog.h"

namespace runwarden::analysis::rules {

namespace {

class RoleIsSuperuserRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "role-is-superuser", Severity::kError, RuleTarget::kLiveSchema,
        "The database role runwarden connects as is (or can become) a superuser, which bypasses "
        "row-level security."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const schema::SessionRole& me = *ctx.schema->session_role;
    if (!me.superuser) return;
    const std::vector<std::string> path = schema::RoleMembershipPath(
        *ctx.schema, me.name, [](const schema::Role& r) { return r.superuser; });
    const bool through_membership = path.size() > 1;
    const std::string message =
        through_membership
            ? "role " + me.name + " can become the superuser " + path.back() + " with SET ROLE (" +
                  schema::FormatRolePath(path) +
                  "): superusers bypass row-level security on every table"
            : "runwarden is connected as " + me.name +
                  ", a superuser: superusers bypass row-level security on every table, so no "
                  "tenant policy applies to what runs";
    Finding& f = out.Report(SourceSpan{ctx.schema->origin, {}, {}}, message,
                            "connect as the application's own role: one without SUPERUSER and "
                            "not a member of a superuser role, so that the tenant policies "
                            "apply to every statement");
    f.evidence.emplace_back("role", me.name);
    if (through_membership) f.evidence.emplace_back("membership", schema::FormatRolePath(path));
  }
};

}  // namespace

const Rule& RoleIsSuperuser() {
  static const RoleIsSuperuserRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
