#include "schema/dump.h"

namespace runwarden::schema {

namespace {

std::string Join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

}  // namespace

std::string DumpSchema(const Schema& s) {
  std::string out;
  for (const auto& [qn, t] : s.tables) {
    out += std::string(TableKindName(t.kind)) + " " + qn.ToString();
    if (!t.owner.empty()) out += " owner " + t.owner;
    out += t.rls_enabled ? (t.rls_forced ? " rls forced" : " rls enabled") : " rls off";
    out += "\n";
    for (const Column& c : t.columns) {
      out += "  " + c.name + " " + c.type + (c.not_null ? " not null" : "");
      if (c.default_expr) out += " default " + *c.default_expr;
      if (c.identity == Identity::kAlways) out += " identity always";
      if (c.identity == Identity::kByDefault) out += " identity by default";
      if (c.generated) out += " generated";
      out += "\n";
    }
    if (t.primary_key) out += "  primary key (" + Join(t.primary_key->columns) + ")\n";
    for (const auto& u : t.unique_keys) out += "  unique (" + Join(u.columns) + ")\n";
    for (const auto& fk : t.foreign_keys) {
      out += "  foreign key (" + Join(fk.columns) + ") -> " + fk.referenced.ToString() + " (" +
             Join(fk.referenced_columns) + ")\n";
    }
    for (const auto& i : t.indexes) {
      out += std::string("  ") + (i.unique ? "unique " : "") + "index " + i.name + " (" +
             Join(i.keys) + ")";
      if (!i.predicate.empty()) out += " where " + i.predicate;
      out += "\n";
    }
    if (!t.partition_by.empty()) out += "  partition by " + t.partition_by + "\n";
    if (t.partition_of) out += "  partition of " + t.partition_of->ToString() + "\n";
    for (const auto& p : t.partitions) out += "  partition " + p.ToString() + "\n";
    if (!t.distribution_column.empty()) out += "  distributed by " + t.distribution_column + "\n";
    for (const Policy& p : t.policies) {
      out += "  policy " + p.name + " " + std::string(PolicyCommandName(p.command)) + " " +
             (p.permissive ? "permissive" : "restrictive") + " to " +
             (p.roles.empty() ? std::string("public") : Join(p.roles));
      if (p.using_expr) out += " using (" + p.using_expr->text + ")";
      if (p.check_expr) out += " with check (" + p.check_expr->text + ")";
      out += "\n";
    }
  }
  for (const auto& [qn, v] : s.views) {
    out += std::string(v.materialized ? "materialized view " : "view ") + qn.ToString() +
           (v.security_invoker ? " security_invoker" : "") +
           (v.owner.empty() ? "" : " owner " + v.owner) + "\n  " + v.definition + "\n";
  }
  for (const auto& [qn, e] : s.enums)
    out += "enum " + qn.ToString() + " (" + Join(e.values) + ")\n";
  for (const auto& [name, r] : s.roles) {
    out += "role " + name + (r.superuser ? " superuser" : "") + (r.bypass_rls ? " bypassrls" : "") +
           (r.login ? " login" : "") + (r.inherit ? "" : " noinherit");
    if (!r.member_of.empty()) out += " member of " + Join(r.member_of);
    out += "\n";
  }
  return out;
}

}  // namespace runwarden::schema
