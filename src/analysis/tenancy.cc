#include "analysis/tenancy.h"

#include <algorithm>
#include <deque>
#include <set>

#include "base/text.h"

namespace runwarden::analysis {

namespace {

using schema::QualifiedName;
using schema::Table;

// "tenants" or "public.tenants" names `t`.
bool Names(const std::string& configured, const QualifiedName& t) {
  return configured == t.name || configured == t.schema + "." + t.name;
}

bool Listed(const std::vector<std::string>& list, const QualifiedName& t) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& c) { return Names(c, t); });
}

bool LooksLikeTenantTable(const std::string& name) {
  static const std::set<std::string> kNames = {
      "tenants",    "tenant",    "organizations", "organization", "orgs",      "org",
      "workspaces", "workspace", "accounts",      "teams",        "customers", "companies"};
  return kNames.count(name) > 0;
}

// Columns whose names say they point at users or tenants.
bool HoldsPeopleOrTenants(const Table& t) {
  for (const auto& c : t.columns) {
    const std::string n = AsciiLower(c.name);
    if (n.find("user") != std::string::npos || n.find("tenant") != std::string::npos ||
        n.find("email") != std::string::npos || n.find("account") != std::string::npos ||
        n.find("customer") != std::string::npos || n.find("org") != std::string::npos ||
        n.ends_with("_by") || n.find("owner") != std::string::npos ||
        n.find("actor") != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool HopNullable(const Table& t, const schema::ForeignKey& fk) {
  for (const auto& col : fk.columns) {
    const schema::Column* c = t.FindColumn(col);
    if (!c || !c->not_null) return true;
  }
  return false;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::string_view TenancyKindName(TenancyKind kind) {
  switch (kind) {
    case TenancyKind::kRoot:
      return "root";
    case TenancyKind::kDirect:
      return "direct";
    case TenancyKind::kIndirect:
      return "indirect";
    case TenancyKind::kGlobal:
      return "global";
    case TenancyKind::kUnscoped:
      return "unscoped";
  }
  return "unscoped";
}

std::string_view RiskName(Risk risk) {
  switch (risk) {
    case Risk::kNone:
      return "none";
    case Risk::kMedium:
      return "medium";
    case Risk::kHigh:
      return "high";
  }
  return "none";
}

const TableTenancy* Tenancy::Find(const QualifiedName& table) const {
  auto it = tables.find(table);
  return it == tables.end() ? nullptr : &it->second;
}

std::vector<const TableTenancy*> Tenancy::OfKind(TenancyKind kind) const {
  std::vector<const TableTenancy*> out;
  for (const auto& [name, t] : tables) {
    if (t.kind == kind) out.push_back(&t);
  }
  return out;
}

Tenancy ClassifyTenancy(const schema::Schema& schema, const config::TenantConfig& config) {
  Tenancy out;
  auto key_of = [&](const Table& t) -> const schema::Column* {
    for (const auto& k : config.keys) {
      if (const schema::Column* c = t.FindColumn(k)) return c;
    }
    return nullptr;
  };
  auto secondary_key_of = [&](const Table& t) -> const schema::Column* {
    for (const auto& k : config.secondary_keys) {
      if (const schema::Column* c = t.FindColumn(k)) return c;
    }
    return nullptr;
  };

  // Roots: configured, referenced by tenant keys, or named like tenants.
  std::set<QualifiedName> roots;
  for (const auto& [name, t] : schema.tables) {
    if (Listed(config.roots, name)) roots.insert(name);
  }
  for (const auto& [name, t] : schema.tables) {
    for (const auto& fk : t.foreign_keys) {
      if (fk.columns.size() != 1) continue;
      if (std::find(config.keys.begin(), config.keys.end(), fk.columns[0]) != config.keys.end() &&
          fk.referenced != name) {
        roots.insert(fk.referenced);
      }
    }
  }
  for (const auto& [name, t] : schema.tables) {
    if (roots.empty() && LooksLikeTenantTable(name.name) && !key_of(t)) roots.insert(name);
  }

  for (const auto& [name, t] : schema.tables) {
    TableTenancy tt;
    tt.table = name;
    const schema::Column* key = key_of(t);
    if (roots.count(name) && !key) {
      tt.kind = TenancyKind::kRoot;
      tt.key_column =
          t.primary_key && t.primary_key->columns.size() == 1 ? t.primary_key->columns[0] : "";
      tt.evidence = Listed(config.roots, name)
                        ? "configured as a tenant root"
                        : "the tenant table: other tables' tenant keys reference it";
    } else if (Listed(config.global_tables, name)) {
      tt.kind = TenancyKind::kGlobal;
      tt.evidence = "configured as global";
    } else if (key) {
      tt.kind = TenancyKind::kDirect;
      tt.key_column = key->name;
      tt.key_nullable = !key->not_null;
      tt.weak = tt.key_nullable;
      tt.evidence =
          "tenant key column " + key->name + (key->not_null ? " (NOT NULL)" : " (nullable)");
    } else {
      for (const auto& fk : t.foreign_keys) {
        if (fk.columns.size() == 1 && roots.count(fk.referenced)) {
          const schema::Column* c = t.FindColumn(fk.columns[0]);
          tt.kind = TenancyKind::kDirect;
          tt.key_column = fk.columns[0];
          tt.key_nullable = !c || !c->not_null;
          tt.weak = tt.key_nullable;
          tt.evidence = "column " + fk.columns[0] + " references the tenant table " +
                        fk.referenced.ToString();
          break;
        }
      }
    }
    out.tables.emplace(name, std::move(tt));
  }

  // Indirect: breadth-first over foreign keys to the nearest scoped table;
  // NOT NULL paths first, then any path (weak).
  for (bool allow_nullable : {false, true}) {
    for (auto& [name, tt] : out.tables) {
      if (tt.kind != TenancyKind::kUnscoped) continue;
      struct Visit {
        QualifiedName at;
        std::vector<FkHop> path;
      };
      std::deque<Visit> queue{{name, {}}};
      std::set<QualifiedName> seen{name};
      while (!queue.empty()) {
        Visit v = std::move(queue.front());
        queue.pop_front();
        const Table* t = schema.FindTable(v.at);
        if (!t || v.path.size() >= 8) continue;
        bool found = false;
        for (const auto& fk : t->foreign_keys) {
          const bool nullable = HopNullable(*t, fk);
          if (nullable && !allow_nullable) continue;
          if (seen.count(fk.referenced)) continue;
          std::vector<FkHop> path = v.path;
          path.push_back(FkHop{v.at, fk.columns, fk.referenced, fk.referenced_columns, nullable});
          const TableTenancy* target = out.Find(fk.referenced);
          if (target && target->kind != TenancyKind::kUnscoped &&
              target->kind != TenancyKind::kGlobal && target->kind != TenancyKind::kIndirect) {
            tt.kind = TenancyKind::kIndirect;
            tt.path = std::move(path);
            found = true;
            break;
          }
          seen.insert(fk.referenced);
          queue.push_back({fk.referenced, std::move(path)});
        }
        if (found) break;
      }
      if (tt.kind == TenancyKind::kIndirect) {
        tt.weak =
            std::any_of(tt.path.begin(), tt.path.end(), [](const FkHop& h) { return h.nullable; });
        // comment_reactions.comment_id -> task_comments.task_id -> ... -> projects.tenant_id
        std::string route;
        for (const FkHop& h : tt.path) route += h.from.name + "." + Join(h.columns) + " -> ";
        const TableTenancy* end = out.Find(tt.path.back().to);
        route +=
            tt.path.back().to.name + (end && !end->key_column.empty() ? "." + end->key_column : "");
        tt.evidence =
            "scoped through " + route + (tt.weak ? " (a nullable foreign key on the way)" : "");
      }
    }
  }

  // A secondary key (project_id) that is not a foreign-key path to a tenant
  // is a table's tenant scope of last resort.
  for (auto& [name, tt] : out.tables) {
    if (tt.kind != TenancyKind::kUnscoped) continue;
    const schema::Column* key = secondary_key_of(*schema.FindTable(name));
    if (!key) continue;
    tt.kind = TenancyKind::kDirect;
    tt.key_column = key->name;
    tt.key_nullable = !key->not_null;
    tt.weak = tt.key_nullable;
    tt.secondary_key = true;
    tt.evidence = "secondary tenant key column " + key->name +
                  (key->not_null ? " (NOT NULL)" : " (nullable)");
  }

  // Global lookups and unscoped risk.
  for (auto& [name, tt] : out.tables) {
    if (tt.kind != TenancyKind::kUnscoped) continue;
    const Table* t = schema.FindTable(name);
    bool referenced_by_scoped = false;
    for (const auto& [other_name, other] : schema.tables) {
      const TableTenancy* o = out.Find(other_name);
      if (!o || !o->tenant_scoped()) continue;
      for (const auto& fk : other.foreign_keys)
        referenced_by_scoped = referenced_by_scoped || fk.referenced == name;
    }
    const bool people = HoldsPeopleOrTenants(*t);
    if (referenced_by_scoped && t->foreign_keys.empty() && !people) {
      tt.kind = TenancyKind::kGlobal;
      tt.evidence =
          "a lookup table: scoped tables reference it, it references nothing and holds no user or "
          "tenant data";
    } else {
      tt.risk = people ? Risk::kHigh : Risk::kMedium;
      tt.evidence = people
                        ? "no tenant key and no path to one, and it holds user or tenant references"
                        : "no tenant key and no path to one";
    }
  }

  for (const auto& k : config.keys) {
    for (const auto& [name, tt] : out.tables) {
      if (tt.kind == TenancyKind::kDirect && tt.key_column == k) {
        out.keys_detected.push_back(k);
        break;
      }
    }
  }
  return out;
}

}  // namespace runwarden::analysis
