#include "schema/schema.h"

#include <algorithm>

#include "base/sha256.h"

namespace runwarden::schema {

namespace {

bool NeedsQuotes(std::string_view ident) {
  if (ident.empty()) return true;
  if (!((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_')) return true;
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) return true;
  }
  return false;
}

std::string Quote(std::string_view ident) {
  if (!NeedsQuotes(ident)) return std::string(ident);
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Canonical form: one line per fact, fields separated by unit separators,
// collections in a fixed order.
class Canon {
 public:
  Canon& Field(std::string_view v) {
    out_ += v;
    out_ += '\x1f';
    return *this;
  }
  Canon& Flag(bool b) { return Field(b ? "1" : "0"); }
  Canon& List(const std::vector<std::string>& items) {
    for (const auto& i : items) {
      out_ += i;
      out_ += '\x1e';
    }
    return Field("");
  }
  void End() { out_ += '\n'; }
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

}  // namespace

std::string QualifiedName::ToString() const {
  return schema.empty() ? Quote(name) : Quote(schema) + "." + Quote(name);
}

const Column* Table::FindColumn(std::string_view column) const {
  for (const Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

Column* Table::FindColumn(std::string_view column) {
  for (Column& c : columns) {
    if (c.name == column) return &c;
  }
  return nullptr;
}

const Table* Schema::FindTable(std::string_view schema_name, std::string_view name) const {
  return const_cast<Schema*>(this)->FindTable(schema_name, name);
}

Table* Schema::FindTable(std::string_view schema_name, std::string_view name) {
  if (!schema_name.empty()) {
    auto it = tables.find(QualifiedName{std::string(schema_name), std::string(name)});
    return it == tables.end() ? nullptr : &it->second;
  }
  for (const std::string& s : search_path) {
    auto it = tables.find(QualifiedName{s, std::string(name)});
    if (it != tables.end()) return &it->second;
  }
  return nullptr;
}

const Table* Schema::FindTable(const QualifiedName& name) const {
  auto it = tables.find(name);
  return it == tables.end() ? nullptr : &it->second;
}

const View* Schema::FindView(std::string_view schema_name, std::string_view name) const {
  if (!schema_name.empty()) {
    auto it = views.find(QualifiedName{std::string(schema_name), std::string(name)});
    return it == views.end() ? nullptr : &it->second;
  }
  for (const std::string& s : search_path) {
    auto it = views.find(QualifiedName{s, std::string(name)});
    if (it != views.end()) return &it->second;
  }
  return nullptr;
}

std::string Schema::Fingerprint() const {
  Canon c;
  c.Field("runwarden-schema-v1").End();
  for (const auto& [qn, t] : tables) {
    c.Field("table")
        .Field(qn.ToString())
        .Field(TableKindName(t.kind))
        .Flag(t.rls_enabled)
        .Flag(t.rls_forced)
        .Field(t.owner)
        .Field(t.partition_by)
        .Field(t.partition_of ? t.partition_of->ToString() : "")
        .Field(t.distribution_column)
        .End();
    for (const Column& col : t.columns) {
      c.Field("column")
          .Field(qn.ToString())
          .Field(col.name)
          .Field(col.type)
          .Flag(col.not_null)
          .Field(col.default_expr.value_or(""))
          .Field(std::to_string(static_cast<int>(col.identity)))
          .Flag(col.generated)
          .End();
    }
    if (t.primary_key) c.Field("pk").Field(qn.ToString()).List(t.primary_key->columns).End();
    std::vector<std::string> uniques;
    for (const auto& u : t.unique_keys) {
      std::string key;
      for (const auto& col : u.columns) key += col + ",";
      uniques.push_back(key);
    }
    std::sort(uniques.begin(), uniques.end());
    c.Field("unique").Field(qn.ToString()).List(uniques).End();
    std::vector<std::string> fks;
    for (const auto& fk : t.foreign_keys) {
      std::string key;
      for (const auto& col : fk.columns) key += col + ",";
      key += "->" + fk.referenced.ToString() + "(";
      for (const auto& col : fk.referenced_columns) key += col + ",";
      fks.push_back(key + ")");
    }
    std::sort(fks.begin(), fks.end());
    c.Field("fk").Field(qn.ToString()).List(fks).End();
    std::vector<std::string> policies;
    for (const Policy& p : t.policies) {
      std::string key = p.name + "|" + std::string(PolicyCommandName(p.command)) + "|" +
                        (p.permissive ? "permissive" : "restrictive") + "|";
      for (const auto& r : p.roles) key += r + ",";
      key += "|" + (p.using_expr ? p.using_expr->text : "") + "|" +
             (p.check_expr ? p.check_expr->text : "");
      policies.push_back(key);
    }
    std::sort(policies.begin(), policies.end());
    c.Field("policies").Field(qn.ToString()).List(policies).End();
  }
  for (const auto& [qn, v] : views) {
    c.Field("view")
        .Field(qn.ToString())
        .Flag(v.materialized)
        .Flag(v.security_invoker)
        .Field(v.owner)
        .Field(v.definition)
        .End();
  }
  for (const auto& [qn, e] : enums) c.Field("enum").Field(qn.ToString()).List(e.values).End();
  for (const auto& [name, r] : roles) {
    std::vector<std::string> member_of = r.member_of;
    std::sort(member_of.begin(), member_of.end());
    c.Field("role")
        .Field(name)
        .Flag(r.superuser)
        .Flag(r.bypass_rls)
        .Flag(r.login)
        .Flag(r.inherit)
        .List(member_of)
        .End();
  }
  return Sha256Hex(c.str());
}

std::string_view PolicyCommandName(PolicyCommand command) {
  switch (command) {
    case PolicyCommand::kAll:
      return "ALL";
    case PolicyCommand::kSelect:
      return "SELECT";
    case PolicyCommand::kInsert:
      return "INSERT";
    case PolicyCommand::kUpdate:
      return "UPDATE";
    case PolicyCommand::kDelete:
      return "DELETE";
  }
  return "ALL";
}

std::string_view TableKindName(TableKind kind) {
  switch (kind) {
    case TableKind::kTable:
      return "table";
    case TableKind::kPartitioned:
      return "partitioned table";
    case TableKind::kForeign:
      return "foreign table";
  }
  return "table";
}

}  // namespace runwarden::schema
