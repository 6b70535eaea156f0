// Writes the schema model as DDL (the schema snapshot of a reproduction
// bundle). What each dialect holds and leaves out is in
// docs/schema-snapshot.md; the round-trip tests in ddl_writer_test.cc load
// every DDL fixture, write it, load the text again and compare.
//
// Every statement is one the DDL loader reads back to the same model, so the
// snapshot's fingerprint is the model's. Roles are the exception by design:
// they are created NOLOGIN, and only when missing, inside DO blocks (the
// loader reads a CREATE ROLE inside a DO block).
#include "schema/ddl_writer.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/text.h"
#include "sql/lexer.h"

namespace runwarden::schema {

namespace {

// PostgreSQL 15's keywords that are not unreserved (pg_get_keywords() with
// catcode <> 'U'): as identifiers they must be quoted. Each is followed by a
// space.
constexpr std::string_view kReservedWords =
    " "
    "all analyse analyze and any array as asc asymmetric authorization between bigint binary "
    "bit boolean both case cast char character check coalesce collate collation column "
    "concurrently constraint create cross current_catalog current_date current_role "
    "current_schema current_time current_timestamp current_user dec decimal default "
    "deferrable desc distinct do else end except exists extract false fetch float for "
    "foreign freeze from full grant greatest group grouping having ilike in initially inner "
    "inout int integer intersect interval into is isnull join lateral leading least left "
    "like limit localtime localtimestamp national natural nchar none normalize not notnull "
    "null nullif numeric offset on only or order out outer overlaps overlay placing position "
    "precision primary real references returning right row select session_user setof similar "
    "smallint some substring symmetric table tablesample then time timestamp to trailing "
    "treat trim true union unique user using values varchar variadic verbose when where "
    "window with xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces "
    "xmlparse xmlpi xmlroot xmlserialize xmltable ";

// Index keys the model keeps without their expression text (DDL loader,
// SQLite catalog): such an index cannot be written.
bool IsUnrecordedExpression(std::string_view key) {
  return key == "(expression)" || key == "<expression>";
}

// Policy roles that are keywords, not role names.
bool IsRoleKeyword(std::string_view role) {
  return role == "current_user" || role == "session_user" || role == "current_role";
}

std::string RoleSpec(const std::string& role) {
  return IsRoleKeyword(role) ? AsciiUpper(role) : QuoteIdent(role);
}

std::string Join(const std::vector<std::string>& items,
                 const std::function<std::string(const std::string&)>& each) {
  std::string out;
  for (const std::string& i : items) out += (out.empty() ? "" : ", ") + each(i);
  return out;
}

std::string Columns(const std::vector<std::string>& columns) {
  return Join(columns, [](const std::string& c) { return QuoteIdent(c); });
}

// A comment line per line of `text`, so that no text can end the comment.
std::string Comment(std::string_view text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = text.size();
    out += "-- " + std::string(text.substr(start, end - start)) + "\n";
    start = end + 1;
  }
  return out;
}

// Text put before a closing parenthesis or semicolon: a line comment at its
// end would swallow what follows, so such text ends with a line break.
std::string Closed(std::string_view text) {
  return std::string(text) + (text.find("--") != std::string_view::npos ? "\n" : "");
}

// How deep `t` sits in a partition tree (0 for a table that is no
// partition): leaves get their keys, indexes and foreign keys before their
// parents, so that PostgreSQL attaches them instead of creating copies.
int PartitionDepth(const Schema& s, const Table& t) {
  int depth = 0;
  const Table* at = &t;
  while (at->partition_of && depth < 64) {
    at = s.FindTable(*at->partition_of);
    ++depth;
    if (!at) break;
  }
  return depth;
}

std::vector<const Table*> LeavesFirst(const Schema& s) {
  std::vector<const Table*> out;
  for (const auto& [name, t] : s.tables) out.push_back(&t);
  std::stable_sort(out.begin(), out.end(), [&](const Table* a, const Table* b) {
    return PartitionDepth(s, *a) > PartitionDepth(s, *b);
  });
  return out;
}

// The sequence a nextval() default names, when it is a plain (possibly
// qualified, possibly quoted) name: nextval('public.orders_id_seq'::regclass).
std::optional<std::string> SequenceOf(std::string_view expr) {
  constexpr std::string_view kPrefix = "nextval('";
  if (expr.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  const size_t end = expr.find('\'', kPrefix.size());
  if (end == std::string_view::npos || end == kPrefix.size()) return std::nullopt;
  const std::string_view name = expr.substr(kPrefix.size(), end - kPrefix.size());
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '$' || c == '.' || c == '"' || c == ' ';
    if (!ok) return std::nullopt;
  }
  return std::string(name);
}

// The words of a view definition outside literals and comments: names it
// may refer to (quoted identifiers as their content).
std::set<std::string> Words(std::string_view sql) {
  std::set<std::string> out;
  for (const sql::Segment& s : sql::Segments(sql)) {
    if (s.kind == sql::SegmentKind::kQuotedIdentifier) {
      out.emplace(sql.substr(s.body_begin, s.body_end - s.body_begin));
      continue;
    }
    if (s.kind != sql::SegmentKind::kCode) continue;
    std::string word;
    for (size_t i = s.begin; i <= s.end; ++i) {
      const char c = i < s.end ? sql[i] : ' ';
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
          c == '$') {
        word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      } else if (!word.empty()) {
        out.insert(word);
        word.clear();
      }
    }
  }
  return out;
}

// Views sorted by name, except that a view comes after the views whose
// names its definition mentions (a mention that is not a reference only
// moves it later; a cycle of mentions falls back to name order).
std::vector<const View*> ViewsInDependencyOrder(const Schema& s) {
  std::vector<const View*> pending;
  for (const auto& [name, v] : s.views) pending.push_back(&v);
  std::map<const View*, std::set<const View*>> needs;
  for (const View* v : pending) {
    const std::set<std::string> words = Words(v->definition);
    for (const View* other : pending) {
      if (other != v && words.count(other->name.name)) needs[v].insert(other);
    }
  }
  std::vector<const View*> out;
  std::set<const View*> done;
  while (!pending.empty()) {
    auto ready = std::find_if(pending.begin(), pending.end(), [&](const View* v) {
      return std::all_of(needs[v].begin(), needs[v].end(),
                         [&](const View* n) { return done.count(n) > 0; });
    });
    if (ready == pending.end()) ready = pending.begin();
    out.push_back(*ready);
    done.insert(*ready);
    pending.erase(ready);
  }
  return out;
}

std::string Qualified(const QualifiedName& q) {
  return q.schema.empty() ? QuoteIdent(q.name) : QuoteIdent(q.schema) + "." + QuoteIdent(q.name);
}

std::string Header(const Schema& s, std::string_view dialect) {
  std::string out = "-- runwarden schema snapshot (" + std::string(dialect) + ")\n";
  out += Comment("origin: " + (s.origin.empty() ? std::string("unknown") : s.origin));
  out += "-- fingerprint: " + s.Fingerprint() + "\n";
  return out;
}

// A unique key that a CREATE UNIQUE INDEX of the same name stands for (the
// DDL loader records such an index as both); it is written as the index.
bool BackedByIndex(const Table& t, const KeyConstraint& key) {
  return !key.name.empty() && std::any_of(t.indexes.begin(), t.indexes.end(), [&](const Index& i) {
    return i.unique && i.name == key.name && i.predicate.empty() && i.keys == key.columns;
  });
}

std::string IndexKey(const Table& t, const std::string& key) {
  return t.FindColumn(key) ? QuoteIdent(key) : "(" + key + ")";
}

// ---- PostgreSQL

class PostgresWriter {
 public:
  explicit PostgresWriter(const Schema& s) : s_(s) {}

  std::string Write() {
    out_ = Header(s_, "PostgreSQL");
    out_ +=
        "-- Load into an empty database as a superuser (psql -v ON_ERROR_STOP=1 -f ...).\n"
        "-- Not recorded, so not here: functions, triggers, sequences other than those of\n"
        "-- nextval() defaults, check constraints, table privileges, extensions.\n\n";
    std::vector<std::string> path;
    for (const std::string& p : s_.search_path) path.push_back(QuoteIdent(p));
    if (!path.empty()) {
      out_ += "SET search_path = " + Join(path, [](const std::string& p) { return p; }) + ";\n";
    }
    Schemas();
    Roles();
    Sequences();
    Enums();
    Tables();
    Partitions();
    Indexes();
    ForeignKeys();
    Owners();
    Views();
    RowLevelSecurity();
    Policies();
    return out_;
  }

 private:
  void Section(std::string_view title) { out_ += "\n-- " + std::string(title) + "\n"; }

  void Schemas() {
    std::set<std::string> names;
    for (const auto& [name, t] : s_.tables) names.insert(name.schema);
    for (const auto& [name, v] : s_.views) names.insert(name.schema);
    for (const auto& [name, e] : s_.enums) names.insert(name.schema);
    names.erase("public");
    names.erase("");
    if (names.empty()) return;
    Section("Schemas");
    for (const std::string& n : names)
      out_ += "CREATE SCHEMA IF NOT EXISTS " + QuoteIdent(n) + ";\n";
  }

  static std::string DollarQuote(const std::string& body) {
    std::string tag = "$rw$";
    for (int i = 1; body.find(tag) != std::string::npos; ++i) tag = "$rw" + std::to_string(i) + "$";
    return tag + "\n" + body + tag;
  }

  void Roles() {
    // Roles the schema names but the model knows nothing about: policy
    // roles, owners, roles granted to others.
    std::set<std::string> named;
    for (const auto& [qn, t] : s_.tables) {
      if (!t.owner.empty()) named.insert(t.owner);
      for (const Policy& p : t.policies) named.insert(p.roles.begin(), p.roles.end());
    }
    for (const auto& [qn, v] : s_.views) {
      if (!v.owner.empty()) named.insert(v.owner);
    }
    for (const auto& [name, r] : s_.roles) named.insert(r.member_of.begin(), r.member_of.end());
    for (const auto& [name, r] : s_.roles) named.erase(name);
    std::erase_if(named, [](const std::string& r) { return IsRoleKeyword(r) || r.empty(); });
    if (s_.roles.empty() && named.empty()) return;

    Section("Roles: created NOLOGIN, and only when missing (roles belong to the cluster)");
    std::vector<std::string> could_login;
    for (const auto& [name, r] : s_.roles) {
      if (r.login) could_login.push_back(name);
    }
    if (!could_login.empty()) {
      out_ += Comment("can log in on the source: " +
                      Join(could_login, [](const std::string& r) { return r; }));
    }
    if (!s_.roles.empty()) {
      std::string body = "BEGIN\n";
      for (const auto& [name, r] : s_.roles) {
        body += "  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = " +
                sql::QuoteLiteral(name) + ") THEN\n    CREATE ROLE " + QuoteIdent(name) +
                " NOLOGIN" + (r.superuser ? " SUPERUSER" : "") +
                (r.bypass_rls ? " BYPASSRLS" : "") + (r.inherit ? "" : " NOINHERIT") +
                ";\n  END IF;\n";
      }
      out_ += "DO " + DollarQuote(body + "END\n") + ";\n";
    }
    if (!named.empty()) {
      std::vector<std::string> literals(named.begin(), named.end());
      std::string body = "DECLARE\n  r text;\nBEGIN\n  FOREACH r IN ARRAY ARRAY[" +
                         Join(literals, [](const std::string& n) { return sql::QuoteLiteral(n); }) +
                         "]::text[] LOOP\n"
                         "    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = r) "
                         "THEN\n"
                         "      EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r);\n"
                         "    END IF;\n  END LOOP;\nEND\n";
      out_ += "-- Named by the schema, attributes not recorded:\nDO " + DollarQuote(body) + ";\n";
    }
    for (const auto& [name, r] : s_.roles) {
      for (const std::string& granted : r.member_of) {
        out_ += "GRANT " + QuoteIdent(granted) + " TO " + QuoteIdent(name) + ";\n";
      }
    }
  }

  void Sequences() {
    std::set<std::string> sequences;
    for (const auto& [qn, t] : s_.tables) {
      for (const Column& c : t.columns) {
        if (!c.default_expr) continue;
        if (std::optional<std::string> seq = SequenceOf(*c.default_expr)) sequences.insert(*seq);
      }
    }
    if (sequences.empty()) return;
    Section("Sequences of nextval() defaults");
    for (const std::string& seq : sequences) out_ += "CREATE SEQUENCE IF NOT EXISTS " + seq + ";\n";
  }

  void Enums() {
    if (s_.enums.empty()) return;
    Section("Enum types");
    for (const auto& [name, e] : s_.enums) {
      out_ += "CREATE TYPE " + Qualified(name) + " AS ENUM (" +
              Join(e.values, [](const std::string& v) { return sql::QuoteLiteral(v); }) + ");\n";
    }
  }

  static std::string ColumnDef(const Column& c) {
    std::string out = "    " + QuoteIdent(c.name) + " " + c.type;
    if (c.not_null) out += " NOT NULL";
    if (c.default_expr) out += " DEFAULT " + Closed(*c.default_expr);
    if (c.identity == Identity::kAlways) out += " GENERATED ALWAYS AS IDENTITY";
    if (c.identity == Identity::kByDefault) out += " GENERATED BY DEFAULT AS IDENTITY";
    // The model keeps that a column is generated, not from what: the
    // snapshot's column computes NULL.
    if (c.generated) out += " GENERATED ALWAYS AS (NULL) STORED";
    return out;
  }

  static std::string Constraint(const std::string& name) {
    return name.empty() ? "" : "CONSTRAINT " + QuoteIdent(name) + " ";
  }

  void Tables() {
    if (s_.tables.empty()) return;
    Section("Tables");
    for (const auto& [name, t] : s_.tables) {
      if (t.kind == TableKind::kForeign) {
        out_ += "-- " + Qualified(name) +
                " is a foreign table on the source; a plain table stands in for it.\n";
      }
      std::vector<std::string> lines;
      for (const Column& c : t.columns) lines.push_back(ColumnDef(c));
      if (t.primary_key) {
        lines.push_back("    " + Constraint(t.primary_key->name) + "PRIMARY KEY (" +
                        Columns(t.primary_key->columns) + ")");
      }
      for (const KeyConstraint& u : t.unique_keys) {
        if (BackedByIndex(t, u)) continue;
        lines.push_back("    " + Constraint(u.name) + "UNIQUE (" + Columns(u.columns) + ")");
      }
      out_ += "CREATE TABLE " + Qualified(name) + " (";
      for (size_t i = 0; i < lines.size(); ++i) out_ += (i ? ",\n" : "\n") + lines[i];
      out_ += lines.empty() ? ")" : "\n)";
      if (t.kind == TableKind::kPartitioned && !t.partition_by.empty()) {
        out_ += " PARTITION BY " + t.partition_by;
      }
      out_ += ";\n";
      if (!t.distribution_column.empty()) {
        out_ += Comment("distributed by Citus on " + t.distribution_column +
                        " on the source; a local table here");
      }
    }
  }

  void Partitions() {
    bool any = false;
    for (const auto& [name, t] : s_.tables) {
      if (!t.partition_of) continue;
      if (!any) Section("Partitions");
      any = true;
      const std::string attach =
          "ALTER TABLE ONLY " + Qualified(*t.partition_of) + " ATTACH PARTITION " + Qualified(name);
      if (t.partition_bound.empty()) {
        out_ += Comment("partition bound not recorded: " + attach);
      } else {
        out_ += attach + " " + t.partition_bound + ";\n";
      }
    }
  }

  void Indexes() {
    bool any = false;
    for (const Table* t : LeavesFirst(s_)) {
      for (const Index& i : t->indexes) {
        if (!any) Section("Indexes");
        any = true;
        std::string keys;
        bool writable = !i.keys.empty();
        for (const std::string& k : i.keys) {
          if (IsUnrecordedExpression(k)) writable = false;
          keys += (keys.empty() ? "" : ", ") + IndexKey(*t, k);
        }
        std::string stmt = std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " +
                           QuoteIdent(i.name) + " ON " + Qualified(t->name) + " (" + keys + ")";
        if (!i.predicate.empty()) stmt += " WHERE " + Closed(i.predicate);
        if (writable) {
          out_ += stmt + ";\n";
        } else {
          out_ += Comment("index " + i.name + " on " + Qualified(t->name) +
                          ": key expression not recorded, left out");
        }
      }
    }
  }

  void ForeignKeys() {
    bool any = false;
    for (const Table* t : LeavesFirst(s_)) {
      for (const ForeignKey& fk : t->foreign_keys) {
        if (!any) Section("Foreign keys");
        any = true;
        out_ += "ALTER TABLE " + Qualified(t->name) + " ADD " + Constraint(fk.name) +
                "FOREIGN KEY (" + Columns(fk.columns) + ") REFERENCES " + Qualified(fk.referenced);
        if (!fk.referenced_columns.empty()) out_ += " (" + Columns(fk.referenced_columns) + ")";
        out_ += ";\n";
      }
    }
  }

  void Owners() {
    bool any = false;
    for (const auto& [name, t] : s_.tables) {
      if (t.owner.empty()) continue;
      if (!any) Section("Owners");
      any = true;
      out_ += "ALTER TABLE " + Qualified(name) + " OWNER TO " + QuoteIdent(t.owner) + ";\n";
    }
  }

  void Views() {
    if (s_.views.empty()) return;
    Section("Views");
    for (const View* v : ViewsInDependencyOrder(s_)) {
      out_ += std::string("CREATE ") + (v->materialized ? "MATERIALIZED " : "") + "VIEW " +
              Qualified(v->name) +
              (v->security_invoker && !v->materialized ? " WITH (security_invoker = true)" : "") +
              " AS\n" + Closed(v->definition) + ";\n";
      if (!v->owner.empty()) {
        out_ += std::string("ALTER ") + (v->materialized ? "MATERIALIZED VIEW " : "VIEW ") +
                Qualified(v->name) + " OWNER TO " + QuoteIdent(v->owner) + ";\n";
      }
    }
  }

  void RowLevelSecurity() {
    bool any = false;
    for (const auto& [name, t] : s_.tables) {
      if (!t.rls_enabled && !t.rls_forced) continue;
      if (!any) Section("Row-level security");
      any = true;
      if (t.rls_enabled) out_ += "ALTER TABLE " + Qualified(name) + " ENABLE ROW LEVEL SECURITY;\n";
      if (t.rls_forced) out_ += "ALTER TABLE " + Qualified(name) + " FORCE ROW LEVEL SECURITY;\n";
    }
  }

  void Policies() {
    bool any = false;
    for (const auto& [name, t] : s_.tables) {
      for (const Policy& p : t.policies) {
        if (!any) Section("Policies");
        any = true;
        out_ += "CREATE POLICY " + QuoteIdent(p.name) + " ON " + Qualified(name);
        if (!p.permissive) out_ += " AS RESTRICTIVE";
        out_ += " FOR " + std::string(PolicyCommandName(p.command));
        if (!p.roles.empty()) out_ += " TO " + Join(p.roles, RoleSpec);
        if (p.using_expr) out_ += "\n  USING (" + Closed(p.using_expr->text) + ")";
        if (p.check_expr) out_ += "\n  WITH CHECK (" + Closed(p.check_expr->text) + ")";
        out_ += ";\n";
      }
    }
  }

  const Schema& s_;
  std::string out_;
};

// ---- SQLite

std::string SqliteType(const std::string& type) {
  const bool plain = std::all_of(type.begin(), type.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ' ' || c == '(' || c == ')' || c == ',';
  });
  return plain ? type : QuoteIdent(type);
}

// A default as SQLite takes it: a literal, a signed number, NULL, TRUE,
// FALSE or CURRENT_* as they are, any other expression in parentheses
// (which SQLite's catalog does not keep: pragma_table_xinfo shows
// "datetime('now')" for DEFAULT (datetime('now'))).
std::string SqliteDefault(const std::string& expr) {
  const std::string upper = AsciiUpper(Trim(expr));
  if (upper.empty()) return "NULL";
  const char first = upper[0];
  const bool literal = first == '\'' || first == '(' || first == '-' || first == '+' ||
                       first == '.' || (first >= '0' && first <= '9') ||
                       (first == 'X' && upper.size() > 1 && upper[1] == '\'') || upper == "NULL" ||
                       upper == "TRUE" || upper == "FALSE" || upper == "CURRENT_TIME" ||
                       upper == "CURRENT_DATE" || upper == "CURRENT_TIMESTAMP";
  return literal ? Closed(expr) : "(" + Closed(expr) + ")";
}

std::string WriteSqlite(const Schema& s) {
  std::string out = Header(s, "SQLite");
  size_t rls = 0, policies = 0, owners = 0;
  std::set<std::string> schemas;
  for (const auto& [name, t] : s.tables) {
    rls += t.rls_enabled || t.rls_forced ? 1 : 0;
    policies += t.policies.size();
    owners += t.owner.empty() ? 0 : 1;
    schemas.insert(name.schema);
  }
  for (const auto& [name, v] : s.views) {
    owners += v.owner.empty() ? 0 : 1;
    schemas.insert(name.schema);
  }
  std::vector<std::string> omitted;
  if (schemas.size() > 1 || (schemas.size() == 1 && *schemas.begin() != "main")) {
    omitted.push_back("schema names");
  }
  if (rls > 0) omitted.push_back("row-level security on " + std::to_string(rls) + " tables");
  if (policies > 0) omitted.push_back(std::to_string(policies) + " policies");
  if (!s.roles.empty()) omitted.push_back(std::to_string(s.roles.size()) + " roles");
  if (owners > 0) omitted.push_back("owners");
  if (!s.enums.empty()) omitted.push_back(std::to_string(s.enums.size()) + " enum types");
  if (!omitted.empty()) {
    out += Comment("SQLite has no " + Join(omitted, [](const std::string& o) { return o; }) +
                   ": left out");
  }
  for (const auto& [name, t] : s.tables) {
    std::vector<std::string> lines;
    for (const Column& c : t.columns) {
      std::string line = "    " + QuoteIdent(c.name);
      if (!c.type.empty()) line += " " + SqliteType(c.type);
      if (c.not_null) line += " NOT NULL";
      if (c.default_expr) line += " DEFAULT " + SqliteDefault(*c.default_expr);
      if (c.generated) line += " GENERATED ALWAYS AS (NULL) VIRTUAL";
      lines.push_back(line);
    }
    if (t.primary_key) lines.push_back("    PRIMARY KEY (" + Columns(t.primary_key->columns) + ")");
    for (const KeyConstraint& u : t.unique_keys) {
      if (BackedByIndex(t, u)) continue;
      lines.push_back("    UNIQUE (" + Columns(u.columns) + ")");
    }
    // SQLite numbers foreign keys from the last declared (pragma
    // foreign_key_list): declared in reverse, they read back in model order.
    for (auto fk_it = t.foreign_keys.rbegin(); fk_it != t.foreign_keys.rend(); ++fk_it) {
      const ForeignKey& fk = *fk_it;
      std::string line = "    FOREIGN KEY (" + Columns(fk.columns) + ") REFERENCES " +
                         QuoteIdent(fk.referenced.name);
      if (!fk.referenced_columns.empty()) line += " (" + Columns(fk.referenced_columns) + ")";
      lines.push_back(line);
    }
    out += "\nCREATE TABLE " + QuoteIdent(name.name) + " (";
    for (size_t i = 0; i < lines.size(); ++i) out += (i ? ",\n" : "\n") + lines[i];
    out += "\n);\n";
    for (const Index& i : t.indexes) {
      bool writable = !i.keys.empty();
      std::string keys;
      for (const std::string& k : i.keys) {
        if (IsUnrecordedExpression(k)) writable = false;
        keys += (keys.empty() ? "" : ", ") + IndexKey(t, k);
      }
      if (!writable) {
        out += Comment("index " + i.name + ": key expression not recorded, left out");
        continue;
      }
      out += std::string("CREATE ") + (i.unique ? "UNIQUE " : "") + "INDEX " + QuoteIdent(i.name) +
             " ON " + QuoteIdent(name.name) + " (" + keys + ")" +
             (i.predicate.empty() ? "" : " WHERE " + Closed(i.predicate)) + ";\n";
    }
  }
  for (const View* v : ViewsInDependencyOrder(s)) {
    out += "\nCREATE VIEW " + QuoteIdent(v->name.name) + " AS\n" + Closed(v->definition) + ";\n";
  }
  return out;
}

}  // namespace

std::string QuoteIdent(std::string_view ident) {
  bool plain = !ident.empty() && ((ident[0] >= 'a' && ident[0] <= 'z') || ident[0] == '_');
  for (char c : ident) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '$')) plain = false;
  }
  if (plain && kReservedWords.find(" " + std::string(ident) + " ") == std::string_view::npos) {
    return std::string(ident);
  }
  std::string out = "\"";
  for (char c : ident) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string WriteDdl(const Schema& schema, DdlDialect dialect) {
  if (dialect == DdlDialect::kSqlite) return WriteSqlite(schema);
  return PostgresWriter(schema).Write();
}

}  // namespace runwarden::schema
