// Item-level extraction. Node shapes relied on (tree-sitter-rust 0.23.3,
// pinned by rust_syntax_test.cc and the goldens in testdata/contracts/shapes):
//
//   (source_file | declaration_list  items...)     attributes are the
//       attribute_item siblings right before an item, comments between
//   (struct_item name: (type_identifier) type_parameters: ...
//       body: (field_declaration_list (attribute_item)* (field_declaration
//                 name: (field_identifier) type: <type>) ...)
//           | (ordered_field_declaration_list (attribute_item)? type: <type> ...))
//   (type_item name: (type_identifier) type: <type>)
//   (mod_item name: (identifier) body: (declaration_list ...))
//   (macro_invocation macro: (identifier | scoped_identifier) (token_tree))
//
// Items are read by iterating each list with a cursor (so finding an item's
// attributes is O(1), not a backwards sibling search). Inline modules are
// followed up to a fixed depth; everything that is not an item container
// (functions, impls, traits, consts) is searched for query call sites.
#include <algorithm>
#include <cctype>

#include "base/text.h"
#include "contracts/attributes.h"
#include "contracts/extract_internal.h"

namespace runwarden::contracts {

namespace {

using internal::FileScan;

constexpr int kMaxModuleDepth = 32;

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string StripRaw(std::string_view name) {
  return std::string(name.starts_with("r#") ? name.substr(2) : name);
}

std::string JoinModule(const std::string& parent, std::string_view child) {
  return parent.empty() ? std::string(child) : parent + "::" + std::string(child);
}

RustType TypeFromText(const std::string& text) {
  auto parsed = ParseRustType(text);
  if (parsed.ok()) return std::move(parsed).value();
  RustType other;
  other.kind = RustType::Kind::kOther;
  other.text = text;
  return other;
}

// The last segment of a derive path: sqlx::FromRow -> FromRow.
std::string_view LastSegment(std::string_view path) {
  const size_t at = path.rfind("::");
  return at == std::string_view::npos ? path : path.substr(at + 2);
}

std::optional<Derive> DeriveOf(std::string_view path) {
  const std::string_view last = LastSegment(path);
  if (last == "FromRow") return Derive::kSqlxFromRow;
  if (last == "Type" && (path == "Type" || path.starts_with("sqlx::"))) return Derive::kSqlxType;
  if (last == "Queryable") return Derive::kDieselQueryable;
  if (last == "QueryableByName") return Derive::kDieselQueryableByName;
  if (last == "Selectable") return Derive::kDieselSelectable;
  if (last == "Insertable") return Derive::kDieselInsertable;
  if (last == "AsChangeset") return Derive::kDieselAsChangeset;
  return std::nullopt;
}

// #[cfg_attr(cond, derive(...), sqlx(...))] applies its inner attributes
// under a condition; runwarden reads them as if the condition held.
std::vector<Attribute> Unfold(const std::vector<Attribute>& attrs) {
  std::vector<Attribute> out;
  for (const Attribute& a : attrs) {
    if (a.path != "cfg_attr") {
      out.push_back(a);
      continue;
    }
    for (size_t i = 1; i < a.args.size(); ++i) {
      Attribute inner;
      inner.path = a.args[i].key;
      inner.args = a.args[i].nested;
      inner.value = a.args[i].value;
      inner.begin = a.args[i].begin;
      inner.end = a.args[i].end;
      out.push_back(std::move(inner));
    }
  }
  return out;
}

void ApplyStructAttributes(const std::vector<Attribute>& attrs, RustStruct& s, FileScan& scan) {
  for (const Attribute& a : Unfold(attrs)) {
    if (a.path == "derive") {
      for (const AttrArg& arg : a.args) {
        if (auto d = DeriveOf(arg.key)) s.derives.push_back(*d);
      }
    } else if (a.path == "sqlx") {
      for (const AttrArg& arg : a.args) {
        if (arg.key == "rename_all") s.rename_all = arg.value;
        if (arg.key == "default") s.sqlx_default = true;
        if (arg.key == "transparent") s.sqlx_transparent = true;
      }
    } else if (a.path == "diesel") {
      for (const AttrArg& arg : a.args) {
        if (arg.key == "table_name" && !arg.value.empty()) {
          s.diesel_table = CollapseSpaces(arg.value);
          s.diesel_table_span = scan.Span(arg.begin, arg.end);
        }
      }
    } else if (a.path == "table_name" && !a.value.empty()) {
      s.diesel_table = a.value;  // diesel 1.x: #[table_name = "users"]
      s.diesel_table_span = scan.Span(a.begin, a.end);
    }
  }
  std::sort(s.derives.begin(), s.derives.end());
  s.derives.erase(std::unique(s.derives.begin(), s.derives.end()), s.derives.end());
}

void ApplyFieldAttributes(const std::vector<Attribute>& attrs, FieldAttributes& f) {
  for (const Attribute& a : Unfold(attrs)) {
    if (a.path == "sqlx") {
      for (const AttrArg& arg : a.args) {
        if (arg.key == "rename") f.rename = arg.value;
        if (arg.key == "flatten") f.flatten = true;
        if (arg.key == "default") f.default_value = true;
        if (arg.key == "skip") f.skip = true;
        if (arg.key == "try_from") f.try_from = arg.value;
        if (arg.key == "json") {
          f.json = true;
          for (const AttrArg& n : arg.nested) f.json_nullable |= n.key == "nullable";
        }
      }
    } else if (a.path == "diesel") {
      for (const AttrArg& arg : a.args) {
        if (arg.key == "column_name" && !arg.value.empty()) f.column_name = arg.value;
        if (arg.key == "deserialize_as" && !arg.value.empty()) f.deserialize_as = arg.value;
        if (arg.key == "embed") f.embed = true;
      }
    } else if (a.path == "column_name" && !a.value.empty()) {
      f.column_name = a.value;  // diesel 1.x
    }
  }
}

RustField ReadField(SyntaxNode name, SyntaxNode type, std::string field_name,
                    const std::vector<Attribute>& attrs, FileScan& scan) {
  RustField f;
  f.name = std::move(field_name);
  f.type_text = CollapseSpaces(scan.tree.Text(type));
  f.type = TypeFromText(f.type_text);
  ApplyFieldAttributes(attrs, f.attrs);
  f.span = scan.Span(name.IsNull() ? type : name);
  return f;
}

void ReadStruct(SyntaxNode item, const std::vector<Attribute>& attrs, const std::string& module,
                FileScan& scan) {
  SyntaxNode name = item.ChildByField("name");
  if (name.IsNull()) return;
  RustStruct s;
  s.name = StripRaw(scan.tree.Text(name));
  s.crate_name = scan.file.crate_name;
  s.module = module;
  s.span = scan.Span(name);
  s.generic = !item.ChildByField("type_parameters").IsNull();
  ApplyStructAttributes(attrs, s, scan);
  SyntaxNode body = item.ChildByField("body");
  if (body.Kind() == "field_declaration_list") {
    std::vector<Attribute> pending;
    SyntaxCursor c(body);
    for (bool more = c.GotoFirstChild(); more; more = c.GotoNextSibling()) {
      SyntaxNode n = c.Node();
      const std::string_view kind = n.Kind();
      if (kind == "attribute_item") {
        pending.push_back(ReadAttribute(n, scan.tree));
      } else if (kind == "field_declaration") {
        SyntaxNode fname = n.ChildByField("name");
        SyntaxNode ftype = n.ChildByField("type");
        if (!fname.IsNull() && !ftype.IsNull()) {
          s.fields.push_back(
              ReadField(fname, ftype, StripRaw(scan.tree.Text(fname)), pending, scan));
        }
        pending.clear();
      } else if (n.IsNamed() && kind != "line_comment" && kind != "block_comment") {
        pending.clear();
      }
    }
  } else if (body.Kind() == "ordered_field_declaration_list") {
    s.tuple_struct = true;
    std::vector<Attribute> pending;
    for (uint32_t i = 0; i < body.ChildCount(); ++i) {
      SyntaxNode n = body.Child(i);
      if (n.Kind() == "attribute_item") {
        pending.push_back(ReadAttribute(n, scan.tree));
      } else if (n.IsNamed() && n.Kind() != "visibility_modifier" && n.Kind() != "line_comment" &&
                 n.Kind() != "block_comment") {
        // Every other named child is a field's type. (libtree-sitter 0.20's
        // ts_node_field_name_for_child also names the commas "type".)
        s.fields.push_back(
            ReadField(SyntaxNode(), n, std::to_string(s.fields.size()), pending, scan));
        pending.clear();
      }
    }
  }
  scan.out.structs.push_back(std::move(s));
}

void ReadTypeAlias(SyntaxNode item, const std::string& module, FileScan& scan) {
  SyntaxNode name = item.ChildByField("name");
  SyntaxNode type = item.ChildByField("type");
  if (name.IsNull() || type.IsNull() || !item.ChildByField("type_parameters").IsNull()) return;
  TypeAlias a;
  a.name = StripRaw(scan.tree.Text(name));
  a.module = module;
  a.target = TypeFromText(CollapseSpaces(scan.tree.Text(type)));
  a.span = scan.Span(name);
  scan.out.aliases.push_back(std::move(a));
}

void ReadMacroItem(SyntaxNode item, const std::string& module, FileScan& scan) {
  SyntaxNode body;
  for (uint32_t i = 0; i < item.NamedChildCount(); ++i) {
    if (item.NamedChild(i).Kind() == "token_tree") body = item.NamedChild(i);
  }
  if (body.IsNull()) return;
  if (internal::MacroName(item, scan.tree) == "table") {
    internal::ReadDieselTables(TokensOf(body, scan.tree), module, scan);
  } else {
    internal::FindQueryCalls(item, module, scan);
  }
}

// Reads the items of a source_file or declaration_list.
void ReadItems(SyntaxNode list, const std::string& module, int depth, FileScan& scan) {
  std::vector<Attribute> pending;
  SyntaxCursor c(list);
  for (bool more = c.GotoFirstChild(); more; more = c.GotoNextSibling()) {
    SyntaxNode n = c.Node();
    const std::string_view kind = n.Kind();
    if (kind == "attribute_item") {
      pending.push_back(ReadAttribute(n, scan.tree));
      continue;
    }
    if (kind == "line_comment" || kind == "block_comment" || !n.IsNamed()) continue;
    if (kind == "struct_item") {
      ReadStruct(n, pending, module, scan);
    } else if (kind == "type_item") {
      ReadTypeAlias(n, module, scan);
    } else if (kind == "mod_item") {
      SyntaxNode body = n.ChildByField("body");
      SyntaxNode name = n.ChildByField("name");
      if (!body.IsNull() && !name.IsNull() && depth < kMaxModuleDepth) {
        ReadItems(body, JoinModule(module, StripRaw(scan.tree.Text(name))), depth + 1, scan);
      } else if (!body.IsNull()) {
        internal::FindQueryCalls(body, module, scan);
      }
    } else if (kind == "macro_invocation") {
      ReadMacroItem(n, module, scan);
    } else {
      internal::FindQueryCalls(n, module, scan);
    }
    pending.clear();
  }
}

void NoteFirstSyntaxError(SyntaxNode root, FileScan& scan) {
  if (!root.HasError()) return;
  SyntaxNode found;
  Walk(root, [&](SyntaxNode n) {
    if (!found.IsNull() || !n.HasError()) return WalkAction::kSkipChildren;
    if (n.IsError() || (n.ChildCount() == 0 && n.HasError())) {
      found = n;
      return WalkAction::kSkipChildren;
    }
    return WalkAction::kDescend;
  });
  if (found.IsNull()) found = root;
  scan.out.syntax_errors.push_back(scan.Span(found.StartByte(), found.StartByte()));
  scan.out.notes.push_back(
      {scan.out.syntax_errors.back(),
       "the file has syntax errors here; structs and queries in the damaged part may be missed"});
}

}  // namespace

namespace internal {

void ReadNestedStruct(SyntaxNode struct_item, const std::string& module, FileScan& scan) {
  std::vector<Attribute> attrs;
  for (SyntaxNode s = struct_item.PrevNamedSibling(); !s.IsNull(); s = s.PrevNamedSibling()) {
    if (s.Kind() == "attribute_item") {
      attrs.insert(attrs.begin(), ReadAttribute(s, scan.tree));
    } else if (s.Kind() != "line_comment" && s.Kind() != "block_comment") {
      break;
    }
  }
  ReadStruct(struct_item, attrs, module, scan);
}

}  // namespace internal

Status ExtractRustFile(RustParser& parser, std::string text, const RustFileContext& file,
                       RustCrate& out) {
  auto source = std::make_shared<SourceText>(file.path, std::move(text));
  out.sources[file.path] = source;
  const std::string& t = source->text();
  if (auto bad = FindInvalidUtf8(t)) {
    return InvalidInput("Rust source is not valid UTF-8")
        .At(source->Span(*bad, *bad))
        .WithHint("Rust files must be UTF-8; convert the file, or exclude it with .gitignore");
  }
  if (const size_t nul = t.find('\0'); nul != std::string::npos) {
    return InvalidInput("file looks binary: it contains a NUL byte")
        .At(source->Span(nul, nul))
        .WithHint("a .rs file should be Rust source; exclude generated files with .gitignore");
  }
  RW_ASSIGN_OR_RETURN(SyntaxTree tree, parser.Parse(t, file.path));
  out.rust_files.push_back(file.path);
  FileScan scan{tree, *source, file, out};
  NoteFirstSyntaxError(tree.Root(), scan);
  ReadItems(tree.Root(), file.module, 0, scan);
  return Status::Ok();
}

}  // namespace runwarden::contracts
