// Reads a SQLite catalog into the schema model with four queries over the
// pragma table-valued functions (SQLite 3.37 or later for pragma_table_list):
// relations, columns, foreign keys, and index keys. See catalog.h for the
// type spelling and what SQLite cannot tell (constraint names, index
// expression text).
//
// Index predicates and view definitions come from the CREATE statements in
// sqlite_schema: the text after the first WHERE (indexes) or AS (views)
// keyword outside quotes and comments.

#include "schema/catalog_sqlite.h"

#include <cstdlib>
#include <map>
#include <utility>

#include "base/text.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace runwarden::schema {

namespace {

using db::Row;

constexpr char kSchemaName[] = "main";

constexpr char kRelationsQuery[] = R"(SELECT l.name, l.type, s.sql
FROM pragma_table_list l LEFT JOIN sqlite_schema s ON s.name = l.name AND s.type = l.type
WHERE l."schema" = 'main' AND l.type IN ('table', 'view') AND l.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY l.name)";

constexpr char kColumnsQuery[] = R"(SELECT m.name, c.name, c.type, c."notnull", c.dflt_value, c.pk,
       c.hidden
FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) c
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, c.cid)";

constexpr char kForeignKeysQuery[] = R"(SELECT m.name, f.id, f."table", f."from", f."to"
FROM sqlite_schema m JOIN pragma_foreign_key_list(m.name) f
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY m.name, f.id, f.seq)";

constexpr char kIndexesQuery[] = R"(SELECT m.name, il.name, il."unique", il.origin, ii.cid, ii.name,
       s.sql
FROM sqlite_schema m JOIN pragma_index_list(m.name) il JOIN pragma_index_xinfo(il.name) ii
LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name
WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND ii.key = 1
ORDER BY m.name, il.name, ii.seqno)";

std::string Take(Row& row, size_t i) {
  if (i >= row.size() || !row[i]) return {};
  return std::move(*row[i]);
}

bool Nonzero(const Row& row, size_t i) {
  return i < row.size() && row[i] && !row[i]->empty() && *row[i] != "0";
}

// "VARCHAR( 40 )" -> "varchar( 40 )" with runs of white space made one space.
std::string DeclaredType(std::string_view declared) {
  std::string out;
  bool space = false;
  for (char c : Trim(declared)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// The text after the first `keyword` outside quotes and comments.
std::string TextAfterKeyword(std::string_view sql, std::string_view keyword) {
  for (const sql::Segment& s : sql::Segments(sql)) {
    if (s.kind != sql::SegmentKind::kCode) continue;
    const std::string_view code = sql.substr(s.begin, s.end - s.begin);
    for (size_t i = 0; i + keyword.size() <= code.size(); ++i) {
      auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
      };
      if (i > 0 && word_char(code[i - 1])) continue;
      if (i + keyword.size() < code.size() && word_char(code[i + keyword.size()])) continue;
      if (!EqualsIgnoreCase(code.substr(i, keyword.size()), keyword)) continue;
      std::string rest(Trim(sql.substr(s.begin + i + keyword.size())));
      while (!rest.empty() && rest.back() == ';') rest.pop_back();
      return rest;
    }
  }
  return {};
}

QualifiedName Name(std::string name) { return QualifiedName{kSchemaName, std::move(name)}; }

Status QueryFailed(const Status& error, const std::string& target, std::string_view what) {
  return Status(error.code(), "reading the " + std::string(what) + " of " + target +
                                  " failed: " + error.message())
      .WithHint("check that the file is a SQLite database that runwarden can read");
}

}  // namespace

Result<Schema> ReadSqliteCatalog(db::Connection& connection) {
  Schema schema;
  schema.origin = connection.Describe().ToString();
  schema.search_path = {kSchemaName};
  schema.row_level_security = false;
  const SourceSpan here{schema.origin, {}, {}};

  Result<db::QueryResult> relations = connection.Query(kRelationsQuery, {});
  if (!relations.ok()) return QueryFailed(relations.status(), schema.origin, "tables");
  for (Row& row : relations->rows) {
    std::string name = Take(row, 0);
    if (Take(row, 1) == "view") {
      View v;
      v.name = Name(std::move(name));
      v.definition = TextAfterKeyword(Take(row, 2), "AS");
      std::vector<sql::StatementParse> parses = sql::ParseStatements(v.definition);
      if (parses.size() == 1 && !parses[0].error) {
        v.tree = parses[0].root;
        v.tree_owner = parses[0].tree;
      }
      v.span = here;
      schema.views.emplace(v.name, std::move(v));
      continue;
    }
    Table t;
    t.name = Name(std::move(name));
    t.span = here;
    schema.tables.emplace(t.name, std::move(t));
  }

  Result<db::QueryResult> columns = connection.Query(kColumnsQuery, {});
  if (!columns.ok()) return QueryFailed(columns.status(), schema.origin, "columns");
  std::map<QualifiedName, std::map<int, std::string>> primary_keys;  // position -> column
  for (Row& row : columns->rows) {
    Table* t = schema.FindTable(kSchemaName, *row[0]);
    const std::string hidden = Take(row, 6);
    if (!t || hidden == "1") continue;
    Column c;
    c.name = Take(row, 1);
    c.type = DeclaredType(Take(row, 2));
    c.not_null = Nonzero(row, 3);
    if (row[4]) c.default_expr = Take(row, 4);
    c.generated = hidden == "2" || hidden == "3";
    c.span = here;
    const std::string pk = Take(row, 5);
    const long position = std::strtol(pk.c_str(), nullptr, 10);
    if (position > 0) primary_keys[t->name][static_cast<int>(position)] = c.name;
    t->columns.push_back(std::move(c));
  }
  for (auto& [name, positions] : primary_keys) {
    Table& t = schema.tables[name];
    KeyConstraint key;
    for (auto& [position, column] : positions) key.columns.push_back(column);
    // A single INTEGER PRIMARY KEY is the rowid: it can never be NULL.
    if (key.columns.size() == 1) {
      Column* c = t.FindColumn(key.columns[0]);
      if (c && c->type == "integer") c->not_null = true;
    }
    t.primary_key = std::move(key);
  }

  Result<db::QueryResult> foreign_keys = connection.Query(kForeignKeysQuery, {});
  if (!foreign_keys.ok()) return QueryFailed(foreign_keys.status(), schema.origin, "foreign keys");
  std::string last_key;
  for (Row& row : foreign_keys->rows) {
    Table* t = schema.FindTable(kSchemaName, *row[0]);
    if (!t) continue;
    const std::string key = *row[0] + "\x1f" + Take(row, 1);
    if (key != last_key || t->foreign_keys.empty()) {
      ForeignKey fk;
      fk.referenced = Name(Take(row, 2));
      fk.span = here;
      t->foreign_keys.push_back(std::move(fk));
      last_key = key;
    }
    ForeignKey& fk = t->foreign_keys.back();
    fk.columns.push_back(Take(row, 3));
    if (row[4]) fk.referenced_columns.push_back(Take(row, 4));
  }

  Result<db::QueryResult> indexes = connection.Query(kIndexesQuery, {});
  if (!indexes.ok()) return QueryFailed(indexes.status(), schema.origin, "indexes");
  std::string last_index;
  for (Row& row : indexes->rows) {
    Table* t = schema.FindTable(kSchemaName, *row[0]);
    if (!t) continue;
    std::string index_name = Take(row, 1);
    const bool unique = Nonzero(row, 2);
    const std::string origin = Take(row, 3);
    const std::string cid = Take(row, 4);
    std::string column = cid == "-2" ? "<expression>" : Take(row, 5);
    if (origin == "pk") continue;
    const bool first_key = index_name != last_index;
    last_index = index_name;
    if (origin == "u") {
      if (first_key) t->unique_keys.push_back(KeyConstraint{});
      t->unique_keys.back().columns.push_back(std::move(column));
      continue;
    }
    if (first_key) {
      Index index;
      index.name = std::move(index_name);
      index.unique = unique;
      index.predicate = TextAfterKeyword(Take(row, 6), "WHERE");
      t->indexes.push_back(std::move(index));
    }
    t->indexes.back().keys.push_back(std::move(column));
  }
  return schema;
}

}  // namespace runwarden::schema
