#include "contracts/describe.h"

namespace runwarden::contracts {

namespace {

std::string Pos(const SourceSpan& span) {
  if (!span.valid()) return span.path;
  return span.path + ":" + std::to_string(span.begin.line) + ":" +
         std::to_string(span.begin.column);
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

void FieldAttrs(const FieldAttributes& a, std::string& out) {
  if (a.rename) out += " rename=" + Quoted(*a.rename);
  if (a.column_name) out += " column_name=" + Quoted(*a.column_name);
  if (a.try_from) out += " try_from=" + Quoted(*a.try_from);
  if (a.deserialize_as) out += " deserialize_as=" + Quoted(*a.deserialize_as);
  if (a.flatten) out += " flatten";
  if (a.default_value) out += " default";
  if (a.skip) out += " skip";
  if (a.json) out += a.json_nullable ? " json(nullable)" : " json";
  if (a.embed) out += " embed";
}

}  // namespace

std::string DescribeCrate(const RustCrate& crate) {
  std::string out;
  for (const RustStruct& s : crate.structs) {
    out += "struct " + s.QualifiedName() + " at " + Pos(s.span);
    if (!s.crate_name.empty()) out += " crate=" + s.crate_name;
    if (!s.derives.empty()) {
      out += " derives=";
      for (size_t i = 0; i < s.derives.size(); ++i) {
        out += (i ? "," : "") + std::string(DeriveName(s.derives[i]));
      }
    }
    if (s.tuple_struct) out += " tuple";
    if (s.generic) out += " generic";
    if (s.rename_all) out += " rename_all=" + Quoted(*s.rename_all);
    if (s.sqlx_default) out += " default";
    if (s.sqlx_transparent) out += " transparent";
    if (s.diesel_table) out += " table_name=" + *s.diesel_table;
    out += "\n";
    for (const RustField& f : s.fields) {
      out += "  field " + f.name + ": " + f.type_text;
      if (f.type.kind == RustType::Kind::kOther) {
        out += " (unparsed)";
      } else if (f.type.ToString() != f.type_text) {
        out += " (= " + f.type.ToString() + ")";
      }
      FieldAttrs(f.attrs, out);
      out += " at " + Pos(f.span) + "\n";
    }
  }
  for (const TypeAlias& a : crate.aliases) {
    out += "alias " + (a.module.empty() ? a.name : a.module + "::" + a.name) + " = " +
           a.target.ToString() + " at " + Pos(a.span) + "\n";
  }
  for (const DieselTable& t : crate.diesel_tables) {
    out += "table! " + (t.schema.empty() ? "" : t.schema + ".") + t.name;
    if (t.name != t.rust_name) out += " (rust " + t.rust_name + ")";
    out += " pk=(";
    for (size_t i = 0; i < t.primary_key.size(); ++i) out += (i ? "," : "") + t.primary_key[i];
    out += ") at " + Pos(t.span) + "\n";
    for (const DieselColumn& c : t.columns) {
      out += "  column " + c.name;
      if (c.name != c.rust_name) out += " (rust " + c.rust_name + ")";
      out += " -> " + c.sql_type_text;
      if (c.sql_type.kind == RustType::Kind::kOther) out += " (unparsed)";
      out += " at " + Pos(c.span) + "\n";
    }
  }
  for (const QueryCall& q : crate.queries) {
    out += "query " + std::string(QueryCallKindName(q.kind));
    if (!q.target.empty()) out += " -> " + q.target;
    out += " at " + Pos(q.span);
    if (q.sql) {
      out += " sql at " + Pos(q.sql_span) + " " + Quoted(q.sql->value());
    } else {
      out += " (no literal SQL)";
    }
    out += "\n";
  }
  for (const OfflineQuery& q : crate.offline_queries) {
    out += "offline " + q.path + " " + q.db_name + " " + Quoted(q.query) + "\n";
    for (const OfflineColumn& c : q.columns) {
      out += "  column " + c.name + " " + c.type_info +
             " nullable=" + (c.nullable ? (*c.nullable ? "true" : "false") : "unknown") + "\n";
    }
  }
  for (const DialectHint& h : crate.dialect_hints) {
    out += "dialect " + std::string(DialectName(h.dialect)) + " from " + h.evidence + "\n";
  }
  for (const SourceNote& n : crate.notes) out += "note " + Pos(n.span) + ": " + n.message + "\n";
  return out;
}

}  // namespace runwarden::contracts
