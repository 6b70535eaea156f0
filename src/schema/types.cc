#include "schema/types.h"

#include "base/text.h"
#include "schema/schema.h"
#include "sql/parser.h"

namespace runwarden::schema {

namespace {

struct Alias {
  std::string_view internal;
  std::string_view shown;
};

// Internal names (as libpg_query reports them, usually with pg_catalog) and
// the SQL spelling format_type() uses.
constexpr Alias kAliases[] = {
    {"int2", "smallint"},
    {"int4", "integer"},
    {"int", "integer"},
    {"int8", "bigint"},
    {"float4", "real"},
    {"float8", "double precision"},
    {"bool", "boolean"},
    {"varchar", "character varying"},
    {"bpchar", "character"},
    {"timestamptz", "timestamp with time zone"},
    {"timestamp", "timestamp without time zone"},
    {"timetz", "time with time zone"},
    {"time", "time without time zone"},
    {"varbit", "bit varying"},
    {"serial2", "smallint"},
    {"smallserial", "smallint"},
    {"serial4", "integer"},
    {"serial", "integer"},
    {"serial8", "bigint"},
    {"bigserial", "bigint"},
    {"decimal", "numeric"},
};

std::string_view Shown(std::string_view internal) {
  for (const Alias& a : kAliases) {
    if (a.internal == internal) return a.shown;
  }
  return internal;
}

// The modifier list of a TypeName as text: "(10,2)".
std::string Typmods(sql::Node typmods) {
  if (typmods.size() == 0) return "";
  std::string out = "(";
  bool first = true;
  for (sql::Node m : typmods) {
    sql::Node c = m.As("A_Const");
    std::string v;
    if (c && c["ival"]) {
      v = std::to_string(c["ival"]["ival"].integer());
    } else if (auto s = sql::ConstString(m)) {
      v = std::string(*s);
    } else if (sql::Node cr = m.As("ColumnRef")) {
      auto names = sql::NameList(cr["fields"]);
      v = names.empty() ? "" : std::string(names.back());
    }
    if (!first) out += ",";
    out += v;
    first = false;
  }
  return out + ")";
}

// timestamp(3) with time zone keeps its precision inside the name.
std::string WithTypmods(std::string_view shown, const std::string& mods) {
  if (mods.empty()) return std::string(shown);
  for (std::string_view base : {"timestamp", "time"}) {
    if (shown.starts_with(base) && shown.size() > base.size() && shown[base.size()] == ' ') {
      return std::string(base) + mods + std::string(shown.substr(base.size()));
    }
  }
  if (shown == "interval") return "interval" + mods;
  return std::string(shown) + mods;
}

}  // namespace

std::string FormatTypeName(sql::Node type_name) {
  std::vector<std::string_view> names = sql::NameList(type_name["names"]);
  std::string base;
  if (names.size() == 2 && names[0] == "pg_catalog") {
    base = std::string(Shown(names[1]));
  } else if (names.size() == 1) {
    base = std::string(Shown(names[0]));
  } else {
    // Parts that need quotes get them, as format_type() prints "App".mood.
    for (size_t i = 0; i < names.size(); ++i) {
      base += (i ? "." : "") + QualifiedName{"", std::string(names[i])}.ToString();
    }
  }
  std::string out = WithTypmods(base, Typmods(type_name["typmods"]));
  for (size_t i = 0; i < type_name["arrayBounds"].size(); ++i) out += "[]";
  // A single dimension is all format_type() ever prints.
  if (type_name["arrayBounds"].size() > 1) out = out.substr(0, out.find('[')) + "[]";
  return out;
}

bool IsSerialType(sql::Node type_name) {
  std::vector<std::string_view> names = sql::NameList(type_name["names"]);
  if (names.size() != 1) return false;
  const std::string_view n = names[0];
  return n == "serial" || n == "serial2" || n == "serial4" || n == "serial8" ||
         n == "smallserial" || n == "bigserial";
}

std::string NormalizeTypeName(std::string_view text) {
  const std::string sql = "SELECT NULL::" + std::string(text);
  for (const sql::StatementParse& p : sql::ParseStatements(sql)) {
    if (p.error) break;
    sql::Node tc = p.root.unwrap()["targetList"].at(0).unwrap()["val"].As("TypeCast");
    if (tc) return FormatTypeName(tc["typeName"]);
  }
  return AsciiLower(Trim(text));
}

}  // namespace runwarden::schema
