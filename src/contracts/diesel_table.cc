// diesel's table! macro, read from its token tree (tree-sitter does not
// parse macro bodies). The body holds optional `use` lines, then tables:
//
//   table! {
//       use diesel::sql_types::*;
//       #[sql_name = "real_name"]
//       myschema.users (id) {
//           id -> Int8,
//           #[sql_name = "type"]
//           kind -> Nullable<Text>,
//       }
//   }
//
// A missing primary key list means `id`. Column types are kept as written
// and also parsed as Rust type syntax (Nullable<Int8> is a generic path).
#include <cctype>

#include "contracts/attributes.h"
#include "contracts/extract_internal.h"

namespace runwarden::contracts::internal {

namespace {

// The value of #[sql_name = "..."] among attribute groups, or "".
std::string SqlName(const std::vector<const Token*>& attr_groups) {
  for (const Token* g : attr_groups) {
    const auto args = ReadAttrArgs(g->children);
    for (const AttrArg& a : args) {
      if (a.key == "sql_name" && a.value_is_string) return a.value;
    }
  }
  return "";
}

// Collects `# [ ... ]` attribute groups starting at tokens[i].
size_t ReadAttrGroups(const std::vector<Token>& tokens, size_t i,
                      std::vector<const Token*>& groups) {
  while (i + 1 < tokens.size() && tokens[i].IsPunct("#") &&
         tokens[i + 1].kind == Token::Kind::kGroup && tokens[i + 1].text == "[") {
    groups.push_back(&tokens[i + 1]);
    i += 2;
  }
  return i;
}

void ReadColumns(const std::vector<Token>& tokens, DieselTable& table, FileScan& scan) {
  size_t i = 0;
  while (i < tokens.size()) {
    std::vector<const Token*> attrs;
    i = ReadAttrGroups(tokens, i, attrs);
    if (i >= tokens.size()) break;
    if (tokens[i].kind != Token::Kind::kIdent || i + 1 >= tokens.size() ||
        !tokens[i + 1].IsPunct("->")) {
      ++i;  // not a column: skip a token and resynchronise
      continue;
    }
    DieselColumn col;
    col.rust_name = tokens[i].text;
    col.span = scan.Span(tokens[i]);
    const std::string sql_name = SqlName(attrs);
    col.name = sql_name.empty() ? col.rust_name : sql_name;
    i += 2;
    const size_t type_begin = i;
    int angle = 0;
    for (; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      if (t.IsPunct("<")) ++angle;
      if (t.IsPunct(">")) --angle;
      if (t.IsPunct(">>")) angle -= 2;
      if (t.IsPunct(",") && angle <= 0) break;
    }
    col.sql_type_text = JoinTokens(tokens, type_begin, i);
    auto parsed = ParseRustType(col.sql_type_text);
    if (parsed.ok()) {
      col.sql_type = std::move(parsed).value();
    } else {
      col.sql_type.kind = RustType::Kind::kOther;
      col.sql_type.text = col.sql_type_text;
    }
    if (i < tokens.size()) ++i;  // ','
    table.columns.push_back(std::move(col));
  }
}

}  // namespace

void ReadDieselTables(const std::vector<Token>& body, const std::string& module, FileScan& scan) {
  size_t i = 0;
  while (i < body.size()) {
    if (body[i].IsIdent("use")) {
      while (i < body.size() && !body[i].IsPunct(";")) ++i;
      ++i;
      continue;
    }
    std::vector<const Token*> attrs;
    i = ReadAttrGroups(body, i, attrs);
    if (i >= body.size()) break;
    if (body[i].kind != Token::Kind::kIdent) {
      ++i;
      continue;
    }
    DieselTable table;
    table.module = module;
    size_t name_at = i;
    if (i + 2 < body.size() && body[i + 1].IsPunct(".") &&
        body[i + 2].kind == Token::Kind::kIdent) {
      table.schema = body[i].text;
      name_at = i + 2;
    }
    table.rust_name = body[name_at].text;
    table.span = scan.Span(body[name_at]);
    const std::string sql_name = SqlName(attrs);
    table.name = sql_name.empty() ? table.rust_name : sql_name;
    i = name_at + 1;
    if (i < body.size() && body[i].kind == Token::Kind::kGroup && body[i].text == "(") {
      for (const auto& piece : SplitAtCommas(body[i].children)) {
        table.primary_key.push_back(JoinTokens(piece));
      }
      ++i;
    } else {
      table.primary_key.push_back("id");
    }
    if (i < body.size() && body[i].kind == Token::Kind::kGroup && body[i].text == "{") {
      ReadColumns(body[i].children, table, scan);
      ++i;
      scan.out.diesel_tables.push_back(std::move(table));
    }
  }
}

}  // namespace runwarden::contracts::internal
