// The role runwarden connects as has BYPASSRLS, or may take it with SET ROLE
// through its memberships (schema::SessionRole::bypass_rls). A role that is a
// superuser itself is left to role-is-superuser. The finding points at the
// target; the membership path is in the evidence.

#include "analysis/rules/rules.h"
#include "schema/catalog.h"

namespace runwarden::analysis::rules {

namespace {

class RoleBypassesRlsRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{
        "role-bypasses-rls", Severity::kError, RuleTarget::kLiveSchema,
        "The database role runwarden connects as has BYPASSRLS, itself or through a role it "
        "can SET ROLE to."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    const schema::Schema& s = *ctx.schema;
    const schema::SessionRole& me = *s.session_role;
    if (!me.bypass_rls) return;
    auto self = s.roles.find(me.name);
    if (self != s.roles.end() ? self->second.superuser : me.superuser) return;
    const std::vector<std::string> path =
        schema::RoleMembershipPath(s, me.name, [](const schema::Role& r) { return r.bypass_rls; });
    const bool through_membership = path.size() > 1;
    const std::string message =
        through_membership
            ? "role " + me.name + " can take BYPASSRLS from " + path.back() + " with SET ROLE (" +
                  schema::FormatRolePath(path) + "): a statement after SET ROLE " + path.back() +
                  " sees and changes every tenant's rows"
            : "runwarden is connected as " + me.name +
                  ", which has BYPASSRLS: row-level security policies do not apply to it, so "
                  "every statement sees and changes every tenant's rows";
    Finding& f = out.Report(SourceSpan{s.origin, {}, {}}, message,
                            through_membership
                                ? "revoke the membership (REVOKE " + path[1] + " FROM " + me.name +
                                      ") or remove BYPASSRLS from " + path.back() +
                                      " (ALTER ROLE " + path.back() + " NOBYPASSRLS)"
                                : "connect as a role without BYPASSRLS (ALTER ROLE " + me.name +
                                      " NOBYPASSRLS, or a dedicated application role)");
    f.evidence.emplace_back("role", me.name);
    if (through_membership) f.evidence.emplace_back("membership", schema::FormatRolePath(path));
  }
};

}  // namespace

const Rule& RoleBypassesRls() {
  static const RoleBypassesRlsRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
