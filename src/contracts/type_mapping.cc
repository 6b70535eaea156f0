// The type table. Both sides are reduced to a Kind (with a bit width for
// numbers), then a small matrix decides. PostgreSQL types are exact; SQLite
// types are read by affinity (datatype3.html: INT -> INTEGER; CHAR, CLOB,
// TEXT -> TEXT; BLOB -> BLOB; REAL, FLOA, DOUB -> REAL; else NUMERIC), with
// the declared names sqlx gives meaning to (BOOLEAN, DATE, DATETIME, UUID)
// read first. SQLite INTEGER is 64 bits wide whatever the declaration says.
//
// Severities: narrowing integers is an error,
// widening a warning; a Rust String for a column that has a text form
// (uuid, numeric, enum, json, dates, inet) is a warning (the value fits in
// text, but sqlx and diesel only decode it through a ::text cast, and the
// type's checks are lost); everything else that does not decode is an error.
#include "contracts/type_mapping.h"

#include "base/text.h"

namespace runwarden::contracts {

namespace {

enum class Kind {
  kUnknown,
  kInt,
  kUnsigned,
  kFloat,
  kDecimal,
  kMoney,
  kBool,
  kText,
  kChar,
  kBytes,
  kUuid,
  kTimestampTz,
  kTimestamp,
  kDate,
  kTime,
  kInterval,
  kJson,
  kInet,
  kMacAddr,
  kOid,
  kArray,
  kEnum,
  kCustom,  // Rust only: a type runwarden does not know
};

struct SqlKind {
  Kind kind = Kind::kUnknown;
  int bits = 0;
  std::string element;  // kArray: the element's SQL type
  bool sqlite_any_timestamp = false;
};

struct RustKind {
  Kind kind = Kind::kUnknown;
  int bits = 0;
  const RustType* element = nullptr;  // kArray: Vec<T>'s T
  std::string name;
};

std::string BaseTypeName(std::string_view sql_type) {
  std::string t = AsciiLower(Trim(sql_type));
  // Drop modifiers: "numeric(10,2)" -> "numeric", "timestamp(3) with time zone" keeps its words.
  std::string out;
  int depth = 0;
  for (char c : t) {
    if (c == '(') ++depth;
    if (depth == 0) out += c;
    if (c == ')') --depth;
  }
  std::string collapsed;
  for (char c : out) {
    if (c == ' ' && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += c;
  }
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return collapsed;
}

bool IsEnum(std::string_view base, const schema::Schema* schema) {
  if (!schema) return false;
  for (const auto& [name, e] : schema->enums) {
    if (base == name.name || base == name.ToString() || base == name.schema + "." + name.name) {
      return true;
    }
  }
  return false;
}

SqlKind ClassifyPostgres(const std::string& base, const schema::Schema* schema) {
  SqlKind k;
  if (base.ends_with("[]")) {
    k.kind = Kind::kArray;
    k.element = base.substr(0, base.size() - 2);
    return k;
  }
  struct Entry {
    std::string_view name;
    Kind kind;
    int bits;
  };
  static constexpr Entry kTable[] = {
      {"smallint", Kind::kInt, 16},
      {"integer", Kind::kInt, 32},
      {"bigint", Kind::kInt, 64},
      {"real", Kind::kFloat, 32},
      {"double precision", Kind::kFloat, 64},
      {"numeric", Kind::kDecimal, 0},
      {"money", Kind::kMoney, 0},
      {"boolean", Kind::kBool, 0},
      {"text", Kind::kText, 0},
      {"character varying", Kind::kText, 0},
      {"character", Kind::kText, 0},
      {"name", Kind::kText, 0},
      {"citext", Kind::kText, 0},
      {"\"char\"", Kind::kChar, 0},
      {"bytea", Kind::kBytes, 0},
      {"uuid", Kind::kUuid, 0},
      {"timestamp with time zone", Kind::kTimestampTz, 0},
      {"timestamp without time zone", Kind::kTimestamp, 0},
      {"date", Kind::kDate, 0},
      {"time without time zone", Kind::kTime, 0},
      {"interval", Kind::kInterval, 0},
      {"json", Kind::kJson, 0},
      {"jsonb", Kind::kJson, 0},
      {"inet", Kind::kInet, 0},
      {"cidr", Kind::kInet, 0},
      {"macaddr", Kind::kMacAddr, 0},
      {"oid", Kind::kOid, 0},
  };
  for (const Entry& e : kTable) {
    if (base == e.name) {
      k.kind = e.kind;
      k.bits = e.bits;
      return k;
    }
  }
  if (IsEnum(base, schema)) k.kind = Kind::kEnum;
  return k;
}

SqlKind ClassifySqlite(const std::string& base) {
  SqlKind k;
  if (base == "boolean" || base == "bool") {
    k.kind = Kind::kBool;
  } else if (base == "date") {
    k.kind = Kind::kDate;
  } else if (base == "time" || base.starts_with("time without")) {
    k.kind = Kind::kTime;
  } else if (base == "datetime" || base.starts_with("timestamp")) {
    k.kind = Kind::kTimestamp;
    k.sqlite_any_timestamp = true;
  } else if (base == "uuid") {
    k.kind = Kind::kUuid;
  } else if (base == "json" || base == "jsonb") {
    k.kind = Kind::kJson;
  } else if (base.find("int") != std::string::npos) {
    k.kind = Kind::kInt;
    k.bits = 64;
  } else if (base.find("char") != std::string::npos || base.find("clob") != std::string::npos ||
             base.find("text") != std::string::npos) {
    k.kind = Kind::kText;
  } else if (base.find("blob") != std::string::npos || base == "bytea") {
    k.kind = Kind::kBytes;
  } else if (base.find("real") != std::string::npos || base.find("floa") != std::string::npos ||
             base.find("doub") != std::string::npos) {
    k.kind = Kind::kFloat;
    k.bits = 64;
  } else if (base == "numeric" || base == "decimal") {
    k.kind = Kind::kDecimal;
  }
  return k;
}

SqlKind ClassifySql(std::string_view sql_type, const TypeEnvironment& env) {
  const std::string base = BaseTypeName(sql_type);
  return env.dialect == Dialect::kSqlite ? ClassifySqlite(base)
                                         : ClassifyPostgres(base, env.schema);
}

bool PathStartsWith(const RustType& t, std::string_view first) {
  return t.path.size() > 1 && t.path.front() == first;
}

RustKind ClassifyRust(const RustType& t) {
  RustKind k;
  if (t.kind == RustType::Kind::kReference && !t.args.empty()) {
    const RustType& inner = t.args[0];
    if (inner.kind == RustType::Kind::kPath && inner.Name() == "str") {
      k.kind = Kind::kText;
    } else if (inner.kind == RustType::Kind::kSlice && !inner.args.empty() &&
               inner.args[0].Name() == "u8") {
      k.kind = Kind::kBytes;
    } else {
      return ClassifyRust(inner);
    }
    return k;
  }
  if (t.kind == RustType::Kind::kArray && !t.args.empty() && t.args[0].Name() == "u8") {
    k.kind = Kind::kBytes;
    return k;
  }
  if (t.kind != RustType::Kind::kPath) {
    k.kind = Kind::kCustom;
    return k;
  }
  const std::string_view n = t.Name();
  k.name = std::string(n);
  struct Int {
    std::string_view name;
    Kind kind;
    int bits;
  };
  static constexpr Int kInts[] = {
      {"i8", Kind::kInt, 8},        {"i16", Kind::kInt, 16},        {"i32", Kind::kInt, 32},
      {"i64", Kind::kInt, 64},      {"i128", Kind::kInt, 128},      {"isize", Kind::kInt, 64},
      {"u8", Kind::kUnsigned, 8},   {"u16", Kind::kUnsigned, 16},   {"u32", Kind::kUnsigned, 32},
      {"u64", Kind::kUnsigned, 64}, {"u128", Kind::kUnsigned, 128}, {"usize", Kind::kUnsigned, 64},
      {"f32", Kind::kFloat, 32},    {"f64", Kind::kFloat, 64},
  };
  if (t.path.size() == 1) {
    for (const Int& i : kInts) {
      if (n == i.name) {
        k.kind = i.kind;
        k.bits = i.bits;
        return k;
      }
    }
  }
  if ((n == "Box" || n == "Arc" || n == "Rc" || n == "Cow") && !t.args.empty()) {
    const RustType& inner = t.args.back();
    if (inner.kind == RustType::Kind::kPath && inner.Name() == "str") {
      k.kind = Kind::kText;
      return k;
    }
    return ClassifyRust(inner);
  }
  if (n == "Vec" && t.args.size() == 1) {
    if (t.args[0].Name() == "u8" && t.args[0].path.size() == 1) {
      k.kind = Kind::kBytes;
    } else {
      k.kind = Kind::kArray;
      k.element = &t.args[0];
    }
    return k;
  }
  if (n == "String" || n == "str" || n == "CompactString" || n == "SmolStr" || n == "CompactStr" ||
      n == "ArcStr") {
    k.kind = Kind::kText;
  } else if (n == "char" && t.path.size() == 1) {
    k.kind = Kind::kChar;
  } else if (n == "bool" && t.path.size() == 1) {
    k.kind = Kind::kBool;
  } else if (n == "Bytes" || n == "BytesMut") {
    k.kind = Kind::kBytes;
  } else if (n == "Uuid") {
    k.kind = Kind::kUuid;
  } else if (n == "Decimal" || n == "BigDecimal") {
    k.kind = Kind::kDecimal;
  } else if (n == "PgMoney") {
    k.kind = Kind::kMoney;
  } else if (n == "DateTime" || n == "OffsetDateTime") {
    k.kind = Kind::kTimestampTz;
  } else if (n == "NaiveDateTime" || n == "PrimitiveDateTime") {
    k.kind = Kind::kTimestamp;
  } else if (n == "NaiveDate" ||
             (n == "Date" && (t.path.size() == 1 || PathStartsWith(t, "time")))) {
    k.kind = Kind::kDate;
  } else if (n == "NaiveTime" ||
             (n == "Time" && (t.path.size() == 1 || PathStartsWith(t, "time")))) {
    k.kind = Kind::kTime;
  } else if (n == "PgInterval" || n == "Duration" || n == "TimeDelta") {
    k.kind = Kind::kInterval;
  } else if (n == "Json" || n == "JsonValue" || n == "RawValue" || n == "JsonRawValue" ||
             (n == "Value" && (t.path.size() == 1 || PathStartsWith(t, "serde_json")))) {
    k.kind = Kind::kJson;
  } else if (n == "IpNetwork" || n == "IpAddr" || n == "Ipv4Addr" || n == "Ipv6Addr" ||
             n == "IpInet" || n == "IpCidr" || n == "Ipv4Network" || n == "Ipv6Network") {
    k.kind = Kind::kInet;
  } else if (n == "MacAddress") {
    k.kind = Kind::kMacAddr;
  } else if (n == "Oid") {
    k.kind = Kind::kOid;
  } else {
    k.kind = Kind::kCustom;
  }
  return k;
}

// Kinds a Rust String can read through a ::text cast.
bool HasTextForm(Kind k) {
  switch (k) {
    case Kind::kUuid:
    case Kind::kDecimal:
    case Kind::kMoney:
    case Kind::kEnum:
    case Kind::kJson:
    case Kind::kTimestampTz:
    case Kind::kTimestamp:
    case Kind::kDate:
    case Kind::kTime:
    case Kind::kInterval:
    case Kind::kInet:
    case Kind::kMacAddr:
    case Kind::kChar:
      return true;
    default:
      return false;
  }
}

TypeVerdict Verdict(TypeFit fit, std::string reason, std::string suggestion) {
  return TypeVerdict{fit, std::move(reason), std::move(suggestion)};
}

std::string IntName(int bits) { return "i" + std::to_string(bits); }

TypeVerdict CheckKinds(const RustKind& r, const SqlKind& s, std::string_view sql_type,
                       const TypeEnvironment& env, int depth) {
  const std::string suggestion = SuggestRustType(sql_type, env);
  const std::string sql(sql_type);
  if (s.kind == Kind::kUnknown || r.kind == Kind::kUnknown) return {};
  if (r.kind == Kind::kCustom) return {};  // a user type with its own Decode: trusted
  if (s.kind == Kind::kArray) {
    if (r.kind != Kind::kArray) {
      return Verdict(TypeFit::kMismatch, "a " + sql + " column is an array, read it into a Vec",
                     suggestion);
    }
    const RustType* elem = r.element;
    if (const RustType* inner = elem->OptionInner()) elem = inner;
    if (depth > 4) return {};
    TypeVerdict v =
        CheckKinds(ClassifyRust(*elem), ClassifySql(s.element, env), s.element, env, depth + 1);
    if (v.fit != TypeFit::kMatch && v.fit != TypeFit::kUnknown) {
      v.reason = "array elements: " + v.reason;
      v.suggestion = suggestion;
    }
    return v;
  }
  if (r.kind == Kind::kArray) {
    return Verdict(TypeFit::kMismatch, "a Vec reads an array, but the column is " + sql,
                   suggestion);
  }
  if (s.kind == Kind::kInt) {
    if (r.kind == Kind::kInt || (r.kind == Kind::kUnsigned && env.dialect == Dialect::kSqlite)) {
      if (r.bits == s.bits) return Verdict(TypeFit::kMatch, "", "");
      if (r.bits < s.bits) {
        return Verdict(
            TypeFit::kIntegerNarrowing,
            sql + " holds " + std::to_string(s.bits) + "-bit values that overflow " + r.name,
            suggestion);
      }
      return Verdict(TypeFit::kIntegerWidening,
                     r.name + " is wider than the " + std::to_string(s.bits) + "-bit " + sql +
                         " column; sqlx and diesel decode only the exact width",
                     suggestion);
    }
    if (r.kind == Kind::kUnsigned) {
      return Verdict(TypeFit::kMismatch,
                     "PostgreSQL has no unsigned integers; sqlx and diesel do not decode " + sql +
                         " into " + r.name,
                     suggestion);
    }
    if (r.kind == Kind::kBool && env.dialect == Dialect::kSqlite) {
      return Verdict(TypeFit::kMatch, "", "");
    }
  }
  if (s.kind == Kind::kFloat && r.kind == Kind::kFloat) {
    if (r.bits >= s.bits) return Verdict(TypeFit::kMatch, "", "");
    return Verdict(TypeFit::kMismatchWarning, sql + " has more precision than f32 keeps",
                   suggestion);
  }
  if (s.kind == Kind::kTimestamp && s.sqlite_any_timestamp &&
      (r.kind == Kind::kTimestamp || r.kind == Kind::kTimestampTz)) {
    return Verdict(TypeFit::kMatch, "", "");
  }
  if (s.kind == Kind::kDecimal && env.dialect == Dialect::kSqlite &&
      (r.kind == Kind::kInt || r.kind == Kind::kFloat || r.kind == Kind::kDecimal)) {
    return Verdict(TypeFit::kMatch, "", "");
  }
  if (s.kind == Kind::kUuid && env.dialect == Dialect::kSqlite &&
      (r.kind == Kind::kText || r.kind == Kind::kBytes)) {
    return Verdict(TypeFit::kMatch, "", "");
  }
  if (s.kind == Kind::kOid && r.kind == Kind::kUnsigned && r.bits == 32) {
    return Verdict(TypeFit::kMatch, "", "");
  }
  if (r.kind == s.kind) return Verdict(TypeFit::kMatch, "", "");
  if (s.kind == Kind::kText && r.kind == Kind::kChar) {
    return Verdict(TypeFit::kMismatchWarning, "a char holds one character of the " + sql + " value",
                   suggestion);
  }
  if (r.kind == Kind::kText && HasTextForm(s.kind)) {
    return Verdict(TypeFit::kMismatchWarning,
                   "String reads " + sql + " only through a ::text cast in the query, and loses " +
                       "the type's checks",
                   suggestion);
  }
  if ((s.kind == Kind::kTimestampTz && r.kind == Kind::kTimestamp) ||
      (s.kind == Kind::kTimestamp && r.kind == Kind::kTimestampTz)) {
    return Verdict(TypeFit::kMismatch,
                   s.kind == Kind::kTimestampTz
                       ? sql + " is an instant; a naive date-time does not decode from it"
                       : sql + " has no time zone; a zoned date-time does not decode from it",
                   suggestion);
  }
  if (s.kind == Kind::kDecimal && r.kind == Kind::kFloat) {
    return Verdict(TypeFit::kMismatch,
                   "numeric does not decode into " + r.name +
                       " (and binary floats cannot hold decimal amounts exactly)",
                   suggestion);
  }
  std::string rust_desc = r.name.empty() ? "the field's type" : r.name;
  return Verdict(TypeFit::kMismatch, rust_desc + " cannot hold " + sql + " values", suggestion);
}

RustType StripWrappers(const RustType& t) {
  const std::string_view n = t.Name();
  if ((n == "Box" || n == "Arc" || n == "Rc") && t.args.size() == 1)
    return StripWrappers(t.args[0]);
  return t;
}

}  // namespace

RustType ExpandAliases(const RustType& type, const RustCrate* crate, Expansion expansion) {
  if (!crate) return type;
  RustType t = type;
  for (int step = 0; step < 8; ++step) {
    if (t.kind != RustType::Kind::kPath || !t.args.empty()) break;
    const std::string_view name = t.Name();
    const RustType* next = nullptr;
    for (const TypeAlias& a : crate->aliases) {
      if (a.name == name) next = &a.target;
    }
    if (!next && expansion == Expansion::kAliasesAndNewtypes) {
      for (const RustStruct& s : crate->structs) {
        if (s.name == name && s.sqlx_transparent && s.fields.size() == 1) next = &s.fields[0].type;
      }
    }
    if (!next) break;
    t = *next;
  }
  for (RustType& arg : t.args) arg = ExpandAliases(arg, crate, expansion);
  return t;
}

TypeVerdict CheckType(const RustType& rust, std::string_view sql_type, const TypeEnvironment& env) {
  const RustType expanded =
      StripWrappers(ExpandAliases(rust, env.crate, Expansion::kAliasesAndNewtypes));
  return CheckKinds(ClassifyRust(expanded), ClassifySql(sql_type, env), sql_type, env, 0);
}

std::string SuggestRustType(std::string_view sql_type, const TypeEnvironment& env) {
  const SqlKind k = ClassifySql(sql_type, env);
  switch (k.kind) {
    case Kind::kInt:
      return IntName(k.bits);
    case Kind::kFloat:
      return k.bits == 32 ? "f32" : "f64";
    case Kind::kDecimal:
      return "rust_decimal::Decimal";
    case Kind::kMoney:
      return "sqlx::postgres::types::PgMoney";
    case Kind::kBool:
      return "bool";
    case Kind::kText:
      return "String";
    case Kind::kChar:
      return "i8";
    case Kind::kBytes:
      return "Vec<u8>";
    case Kind::kUuid:
      return "uuid::Uuid";
    case Kind::kTimestampTz:
      return "chrono::DateTime<chrono::Utc>";
    case Kind::kTimestamp:
      return "chrono::NaiveDateTime";
    case Kind::kDate:
      return "chrono::NaiveDate";
    case Kind::kTime:
      return "chrono::NaiveTime";
    case Kind::kInterval:
      return "sqlx::postgres::types::PgInterval";
    case Kind::kJson:
      return "serde_json::Value";
    case Kind::kInet:
      return "ipnetwork::IpNetwork";
    case Kind::kMacAddr:
      return "mac_address::MacAddress";
    case Kind::kOid:
      return "sqlx::postgres::types::Oid";
    case Kind::kEnum:
      return "an enum deriving sqlx::Type";
    case Kind::kArray: {
      const std::string elem = SuggestRustType(k.element, env);
      return elem.empty() || elem.find(' ') != std::string::npos ? "" : "Vec<" + elem + ">";
    }
    case Kind::kUnsigned:
    case Kind::kCustom:
    case Kind::kUnknown:
      break;
  }
  return "";
}

RustType DieselSqlTypeAsRust(const RustType& t) {
  if (t.kind != RustType::Kind::kPath) return t;
  const std::string_view n = t.Name();
  if (n == "Nullable" && t.args.size() == 1) {
    return PathType({"Option"}, {DieselSqlTypeAsRust(t.args[0])});
  }
  if (n == "Array" && t.args.size() == 1) {
    return PathType({"Vec"}, {DieselSqlTypeAsRust(t.args[0])});
  }
  struct Entry {
    std::string_view diesel;
    std::string_view rust;
  };
  static constexpr Entry kTable[] = {
      {"SmallInt", "i16"},
      {"Int2", "i16"},
      {"Integer", "i32"},
      {"Int4", "i32"},
      {"BigInt", "i64"},
      {"Int8", "i64"},
      {"Float", "f32"},
      {"Float4", "f32"},
      {"Double", "f64"},
      {"Float8", "f64"},
      {"Numeric", "bigdecimal::BigDecimal"},
      {"Decimal", "bigdecimal::BigDecimal"},
      {"Bool", "bool"},
      {"Text", "String"},
      {"Varchar", "String"},
      {"VarChar", "String"},
      {"Char", "String"},
      {"Citext", "String"},
      {"Bytea", "Vec<u8>"},
      {"Binary", "Vec<u8>"},
      {"Blob", "Vec<u8>"},
      {"Uuid", "uuid::Uuid"},
      {"Timestamp", "chrono::NaiveDateTime"},
      {"Timestamptz", "chrono::DateTime<chrono::Utc>"},
      {"TimestamptzSqlite", "chrono::DateTime<chrono::Utc>"},
      {"Date", "chrono::NaiveDate"},
      {"Time", "chrono::NaiveTime"},
      {"Interval", "diesel::pg::data_types::PgInterval"},
      {"Json", "serde_json::Value"},
      {"Jsonb", "serde_json::Value"},
      {"Inet", "ipnetwork::IpNetwork"},
      {"Cidr", "ipnetwork::IpNetwork"},
      {"MacAddr", "mac_address::MacAddress"},
      {"Money", "diesel::pg::data_types::PgMoney"},
      {"Oid", "u32"},
  };
  for (const Entry& e : kTable) {
    if (n == e.diesel) {
      auto parsed = ParseRustType(e.rust);
      if (parsed.ok()) return std::move(parsed).value();
    }
  }
  return t;
}

}  // namespace runwarden::contracts
