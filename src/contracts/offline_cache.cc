// sqlx's offline cache, read with the project's own JSON reader
// (sql::Tree, built for libpg_query's output but a general JSON parser).
// Column type names are sqlx's PgType / SqliteTypeInfo display names.
#include "contracts/offline_cache.h"

#include "base/text.h"
#include "sql/tree.h"

namespace runwarden::contracts {

namespace {

struct TypeInfoName {
  std::string_view info;
  std::string_view sql;
};

constexpr TypeInfoName kPostgres[] = {
    {"Bool", "boolean"},
    {"Bytea", "bytea"},
    {"Char", "\"char\""},
    {"Name", "name"},
    {"Int8", "bigint"},
    {"Int2", "smallint"},
    {"Int4", "integer"},
    {"Text", "text"},
    {"Oid", "oid"},
    {"Json", "json"},
    {"Jsonb", "jsonb"},
    {"Point", "point"},
    {"Float4", "real"},
    {"Float8", "double precision"},
    {"Money", "money"},
    {"Inet", "inet"},
    {"Cidr", "cidr"},
    {"Macaddr", "macaddr"},
    {"Bpchar", "character"},
    {"Varchar", "character varying"},
    {"Date", "date"},
    {"Time", "time without time zone"},
    {"Timestamp", "timestamp without time zone"},
    {"Timestamptz", "timestamp with time zone"},
    {"Interval", "interval"},
    {"Timetz", "time with time zone"},
    {"Bit", "bit"},
    {"Varbit", "bit varying"},
    {"Numeric", "numeric"},
    {"Uuid", "uuid"},
    {"Citext", "citext"},
};

constexpr TypeInfoName kSqlite[] = {
    {"Null", ""},        {"Integer", "integer"},   {"Int", "integer"},     {"Int64", "integer"},
    {"Float", "real"},   {"Real", "real"},         {"Text", "text"},       {"Blob", "blob"},
    {"Bool", "boolean"}, {"Boolean", "boolean"},   {"Numeric", "numeric"}, {"Date", "date"},
    {"Time", "time"},    {"Datetime", "datetime"},
};

}  // namespace

std::string SqlTypeOfTypeInfo(std::string_view type_info, Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    for (const TypeInfoName& t : kSqlite) {
      if (EqualsIgnoreCase(t.info, type_info)) return std::string(t.sql);
    }
    return AsciiLower(type_info);
  }
  std::string_view base = type_info;
  const bool array = base.ends_with("Array");
  if (array) base.remove_suffix(5);
  for (const TypeInfoName& t : kPostgres) {
    if (t.info == base) return std::string(t.sql) + (array ? "[]" : "");
  }
  return "";
}

Result<OfflineQuery> ParseOfflineQuery(std::string json, const std::string& path) {
  std::string error;
  auto tree = sql::Tree::Parse(std::move(json), &error);
  if (!tree) {
    return InvalidInput(path + ": not valid JSON: " + error)
        .WithHint("regenerate the offline cache with cargo sqlx prepare");
  }
  const sql::Node root = tree->root();
  if (!root.is_object() || !root["query"].is_string()) {
    return InvalidInput(path + ": not a sqlx offline query (no \"query\" string)")
        .WithHint("regenerate the offline cache with cargo sqlx prepare");
  }
  OfflineQuery q;
  q.path = path;
  q.db_name = std::string(root["db_name"].str());
  q.query = std::string(root["query"].str());
  q.hash = std::string(root["hash"].str());
  const sql::Node describe = root["describe"];
  const sql::Node nullable = describe["nullable"];
  size_t index = 0;
  for (sql::Node col : describe["columns"]) {
    OfflineColumn c;
    c.name = std::string(col["name"].str());
    const sql::Node info = col["type_info"];
    if (info.is_string()) {
      c.type_info = std::string(info.str());
    } else if (info.is_object()) {
      // {"Custom": {"name": "mood", "kind": ...}} or {"Custom": {"name": {...}}}
      const sql::Node custom = info["Custom"];
      const sql::Node name = custom["name"];
      c.type_info = name.is_string() ? std::string(name.str()) : std::string(info.key(0));
    }
    const sql::Node n = nullable.at(index);
    if (n.kind() == sql::Node::Kind::kBool) c.nullable = n.boolean();
    q.columns.push_back(std::move(c));
    ++index;
  }
  return q;
}

}  // namespace runwarden::contracts
