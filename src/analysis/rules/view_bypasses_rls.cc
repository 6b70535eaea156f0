#include <set>

#include "analysis/rules/rules.h"
#include "analysis/rules/schema_rules.h"

namespace runwarden::analysis::rules {

namespace {

class ViewBypassesRlsRule final : public Rule {
 public:
  const RuleInfo& info() const override {
    static const RuleInfo kInfo{"view-bypasses-rls", Severity::kError,
                                RuleTarget::kRowLevelSecurity,
                                "A view over tenant tables runs with its owner's rights "
                                "(no security_invoker), so row-level security may not apply."};
    return kInfo;
  }

  void Check(const RuleContext& ctx, Reporter& out) const override {
    for (const auto& [name, view] : ctx.schema->views) {
      if (view.security_invoker || view.materialized || !view.tree) continue;
      std::set<std::string> tenant_tables;
      sql::VisitAll(view.tree, [&](sql::Node n) {
        sql::Node rv = n.As("RangeVar");
        if (!rv) return;
        const schema::Table* t = ctx.schema->FindTable(rv["schemaname"].str(), rv["relname"].str());
        const TableTenancy* tt = t ? ctx.tenancy->Find(t->name) : nullptr;
        if (tt && tt->tenant_scoped()) tenant_tables.insert(t->name.ToString());
      });
      if (tenant_tables.empty()) continue;
      std::string list;
      for (const auto& t : tenant_tables) list += (list.empty() ? "" : ", ") + t;
      const SourceSpan span =
          view.span.valid() ? view.span : SourceSpan{ctx.schema->origin, {}, {}};
      Finding& f = out.Report(
          span,
          "view " + name.ToString() + " reads tenant tables (" + list +
              ") with its owner's rights: row-level security is checked against the owner, "
              "not the caller",
          "when the owner owns the tables (without FORCE) or bypasses RLS, every caller sees every "
          "tenant; on PostgreSQL 15 and later:\n"
          "  ALTER VIEW " +
              name.ToString() + " SET (security_invoker = true);");
      f.evidence.emplace_back("view", name.ToString());
      f.evidence.emplace_back("tables", list);
      if (!view.owner.empty()) f.evidence.emplace_back("owner", view.owner);
    }
  }
};

}  // namespace

const Rule& ViewBypassesRls() {
  static const ViewBypassesRlsRule kRule;
  return kRule;
}

}  // namespace runwarden::analysis::rules
