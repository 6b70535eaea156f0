// Values for synthetic rows.
//
// Types are matched on format_type()'s spelling (the catalog's), with
// modifiers: "character varying(20)" limits the length, "numeric(4,2)" the
// digits. Distinct values are random (uuid v4, large integers, text with a
// random tail); plain values are small constants that pass typical CHECK
// constraints (1, false, '2000-01-01'). Enums take their first label.
//
// Default safety and partition bounds are decided on libpg_query parse trees,
// never by searching text.

#include "probe/synthetic_values.h"

#include <algorithm>
#include <vector>

#include "base/text.h"
#include "schema/expression.h"
#include "sql/parser.h"

namespace runwarden::probe {

namespace {

// Functions a default may call without effects outside the transaction.
constexpr std::string_view kSafeFunctions[] = {
    "now",
    "clock_timestamp",
    "statement_timestamp",
    "transaction_timestamp",
    "timeofday",
    "gen_random_uuid",
    "uuid_generate_v4",
    "uuid_generate_v1",
    "current_setting",
    "nullif",
    "coalesce",
    "lower",
    "upper",
    "timezone",
    "date_trunc",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "to_jsonb",
    "array_fill",
    "make_interval",
    "random",
    "md5",
    "concat",
    "btrim",
    "replace",
    "substring",
    "length",
    "abs",
    "greatest",
    "least",
};

struct TypeParts {
  std::string base;           ///< without modifiers: "character varying"
  std::vector<int64_t> mods;  ///< (20) or (10,2)
  bool array = false;
};

TypeParts Split(std::string_view type) {
  TypeParts t;
  std::string s(Trim(type));
  if (s.size() > 2 && s.ends_with("[]")) {
    t.array = true;
    s.resize(s.size() - 2);
  }
  const size_t open = s.find('(');
  const size_t close = s.find(')', open == std::string::npos ? 0 : open);
  if (open != std::string::npos && close != std::string::npos) {
    std::string inner = s.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (start <= inner.size()) {
      const size_t comma = inner.find(',', start);
      const std::string part(Trim(std::string_view(inner).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start)));
      t.mods.push_back(std::strtoll(part.c_str(), nullptr, 10));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    s = s.substr(0, open) + s.substr(close + 1);
  }
  std::string collapsed;
  for (char c : s) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += c;
  }
  t.base = std::string(Trim(collapsed));
  return t;
}

bool IsText(std::string_view base) {
  return base == "text" || base == "character varying" || base == "varchar" || base == "citext" ||
         base == "name" || base == "character" || base == "bpchar" || base == "public.citext";
}

bool IsInteger(std::string_view base) {
  return base == "smallint" || base == "integer" || base == "bigint";
}

// Names of the relations a default may read through a subquery make it
// unsafe too; so does any function not on the list.
bool SafeNode(sql::Node root) {
  bool safe = true;
  sql::VisitAll(root, [&](sql::Node n) {
    const std::string_view tag = n.tag();
    if (tag == "SubLink") safe = false;
    if (tag == "FuncCall") {
      const auto names = sql::NameList(n.unwrap()["funcname"]);
      if (names.empty()) {
        safe = false;
        return;
      }
      const std::string name = AsciiLower(names.back());
      if (names.size() > 1 && names.front() != "pg_catalog") safe = false;
      if (std::find(std::begin(kSafeFunctions), std::end(kSafeFunctions), name) ==
          std::end(kSafeFunctions)) {
        safe = false;
      }
    }
  });
  return safe;
}

std::optional<std::string> DatumText(sql::Node datum) {
  while (sql::Node cast = datum.As("TypeCast")) datum = cast["arg"];
  sql::Node c = datum.As("A_Const");
  if (!c) return std::string("\x01");  // not a constant (MINVALUE, an expression)
  if (c["isnull"].boolean()) return std::nullopt;
  if (auto s = sql::ConstString(c)) return std::string(*s);
  if (sql::Node i = c["ival"]) {
    // libpg_query 15-4.0.0 writes negative integers as "ival":{}: unknown.
    if (!i["ival"]) return std::string("\x01");
    return std::to_string(i["ival"].integer());
  }
  if (sql::Node f = c["fval"]) return std::string(f["fval"].str());
  if (sql::Node b = c["boolval"]) return b["boolval"].boolean() ? "true" : "false";
  return std::string("\x01");
}

std::string Pad2(int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

ValueMaker::ValueMaker(const schema::Schema& schema, uint64_t seed)
    : schema_(schema), random_(seed) {}

std::string ValueMaker::Hex(size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < digits; ++i) out += kHex[random_() % 16];
  return out;
}

int64_t ValueMaker::Between(int64_t low, int64_t high) {
  return low + static_cast<int64_t>(random_() % static_cast<uint64_t>(high - low + 1));
}

std::optional<std::string> ValueMaker::Make(std::string_view type, Distinct distinct) {
  const TypeParts t = Split(type);
  const bool unique = distinct == Distinct::kUnique;
  if (t.array) return std::string("{}");
  const std::string& b = t.base;
  if (b == "uuid") {
    std::string h = Hex(32);
    h[12] = '4';
    h[16] = "89ab"[random_() % 4];
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
           "-" + h.substr(20);
  }
  if (IsText(b)) {
    std::string v = unique ? "rw-probe-" + Hex(12) : std::string("rw-probe");
    if (b == "character" || b == "bpchar") {
      const size_t n = t.mods.empty() ? 1 : static_cast<size_t>(t.mods[0]);
      if (unique && n < v.size()) v = Hex(n);
    }
    if (!t.mods.empty() && t.mods[0] > 0 && v.size() > static_cast<size_t>(t.mods[0])) {
      v = unique ? Hex(static_cast<size_t>(t.mods[0]))
                 : v.substr(0, static_cast<size_t>(t.mods[0]));
    }
    return v;
  }
  if (b == "smallint") return std::to_string(unique ? Between(20000, 32000) : Between(1, 100));
  if (b == "integer") {
    return std::to_string(unique ? Between(1'500'000'000, 2'100'000'000) : Between(1, 1000));
  }
  if (b == "bigint") {
    return std::to_string(unique ? Between(4'000'000'000'000'000'000, 9'000'000'000'000'000'000)
                                 : Between(1, 1000));
  }
  if (b == "numeric" || b == "decimal") {
    const int64_t integer_digits =
        t.mods.empty() ? 18 : t.mods[0] - (t.mods.size() > 1 ? t.mods[1] : 0);
    if (!unique || integer_digits < 6) return std::string(integer_digits >= 1 ? "1" : "0");
    return std::to_string(Between(100'000, 999'999));
  }
  if (b == "real" || b == "double precision") {
    return unique ? std::to_string(Between(1'000'000, 9'999'999)) : std::string("1");
  }
  if (b == "boolean") return std::string("false");
  // Distinct dates fall in the 20th century: far from the ranges recent
  // partitions cover, so that a default partition takes them too.
  const std::string day = unique ? std::to_string(Between(1901, 1999)) + "-" +
                                       Pad2(Between(1, 12)) + "-" + Pad2(Between(1, 28))
                                 : std::string("2000-01-01");
  if (b == "date") return day;
  if (b.starts_with("timestamp")) return day + " 00:00:00";
  if (b.starts_with("time")) return std::string("00:00:00");
  if (b == "interval") return std::string("1 day");
  if (b == "json" || b == "jsonb") return std::string("{}");
  if (b == "bytea") return unique ? "\\x" + Hex(16) : std::string("\\x00");
  if (b == "inet") return std::string("192.0.2.1");
  if (b == "cidr") return std::string("192.0.2.0/24");
  if (b == "macaddr") return std::string("08:00:2b:01:02:03");
  for (const auto& [name, e] : schema_.enums) {
    if (!e.values.empty() && (name.ToString() == b || name.name == b)) return e.values.front();
  }
  return std::nullopt;
}

std::optional<std::string> ValueMaker::TenantId(std::string_view type) {
  const TypeParts t = Split(type);
  if (t.array) return std::nullopt;
  if (t.base == "uuid" || IsText(t.base) || IsInteger(t.base) || t.base == "numeric") {
    if (IsText(t.base) && (t.mods.empty() || t.mods[0] >= 20)) {
      return "rw-probe-tenant-" + Hex(4);
    }
    return Make(type, Distinct::kUnique);
  }
  return std::nullopt;
}

bool DefaultIsSafe(const std::string& default_expr) {
  std::optional<schema::Expression> e = schema::ParseExpression(default_expr);
  if (!e || !e->tree) return false;
  return SafeNode(e->tree);
}

std::map<std::string, std::optional<std::string>> PartitionBoundValues(
    std::string_view partition_by, std::string_view bound) {
  std::map<std::string, std::optional<std::string>> out;
  // The key columns: "RANGE (a, b)" -> {a, b}; expressions give up.
  const size_t open = partition_by.find('(');
  const size_t close = partition_by.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return out;
  std::vector<std::string> columns;
  std::string_view inner = partition_by.substr(open + 1, close - open - 1);
  while (!inner.empty()) {
    const size_t comma = inner.find(',');
    std::string_view part = Trim(inner.substr(0, comma));
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"') {
      std::string unquoted;
      for (size_t i = 1; i + 1 < part.size(); ++i) {
        if (part[i] == '"' && part[i + 1] == '"') ++i;
        unquoted += part[i];
      }
      columns.push_back(unquoted);
    } else {
      for (char c : part) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) return out;
      }
      columns.emplace_back(part);
    }
    if (comma == std::string_view::npos) break;
    inner.remove_prefix(comma + 1);
  }
  const std::string sql = "CREATE TABLE p PARTITION OF q " + std::string(bound);
  std::vector<sql::StatementParse> parses = sql::ParseStatements(sql);
  if (parses.size() != 1 || parses[0].error) return out;
  sql::Node spec = parses[0].root.As("CreateStmt")["partbound"];
  if (!spec || spec["is_default"].boolean()) return out;
  const std::string_view strategy = spec["strategy"].str();
  std::vector<std::optional<std::string>> values;
  if (strategy == "r") {
    for (sql::Node d : spec["lowerdatums"]) values.push_back(DatumText(d));
  } else if (strategy == "l") {
    if (spec["listdatums"].size() == 0 || columns.size() != 1) return out;
    values.push_back(DatumText(spec["listdatums"].at(0)));
  } else {
    return out;
  }
  if (values.size() != columns.size()) return out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (values[i] && *values[i] == "\x01") return {};
    out[columns[i]] = values[i];
  }
  return out;
}

}  // namespace runwarden::probe
