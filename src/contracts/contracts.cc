// Mapping contracts to columns. For each contract, in order of confidence:
//
//   1. every query call that fills it (query_as!, query_as_unchecked!,
//      query_as::<_, T>()): its result columns, resolved against the schema
//      (result_columns.cc); sqlx's offline cache fills in types and
//      nullability the resolver cannot know, or all columns when the SQL
//      does not parse with PostgreSQL's grammar;
//   2. #[diesel(table_name = ...)] (through the crate's table! block for the
//      SQL name and schema, when there is one);
//   3. diesel's default table name (snake_case of the struct name plus "s");
//   4. a naming convention (snake_case, plural, without a Row/Record/...
//      suffix), only when exactly one table fits, at low confidence and
//      without claiming the table is the whole column source.
//
// A project-config mapping (runwarden.toml) belongs between 2 and 3 and is
// not read yet. Fields bind to columns by the name sqlx or diesel would use;
// #[sqlx(flatten)] brings in the nested struct's fields.
#include "contracts/contracts.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "base/text.h"
#include "contracts/offline_cache.h"

namespace runwarden::contracts {

namespace {

constexpr int kMaxFlattenDepth = 8;

std::string Location(const SourceSpan& span) {
  if (!span.valid()) return span.path;
  return span.path + ":" + std::to_string(span.begin.line) + ":" +
         std::to_string(span.begin.column);
}

std::string SnakeCase(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      const bool after_lower = i > 0 && (std::islower(static_cast<unsigned char>(name[i - 1])) ||
                                         std::isdigit(static_cast<unsigned char>(name[i - 1])));
      const bool before_lower = i > 0 && i + 1 < name.size() &&
                                std::isupper(static_cast<unsigned char>(name[i - 1])) &&
                                std::islower(static_cast<unsigned char>(name[i + 1]));
      if (!out.empty() && (after_lower || before_lower)) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string Plural(const std::string& word) {
  if (word.empty()) return word;
  const char last = word.back();
  if (last == 'y' && word.size() > 1 &&
      std::string_view("aeiou").find(word[word.size() - 2]) == std::string_view::npos) {
    return word.substr(0, word.size() - 1) + "ies";
  }
  if (last == 's' || last == 'x' || last == 'z' || word.ends_with("ch") || word.ends_with("sh")) {
    return word + "es";
  }
  return word + "s";
}

// The value type of a field and whether it accepts NULL, with the
// attributes that change what is decoded applied.
struct DecodedType {
  bool optional = false;
  RustType value;
  std::string source = "field type";
};

DecodedType DecodedTypeOf(const RustField& f) {
  DecodedType d;
  const RustType* inner = f.type.OptionInner();
  d.optional = inner != nullptr;
  d.value = inner ? *inner : f.type;
  if (f.attrs.json) {
    // #[sqlx(json)] decodes Json<FieldType>: an Option field without
    // json(nullable) still fails on SQL NULL.
    if (f.attrs.json_nullable) {
      d.value = PathType({"sqlx", "types", "Json"}, {d.value});
    } else {
      d.value = PathType({"sqlx", "types", "Json"}, {f.type});
      d.optional = false;
    }
    d.source = f.attrs.json_nullable ? "#[sqlx(json(nullable))]" : "#[sqlx(json)]";
  } else if (f.attrs.try_from) {
    if (auto t = ParseRustType(*f.attrs.try_from); t.ok()) {
      if (const RustType* opt = t->OptionInner()) {
        d.optional = true;
        d.value = *opt;
      } else {
        d.value = *t;
      }
      d.source = "#[sqlx(try_from = \"" + *f.attrs.try_from + "\")]";
    }
  } else if (f.attrs.deserialize_as) {
    if (auto t = ParseRustType(*f.attrs.deserialize_as); t.ok()) {
      const RustType* opt = t->OptionInner();
      d.optional = opt != nullptr;
      d.value = opt ? *opt : *t;
      d.source = "#[diesel(deserialize_as = " + *f.attrs.deserialize_as + ")]";
    }
  }
  return d;
}

enum class Naming { kSqlx, kDiesel };

// A table's columns as a mapping's column source.
std::vector<MappedColumn> TableColumns(const schema::Table& table) {
  std::vector<MappedColumn> out;
  for (const schema::Column& col : table.columns) {
    ResultColumn c;
    c.name = col.name;
    c.type = col.type;
    c.nullability = col.not_null ? Nullability::kNotNull : Nullability::kNullable;
    c.why = col.not_null ? "NOT NULL column" : "nullable column";
    c.origin = table.name.ToString() + "." + col.name;
    c.is_table_column = true;
    out.push_back({c, col.span});
  }
  return out;
}

class Mapper {
 public:
  Mapper(const RustCrate& crate, const schema::Schema& schema, Dialect dialect,
         const std::vector<ConfiguredTable>& configured)
      : crate_(crate), schema_(schema), dialect_(dialect), configured_(configured) {}

  std::vector<Mapping> mappings;
  std::vector<UnmappedContract> unmapped;

  void Run() {
    std::map<const RustStruct*, std::vector<std::string>> query_failures;
    std::set<const RustStruct*> query_mapped;
    for (const QueryCall& q : crate_.queries) {
      const RustStruct* target = q.target.empty() ? nullptr : ResolveStruct(q);
      if (!q.sql) {
        if (target) query_failures[target].push_back(Where(q) + " has no literal SQL");
        continue;
      }
      std::string failure;
      if (MapQuery(q, target, failure)) {
        if (target) query_mapped.insert(target);
      } else if (target) {
        query_failures[target].push_back(Where(q) + ": " + failure);
      }
    }
    for (const RustStruct& s : crate_.structs) {
      if (query_mapped.count(&s) || FlattenedSomewhere(s)) continue;
      const bool queried = query_failures.count(&s) > 0;
      if (!s.IsRowContract() && !queried && !Configured(s)) continue;
      MapStruct(s, query_failures[&s]);
    }
    for (const DieselTable& t : crate_.diesel_tables) MapDieselTable(t);
  }

 private:
  const ConfiguredTable* Configured(const RustStruct& s) const {
    for (const ConfiguredTable& c : configured_) {
      if (c.contract == s.name) return &c;
    }
    return nullptr;
  }

  static bool DerivesDiesel(const RustStruct& s) {
    return s.Has(Derive::kDieselQueryable) || s.Has(Derive::kDieselSelectable) ||
           s.Has(Derive::kDieselInsertable) || s.Has(Derive::kDieselAsChangeset) ||
           s.Has(Derive::kDieselQueryableByName);
  }

  static std::string Where(const QueryCall& q) {
    return std::string(QueryCallKindName(q.kind)) + " at " + Location(q.span);
  }

  const RustStruct* ResolveStruct(const QueryCall& q) const {
    auto parsed = ParseRustType(q.target);
    if (!parsed.ok() || parsed->kind != RustType::Kind::kPath) return nullptr;
    std::vector<std::string> path = parsed->path;
    const std::string name = path.back();
    path.pop_back();
    while (!path.empty() &&
           (path.front() == "crate" || path.front() == "self" || path.front() == "super")) {
      path.erase(path.begin());
    }
    std::string module;
    for (const std::string& p : path) module += (module.empty() ? "" : "::") + p;
    const auto candidates = crate_.FindStructs(name);
    if (candidates.empty()) return nullptr;
    const RustStruct* best = candidates.front();
    int best_score = -1;
    for (const RustStruct* s : candidates) {
      int score = 0;
      if (s->crate_name == q.crate_name) score += 1;
      if (!module.empty() && (s->module == module || s->module.ends_with("::" + module))) {
        score += 4;
      }
      if (module.empty() && s->module == q.module) score += 2;
      if (score > best_score) {
        best = s;
        best_score = score;
      }
    }
    return best;
  }

  bool FlattenedSomewhere(const RustStruct& s) const {
    for (const RustStruct& other : crate_.structs) {
      for (const RustField& f : other.fields) {
        if (f.attrs.flatten && f.type.Name() == s.name) return true;
      }
    }
    return false;
  }

  const RustStruct* StructNamed(const RustType& type) const {
    const auto found = crate_.FindStructs(type.Name());
    return found.empty() ? nullptr : found.front();
  }

  SourceSpan SqlSpan(const QueryCall& q, size_t offset) const {
    auto it = crate_.sources.find(q.path);
    if (it == crate_.sources.end() || !q.sql) return q.sql_span;
    const uint32_t at = q.sql->SourceOffset(offset);
    return it->second->Span(at, at);
  }

  static std::string ColumnName(const RustField& f, const RustStruct& s, Naming naming) {
    if (naming == Naming::kDiesel) return f.attrs.column_name.value_or(f.name);
    if (f.attrs.rename) return *f.attrs.rename;
    if (s.rename_all) return ApplyRenameAll(f.name, *s.rename_all);
    return f.name;
  }

  void Bind(const RustStruct& s, Naming naming, const std::string& prefix, int depth,
            Mapping& m) const {
    for (const RustField& f : s.fields) {
      if (f.attrs.skip || f.attrs.embed) continue;
      if (f.attrs.flatten) {
        const RustStruct* inner = StructNamed(f.type);
        if (inner && depth < kMaxFlattenDepth)
          Bind(*inner, naming, prefix + f.name + ".", depth + 1, m);
        continue;
      }
      FieldBinding b;
      b.path = prefix + f.name;
      b.field = &f;
      b.column = ColumnName(f, s, naming);
      b.rust_type_text = f.type_text;
      const DecodedType d = DecodedTypeOf(f);
      b.optional = d.optional;
      b.value_type = d.value;
      b.value_type_source = d.source;
      b.missing_ok = naming == Naming::kSqlx && (f.attrs.default_value || s.sqlx_default);
      b.span = f.span;
      m.fields.push_back(std::move(b));
    }
  }

  void LinkColumns(Mapping& m) const {
    for (FieldBinding& b : m.fields) {
      for (size_t i = 0; i < m.columns.size(); ++i) {
        if (m.columns[i].column.name == b.column) {
          b.column_index = i;
          break;
        }
      }
    }
  }

  const OfflineQuery* OfflineFor(const QueryCall& q) const {
    if (!q.ReadsOverrides()) return nullptr;  // only the macros use the cache
    for (const OfflineQuery& o : crate_.offline_queries) {
      if (o.query == q.sql->value()) return &o;
    }
    return nullptr;
  }

  // Fills in what the offline cache knows and the resolver does not.
  void MergeOffline(const OfflineQuery& o, Mapping& m, bool& used) const {
    for (size_t i = 0; i < m.columns.size() && i < o.columns.size(); ++i) {
      ResultColumn& c = m.columns[i].column;
      const OfflineColumn& oc = o.columns[i];
      if (c.type.empty()) {
        c.type = SqlTypeOfTypeInfo(oc.type_info, dialect_);
        used = used || !c.type.empty();
      }
      if (c.nullability == Nullability::kUnknown && oc.nullable) {
        c.nullability = *oc.nullable ? Nullability::kNullable : Nullability::kNotNull;
        c.why = std::string("sqlx offline cache says ") + (*oc.nullable ? "nullable" : "NOT NULL");
        used = true;
      }
    }
  }

  bool MapQuery(const QueryCall& q, const RustStruct* target, std::string& failure) {
    Mapping m;
    m.query = &q;
    m.rust_struct = target;
    m.target = Where(q);
    m.report_unread = target != nullptr;
    const OfflineQuery* offline = OfflineFor(q);
    auto shape = ResolveResultColumns(q.sql->value(), schema_, {dialect_, q.ReadsOverrides()});
    if (shape.ok()) {
      for (const ResultColumn& c : shape->columns) {
        m.columns.push_back({c, SqlSpan(q, c.offset)});
      }
      m.columns_complete = shape->complete;
      m.source = MappingSource::kQuery;
      m.confidence = shape->complete ? Confidence::kHigh : Confidence::kMedium;
      for (const std::string& p : shape->problems) m.evidence.emplace_back("unresolved", p);
      if (offline) {
        bool used = false;
        MergeOffline(*offline, m, used);
        if (used) m.evidence.emplace_back("offline cache", offline->path);
      }
    } else if (offline) {
      for (const OfflineColumn& oc : offline->columns) {
        const OverrideAlias o = ParseOverrideAlias(oc.name);
        ResultColumn c;
        c.name = o.name;
        c.type = SqlTypeOfTypeInfo(oc.type_info, dialect_);
        c.nullability = !oc.nullable   ? Nullability::kUnknown
                        : *oc.nullable ? Nullability::kNullable
                                       : Nullability::kNotNull;
        c.why = "sqlx offline cache";
        c.origin = offline->path;
        c.override_type = o.type;
        m.columns.push_back({c, q.sql_span});
      }
      m.source = MappingSource::kOfflineCache;
      m.confidence = Confidence::kMedium;
      m.evidence.emplace_back("offline cache", offline->path);
      m.evidence.emplace_back("not resolved", shape.status().message());
    } else {
      failure = shape.status().message();
      return false;
    }
    if (target) {
      m.kind = ContractKind::kStruct;
      m.contract = target->name;
      m.span = target->span;
      Bind(*target, Naming::kSqlx, "", 0, m);
    } else {
      // query!: the record's fields are the columns; only "x: T" overrides
      // choose a Rust type that can be wrong.
      m.kind = ContractKind::kQueryRecord;
      m.contract = Where(q);
      m.span = q.span;
      for (const MappedColumn& c : m.columns) {
        if (!c.column.override_type) continue;
        auto t = ParseRustType(*c.column.override_type);
        if (!t.ok()) continue;
        FieldBinding b;
        b.path = c.column.name;
        b.column = c.column.name;
        b.rust_type_text = *c.column.override_type;
        b.optional = c.column.nullability != Nullability::kNotNull;
        b.value_type = *t;
        b.span = c.span;
        m.fields.push_back(std::move(b));
      }
      if (m.fields.empty()) return true;
    }
    // An "x: T" override decides the decoded type (the macros check the
    // field against it at compile time).
    for (FieldBinding& b : m.fields) {
      for (const MappedColumn& c : m.columns) {
        if (c.column.name != b.column || !c.column.override_type || !b.field) continue;
        if (auto t = ParseRustType(*c.column.override_type); t.ok()) {
          b.value_type = t->OptionInner() ? *t->OptionInner() : *t;
          b.value_type_source = "override \"" + *c.column.override_type + "\"";
        }
      }
    }
    m.evidence.insert(
        m.evidence.begin(),
        {{"mapped by", m.target}, {"confidence", std::string(ConfidenceName(m.confidence))}});
    LinkColumns(m);
    mappings.push_back(std::move(m));
    return true;
  }

  // The schema table for a diesel table path ("crate::schema::invoices"),
  // through the crate's table! block when it renames the table.
  const schema::Table* DieselTarget(std::string_view table_path, std::string& shown) const {
    std::string_view name = table_path;
    if (const size_t at = name.rfind("::"); at != std::string_view::npos) {
      name = name.substr(at + 2);
    }
    for (const DieselTable& t : crate_.diesel_tables) {
      if (t.rust_name == name) {
        shown = (t.schema.empty() ? "" : t.schema + ".") + t.name;
        return schema_.FindTable(t.schema, t.name);
      }
    }
    shown = std::string(name);
    return schema_.FindTable("", name);
  }

  void TableMapping(const RustStruct& s, const schema::Table& table, MappingSource source,
                    Confidence confidence, std::string why) {
    Mapping m;
    m.kind = ContractKind::kStruct;
    m.contract = s.name;
    m.rust_struct = &s;
    m.source = source;
    m.confidence = confidence;
    m.direction = s.IsWriteOnly() ? Direction::kWrite : Direction::kRead;
    m.target = table.name.ToString();
    m.span = s.span;
    m.columns_complete = source != MappingSource::kNamingConvention;
    m.columns = TableColumns(table);
    const bool diesel = source == MappingSource::kProjectConfig
                            ? DerivesDiesel(s)
                            : source != MappingSource::kNamingConvention;
    Bind(s, diesel ? Naming::kDiesel : Naming::kSqlx, "", 0, m);
    m.evidence = {{"mapped by", std::move(why)},
                  {"confidence", std::string(ConfidenceName(confidence))}};
    if (source == MappingSource::kNamingConvention) {
      m.evidence.emplace_back("note",
                              "mapped by name only: fields without a column are not reported");
    }
    LinkColumns(m);
    mappings.push_back(std::move(m));
  }

  void MapStruct(const RustStruct& s, const std::vector<std::string>& query_failures) {
    UnmappedContract u;
    u.contract = s.name;
    u.rust_struct = &s;
    u.span = s.span;
    for (const std::string& f : query_failures) u.tried.push_back(f);
    const bool diesel = DerivesDiesel(s);
    if (const ConfiguredTable* c = Configured(s)) {
      const std::string written = c->contract + " = \"" + c->table + "\"";
      const size_t dot = c->table.find('.');
      const schema::Table* t = dot == std::string::npos
                                   ? schema_.FindTable("", c->table)
                                   : schema_.FindTable(std::string_view(c->table).substr(0, dot),
                                                       std::string_view(c->table).substr(dot + 1));
      if (t) {
        TableMapping(s, *t, MappingSource::kProjectConfig, Confidence::kHigh,
                     "[contracts.tables] " + written + " at " + Location(c->span));
        return;
      }
      u.reason = "table " + c->table + " named in [contracts.tables] at " + Location(c->span) +
                 " is not in the schema";
      u.tried.push_back("[contracts.tables] " + written);
      unmapped.push_back(std::move(u));
      return;
    }
    if (s.diesel_table) {
      std::string shown;
      if (const schema::Table* t = DieselTarget(*s.diesel_table, shown)) {
        TableMapping(
            s, *t, MappingSource::kDieselTableName, Confidence::kHigh,
            "#[diesel(table_name = " + *s.diesel_table + ")] at " + Location(s.diesel_table_span));
        return;
      }
      u.reason = "table " + shown + " named by #[diesel(table_name)] is not in the schema";
      u.tried.push_back("#[diesel(table_name = " + *s.diesel_table + ")]");
      unmapped.push_back(std::move(u));
      return;
    }
    if (diesel) {
      const std::string table = Plural(SnakeCase(s.name));
      std::string shown;
      if (const schema::Table* t = DieselTarget(table, shown)) {
        TableMapping(s, *t, MappingSource::kDieselDefaultTable, Confidence::kMedium,
                     "diesel's default table name " + table);
        return;
      }
      u.tried.push_back("diesel's default table name " + table);
    }
    if (query_failures.empty()) {
      std::vector<const schema::Table*> found;
      std::vector<std::string> names = ConventionalTableNames(s.name);
      for (const std::string& n : names) {
        if (const schema::Table* t = schema_.FindTable("", n)) found.push_back(t);
      }
      if (found.size() == 1) {
        TableMapping(s, *found[0], MappingSource::kNamingConvention, Confidence::kLow,
                     "naming convention: " + s.name + " -> " + found[0]->name.ToString());
        return;
      }
      std::string tried = "tables named ";
      for (size_t i = 0; i < names.size(); ++i) tried += (i ? ", " : "") + names[i];
      u.tried.push_back(tried + (found.size() > 1 ? " (several exist)" : " (none exists)"));
    }
    u.reason = query_failures.empty() ? "no query, table_name or table of a matching name maps it"
                                      : "its queries could not be resolved";
    unmapped.push_back(std::move(u));
  }

  void MapDieselTable(const DieselTable& t) {
    const schema::Table* table = schema_.FindTable(t.schema, t.name);
    const std::string shown = (t.schema.empty() ? "" : t.schema + ".") + t.name;
    if (!table) {
      UnmappedContract u;
      u.contract = "table! " + shown;
      u.kind = ContractKind::kDieselTable;
      u.reason = "the schema has no table " + shown;
      u.span = t.span;
      unmapped.push_back(std::move(u));
      return;
    }
    Mapping m;
    m.kind = ContractKind::kDieselTable;
    m.contract = "table! " + shown;
    m.diesel_table = &t;
    m.source = MappingSource::kDieselTableBlock;
    m.confidence = Confidence::kHigh;
    m.target = table->name.ToString();
    m.span = t.span;
    m.report_unread = true;
    m.columns = TableColumns(*table);
    for (const DieselColumn& c : t.columns) {
      FieldBinding b;
      b.path = c.rust_name;
      b.column = c.name;
      b.rust_type_text = c.sql_type_text;
      const RustType rust = DieselSqlTypeAsRust(c.sql_type);
      const RustType* inner = rust.OptionInner();
      b.optional = inner != nullptr;
      b.value_type = inner ? *inner : rust;
      b.value_type_source = "table! column type " + c.sql_type_text;
      b.span = c.span;
      m.fields.push_back(std::move(b));
    }
    m.evidence = {{"mapped by", "table! block " + t.rust_name + " at " + Location(t.span)},
                  {"confidence", "high"}};
    LinkColumns(m);
    mappings.push_back(std::move(m));
  }

  const RustCrate& crate_;
  const schema::Schema& schema_;
  Dialect dialect_;
  const std::vector<ConfiguredTable>& configured_;
};

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (!path.empty() && pos <= path.size()) {
    const size_t at = path.find("::", pos);
    out.emplace_back(
        path.substr(pos, at == std::string_view::npos ? std::string_view::npos : at - pos));
    if (at == std::string_view::npos) break;
    pos = at + 2;
  }
  return out;
}

}  // namespace

std::string_view MappingSourceName(MappingSource source) {
  switch (source) {
    case MappingSource::kQuery:
      return "query";
    case MappingSource::kOfflineCache:
      return "sqlx offline cache";
    case MappingSource::kProjectConfig:
      return "runwarden.toml";
    case MappingSource::kDieselTableName:
      return "diesel table_name";
    case MappingSource::kDieselTableBlock:
      return "diesel table! block";
    case MappingSource::kDieselDefaultTable:
      return "diesel default table name";
    case MappingSource::kNamingConvention:
      return "naming convention";
  }
  return "?";
}

std::string_view ConfidenceName(Confidence c) {
  switch (c) {
    case Confidence::kHigh:
      return "high";
    case Confidence::kMedium:
      return "medium";
    case Confidence::kLow:
      return "low";
  }
  return "?";
}

std::vector<size_t> Mapping::UnreadColumns() const {
  std::vector<bool> read(columns.size(), false);
  for (const FieldBinding& b : fields) {
    if (b.column_index) read[*b.column_index] = true;
  }
  std::vector<size_t> out;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (!read[i]) out.push_back(i);
  }
  return out;
}

size_t Contracts::contract_count() const {
  std::set<const RustStruct*> structs;
  for (const RustStruct& s : crate_->structs) {
    if (s.IsRowContract()) structs.insert(&s);
  }
  for (const Mapping& m : mappings_) {
    if (m.rust_struct) structs.insert(m.rust_struct);
  }
  for (const UnmappedContract& u : unmapped_) {
    if (u.rust_struct) structs.insert(u.rust_struct);
  }
  return structs.size() + crate_->diesel_tables.size() + query_record_count();
}

size_t Contracts::query_record_count() const {
  size_t n = 0;
  for (const Mapping& m : mappings_) n += m.kind == ContractKind::kQueryRecord ? 1 : 0;
  return n;
}

std::string ApplyRenameAll(std::string_view name, std::string_view style) {
  std::vector<std::string> words;
  std::string word;
  for (char c : SnakeCase(name)) {
    if (c == '_') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  auto capital = [](std::string w) {
    if (!w.empty()) w[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w[0])));
    return w;
  };
  std::string out;
  if (style == "snake_case") {
    for (size_t i = 0; i < words.size(); ++i) out += (i ? "_" : "") + words[i];
  } else if (style == "SCREAMING_SNAKE_CASE") {
    for (size_t i = 0; i < words.size(); ++i) out += (i ? "_" : "") + AsciiUpper(words[i]);
  } else if (style == "kebab-case") {
    for (size_t i = 0; i < words.size(); ++i) out += (i ? "-" : "") + words[i];
  } else if (style == "camelCase") {
    for (size_t i = 0; i < words.size(); ++i) out += i ? capital(words[i]) : words[i];
  } else if (style == "PascalCase") {
    for (const std::string& w : words) out += capital(w);
  } else if (style == "lowercase") {
    out = AsciiLower(name);
  } else if (style == "UPPERCASE") {
    out = AsciiUpper(name);
  } else {
    out = std::string(name);
  }
  return out;
}

std::vector<std::string> ConventionalTableNames(std::string_view struct_name) {
  std::string base = SnakeCase(struct_name);
  for (std::string_view suffix : {"_row", "_record", "_entity", "_model", "_dto"}) {
    if (base.size() > suffix.size() && base.ends_with(suffix)) {
      base.resize(base.size() - suffix.size());
      break;
    }
  }
  std::vector<std::string> out = {base, Plural(base)};
  if (base.ends_with("s")) out.push_back(base.substr(0, base.size() - 1));
  return out;
}

Contracts BuildContracts(RustCrate crate, std::optional<BinaryLayout> binary,
                         const schema::Schema& schema, const ContractsOptions& options) {
  Contracts c;
  c.crate_ = std::make_unique<RustCrate>(std::move(crate));
  c.schema_ = &schema;
  if (binary) c.binary_ = std::make_unique<BinaryLayout>(std::move(*binary));
  if (options.dialect) {
    c.dialect_ = *options.dialect;
    c.dialect_evidence_ =
        options.dialect_evidence.empty() ? "chosen on the command line" : options.dialect_evidence;
  } else if (!c.crate_->dialect_hints.empty()) {
    c.dialect_ = c.crate_->dialect_hints.front().dialect;
    c.dialect_evidence_ = c.crate_->dialect_hints.front().evidence;
    for (const DialectHint& h : c.crate_->dialect_hints) {
      if (h.dialect != c.dialect_) {
        c.dialect_evidence_ += " (but " + h.evidence + ")";
        break;
      }
    }
  } else {
    c.dialect_evidence_ = "default: nothing in the crate names a database";
  }
  Mapper mapper(*c.crate_, schema, c.dialect_, options.tables);
  mapper.Run();
  c.mappings_ = std::move(mapper.mappings);
  c.unmapped_ = std::move(mapper.unmapped);
  if (c.binary_) {
    for (const RustStruct& s : c.crate_->structs) {
      bool contract = s.IsRowContract();
      for (const Mapping& m : c.mappings_) contract = contract || m.rust_struct == &s;
      if (!contract || s.generic) continue;
      const std::vector<std::string> module = Split(s.module);
      // Same name and module path (the binary's first namespace is its
      // crate); a struct of the same name in a dependency is not a match.
      const BinaryStruct* best = nullptr;
      int best_score = 0;
      for (const BinaryStruct& b : c.binary_->structs) {
        const bool module_matches =
            b.name == s.name && b.namespaces.size() == module.size() + 1 &&
            std::equal(module.begin(), module.end(), b.namespaces.begin() + 1);
        if (!module_matches) continue;
        int score = 1;
        if (!s.crate_name.empty() && b.namespaces.front() == s.crate_name) score += 1;
        if (score > best_score) {
          best = &b;
          best_score = score;
        }
      }
      if (best) {
        c.binary_pairs_.push_back({&s, best});
      } else {
        c.missing_in_binary_.push_back(&s);
      }
    }
  }
  return c;
}

}  // namespace runwarden::contracts
